package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newshound/newshound/rules"
)

// writeFiles writes files (name -> content, names relative to dir) and
// returns dir.
func writeFiles(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const banksFile = `# Banks, some of whose names are ordinary words.
banks:
  - Wells Fargo
  - "Citi*"
  - name: Chase
    ordinary_word: true
    aliases: ["JPMorgan Chase", "Chase Bank"]
  - name: Square
    ordinary_word: true
    aliases: ["Square Inc", "Block Inc"]
  - name: Marcus
    ordinary_word: true
    aliases: ["Marcus by Goldman Sachs"]
  - name: Revolut
    aliases: [Revolut's]
`

func TestListFiles(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(t.TempDir(), "meta.yaml")
	writeFiles(t, filepath.Dir(other), map[string]string{"meta.yaml": "meta: [facebook, {name: Instagram}]\n"})
	writeFiles(t, dir, map[string]string{
		"lists/banks.yaml": banksFile,
		"conf/config.yaml": "lists:\n  data: [data, records]\n" +
			"lists_files:\n  - ../lists/banks.yaml\n  - " + other + "\n" +
			"rules:\n  - name: banks\n    query: '@banks'\n  - name: meta\n    query: '@meta AND @data'\n",
	})
	// Relative list files resolve against the configuration's folder,
	// not the working directory.
	t.Chdir(t.TempDir())
	path := filepath.Join(dir, "conf", "config.yaml")
	cfg, err := Load(path)
	if err != nil {
		t.Fatalf("Load(%q) error = %v, want none", path, err)
	}
	want := map[string][]string{
		"data":  {"data", "records"},
		"banks": {"Wells Fargo", "Citi*", "JPMorgan Chase", "Chase Bank", "Square Inc", "Block Inc", "Marcus by Goldman Sachs", "Revolut", "Revolut's"},
		"meta":  {"facebook", "Instagram"},
	}
	for name, terms := range want {
		if got := cfg.Lists[name]; !slices.Equal(got, terms) {
			t.Errorf("Load(%q): Lists[%q] = %q, want %q", path, name, got, terms)
		}
	}
	if len(cfg.Lists) != len(want) {
		t.Errorf("Load(%q): %d lists, want %d: %v", path, len(cfg.Lists), len(want), cfg.Lists)
	}

	set, err := rules.Compile(cfg.RuleDefinitions(), cfg.Lists)
	if err != nil {
		t.Fatalf("rules.Compile(lists from files) error = %v", err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"JPMorgan Chase said on Monday", true},
		{"a Chase Bank branch", true},
		{"police gave chase", false},
		{"Chase said on Monday", false},
		{"Square Inc reported", true},
		{"crowds in Times Square", false},
		{"Marcus by Goldman Sachs raised rates", true},
		{"David Marcus, who ran Libra", false},
		{"Wells Fargo settled", true},
		{"wells and a fargo", false},
		{"Citigroup said", true},
		{"Revolut's app", true},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			hits := set.Match(&rules.Doc{Text: tt.text})
			got := slices.ContainsFunc(hits, func(h rules.Hit) bool { return h.Rule == "banks" })
			if got != tt.want {
				t.Errorf("@banks matches %q = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestListFileErrors(t *testing.T) {
	const rule = "rules:\n  - {name: r, query: '@banks'}\n"
	tests := []struct {
		name   string
		config string            // lists_files and lists, before rule
		files  map[string]string // in the configuration's folder
		want   []string          // substrings of the error; DIR is the folder
	}{
		{"missing file", "lists_files: [lists/nope.yaml]\n", nil,
			[]string{"config.yaml:1: lists_files[1]: DIR/lists/nope.yaml does not exist"}},
		{"unknown key in an entry", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks:\n  - name: Chase\n    alias: [\"Chase Bank\"]\n"},
			[]string{"lists_files[1]: banks.yaml:3: unknown key \"alias\" in a list entry", `did you mean "aliases"?`}},
		{"ordinary word without aliases", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks:\n  - name: Chase\n    ordinary_word: true\n"},
			[]string{`lists_files[1]: banks.yaml:2: list banks entry "Chase" is an ordinary word with no aliases`}},
		{"entry without a name", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks:\n  - Wells Fargo\n  - aliases: [Citi]\n"},
			[]string{"lists_files[1]: banks.yaml:3: list banks entry 2 has no name: add name: to it"}},
		{"not a mapping of lists", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "- Chase\n- Citi\n"},
			[]string{"lists_files[1]: banks.yaml:", "a list file maps list names to entries"}},
		{"a list that is not a list", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks: Chase\n"},
			[]string{"lists_files[1]: banks.yaml:1:", "a list file maps list names to entries"}},
		{"an entry that is a list", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks:\n  - [Chase, Citi]\n"},
			[]string{"lists_files[1]: banks.yaml:2: a list is given where a mapping was expected"}},
		{"aliases not a list", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks:\n  - name: Chase\n    aliases: 3\n"},
			[]string{"lists_files[1]: banks.yaml:3: \"3\" is a number where a list was expected"}},
		{"every problem, in list order", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "zeta:\n  - aliases: [x]\nalpha:\n  - {name: Chase, ordinary_word: true}\n"},
			[]string{"lists_files[1]: banks.yaml:4: list alpha entry \"Chase\" is an ordinary word with no aliases, so it can never match: give phrases as aliases\nconfig.yaml:1: lists_files[1]: banks.yaml:2: list zeta entry 1 has no name"}},
		{"YAML syntax", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks: [Chase\n"},
			[]string{"lists_files[1]: banks.yaml:"}},
		{"defined in lists: and a file", "lists:\n  banks: [bank]\nlists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks: [Chase Bank]\n"},
			[]string{`lists_files[1]: banks.yaml defines list "banks", already defined in lists:`}},
		{"defined in two files", "lists_files: [a.yaml, b.yaml]\n",
			map[string]string{"a.yaml": "banks: [Chase Bank]\n", "b.yaml": "banks: [Citi]\n"},
			[]string{`lists_files[2]: b.yaml defines list "banks", already defined in a.yaml`}},
		{"a bad entry reaches the rules", "lists_files: [banks.yaml]\n",
			map[string]string{"banks.yaml": "banks: [\"***\"]\n"},
			[]string{`list "banks": entry 1: "***" has a * that is not at the end of a word`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, t.TempDir(), tt.files)
			file := filepath.Join(dir, "config.yaml")
			data := tt.config + rule
			_, err := Parse([]byte(data), file)
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want one containing %q", data, tt.want)
			}
			checkSentences(t, []byte(data), err)
			if strings.Contains(err.Error(), "plain") || strings.Contains(err.Error(), "ListEntry") {
				t.Errorf("Parse(%q) error = %q, shows a Go type", data, err)
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "DIR", dir); !strings.Contains(err.Error(), w) {
					t.Errorf("Parse(%q) error = %q, want it to contain %q", data, err, w)
				}
			}
		})
	}
}

func TestListFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("lists_files: [/dev/null, sub]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Load(cfg)
	if err == nil || strings.Count(err.Error(), "is not a regular file") != 2 {
		t.Errorf("Load with a device and a folder as list files = %v, want two 'is not a regular file' errors", err)
	}
}
