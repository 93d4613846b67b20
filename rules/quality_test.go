package rules

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// shippedRule is the rule whose quality the labeled set measures.
const shippedRule = "bank-facebook-data-sharing"

// loadShipped reads the rules and lists of ../config.yaml.
func loadShipped(t *testing.T) *Set {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "config.yaml"))
	if err != nil {
		t.Fatalf("read config: %v", err)
	}
	var cfg struct {
		Lists map[string][]string `yaml:"lists"`
		Rules []struct {
			Name      string   `yaml:"name"`
			Query     string   `yaml:"query"`
			MinScore  float64  `yaml:"min_score"`
			Tags      []string `yaml:"tags"`
			Stem      bool     `yaml:"stem"`
			Prefilter string   `yaml:"prefilter"`
		} `yaml:"rules"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatalf("parse config: %v", err)
	}
	var defs []Definition
	for _, r := range cfg.Rules {
		defs = append(defs, Definition{Name: r.Name, Query: r.Query, MinScore: r.MinScore, Tags: r.Tags, Stem: r.Stem, Prefilter: r.Prefilter})
	}
	for _, w := range Lint(defs, cfg.Lists) {
		t.Errorf("config lint: %s", w)
	}
	s, err := Compile(defs, cfg.Lists)
	if err != nil {
		t.Fatalf("compile config rules: %v", err)
	}
	return s
}

// labeled is one story of testdata/labeled.txt.
type labeled struct {
	pos  bool
	kind string
	id   string
	doc  Doc
}

func loadLabeled(t *testing.T) []labeled {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "labeled.txt"))
	if err != nil {
		t.Fatalf("open labeled set: %v", err)
	}
	defer f.Close()
	var out []labeled
	var body []string
	flush := func() {
		if len(out) > 0 && len(body) > 0 {
			out[len(out)-1].doc = Doc{Title: body[0], Text: strings.TrimSpace(strings.Join(body[1:], "\n"))}
		}
		body = nil
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "### "):
			flush()
			fields := strings.Fields(line)
			if len(fields) != 3 {
				t.Fatalf("bad record header %q", line)
			}
			kind := strings.TrimSuffix(strings.TrimRight(fields[2], "0123456789"), "-")
			out = append(out, labeled{pos: fields[1] == "pos", kind: kind, id: fields[2]})
		case strings.HasPrefix(line, "#") && len(out) == 0:
		case len(out) > 0 && (line != "" || len(body) > 0):
			body = append(body, line)
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatalf("read labeled set: %v", err)
	}
	return out
}

func flags(s *Set, d *Doc, rule string) bool {
	for _, h := range s.Match(d) {
		if h.Rule == rule {
			return true
		}
	}
	return false
}

func TestShippedRuleLabeledSet(t *testing.T) {
	s := loadShipped(t)
	set := loadLabeled(t)
	if len(set) < 40 {
		t.Fatalf("labeled set has %d stories, want at least 40", len(set))
	}
	var tp, fp, fn, tn int
	wrong := map[string]int{}
	for _, l := range set {
		got := flags(s, &l.doc, shippedRule)
		if got != l.pos {
			wrong[l.kind]++
		}
		switch {
		case got && l.pos:
			tp++
		case got:
			fp++
		case l.pos:
			fn++
		default:
			tn++
		}
		t.Run(l.id, func(t *testing.T) {
			if got != l.pos {
				t.Errorf("%s flags %q = %v, want %v", shippedRule, l.doc.Title, got, l.pos)
			}
		})
	}
	precision := float64(tp) / float64(max(1, tp+fp))
	recall := float64(tp) / float64(max(1, tp+fn))
	t.Logf("%s on %d labeled stories: precision %.3f (%d/%d), recall %.3f (%d/%d), true negatives %d",
		shippedRule, len(set), precision, tp, tp+fp, recall, tp, tp+fn, tn)
	if len(wrong) > 0 {
		t.Logf("wrong by kind: %v", wrong)
	}
}

func TestShippedRuleSeedStory(t *testing.T) {
	dir := os.Getenv("NEWSHOUND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	path := filepath.Join(dir, "seed", "facebook-banks-messenger.txt")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed story not found at %s (set NEWSHOUND_DATA): %v", path, err)
	}
	title, text, _ := strings.Cut(string(b), "\n")
	s := loadShipped(t)
	for _, h := range s.Match(&Doc{Title: title, Text: text}) {
		if h.Rule == shippedRule {
			for _, m := range h.Matches {
				t.Logf("%s %q: %s", m.Field, m.Term, Mark(m, "[[", "]]"))
			}
			return
		}
	}
	t.Errorf("%s does not flag the seed story %s", shippedRule, path)
}
