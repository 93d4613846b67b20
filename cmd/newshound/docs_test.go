package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// docFiles are the documents whose commands TestDocsNameRealCommands
// checks, relative to this package.
func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"../../README.md", "../../BENCHMARKS.md"}
	more, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(more) == 0 {
		t.Fatal("no docs/*.md found beside README.md")
	}
	return append(files, more...)
}

// TestDocsNameRealCommands: every `newshound COMMAND [SUBCOMMAND] ...
// --flag` written in a code span or a code block of README.md,
// BENCHMARKS.md and docs/*.md names a command of the CLI and flags that
// command takes, and docs/cli.md gives every command, so that the docs
// cannot drift from the CLI.
func TestDocsNameRealCommands(t *testing.T) {
	root := newRootCommand(io.Discard, io.Discard)
	seen := 0
	for _, file := range docFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(file, "../../")
		for _, inv := range docInvocations(string(data)) {
			seen++
			for _, p := range checkInvocation(root, inv.words) {
				t.Errorf("%s:%d: %s", name, inv.line, p)
			}
		}
	}
	// And the other way: docs/cli.md gives every command of the tree.
	data, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, inv := range docInvocations(string(data)) {
		path := "newshound"
		for _, w := range inv.words {
			if !commandWord.MatchString(w) {
				break
			}
			path += " " + w
			documented[path] = true
		}
	}
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		for _, sub := range cmd.Commands() {
			if !sub.IsAvailableCommand() || sub.Name() == "help" {
				continue
			}
			if !documented[sub.CommandPath()] {
				t.Errorf("docs/cli.md does not give the command %q", sub.CommandPath())
			}
			walk(sub)
		}
	}
	walk(root)
	// The docs name about a hundred commands: far fewer means the scan
	// no longer finds them.
	if seen < 60 {
		t.Errorf("found %d newshound commands in the docs, want at least 60: the scan is broken", seen)
	}
}

// TestDocsCheckFindsUnknownNames: the scan reports an unknown command, an
// unknown subcommand and a flag of another command, at their lines, in a
// code span, a table cell and a code block, and accepts what exists.
func TestDocsCheckFindsUnknownNames(t *testing.T) {
	doc := "# Doc\n" +
		"Run `newshound feeds list --json` and `newshound export --no-cluster`.\n" + // 2: fine
		"| `newshound frobnicate --all` | a command that does not exist |\n" + // 3
		"```sh\n" +
		"newshound feeds list --name x   # list has no --name\n" + // 5
		"go run ./cmd/newshound rules test --rule r \\\n" + // 6: continued
		"  --corpus DIR --splitt tune\n" +
		"docker build -t newshound --build-arg V=1 .\n" + // 8: not an invocation
		"```\n" +
		"See `newshound db chek FILE` and `newshound label S --rule r --clear`.\n" // 10
	var got []string
	root := newRootCommand(io.Discard, io.Discard)
	for _, inv := range docInvocations(doc) {
		for _, p := range checkInvocation(root, inv.words) {
			got = append(got, fmt.Sprintf("%d: %s", inv.line, p))
		}
	}
	want := []string{
		`3: unknown command "newshound frobnicate"`,
		`5: newshound feeds list has no flag --name`,
		`6: newshound rules test has no flag --splitt`,
		`10: unknown command "newshound db chek"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// invocation is one `newshound ...` command line found in a document: the
// words after "newshound", and the line it starts on.
type invocation struct {
	line  int
	words []string
}

var (
	codeSpan = regexp.MustCompile("`+([^`]+)`+")
	fence    = regexp.MustCompile("^\\s*(```|~~~)")
)

// docInvocations finds the newshound commands in a Markdown document: in
// fenced and indented code blocks (a line ending in a backslash continues
// on the next) and in code spans of the other lines, table cells included.
func docInvocations(doc string) []invocation {
	var out []invocation
	lines := strings.Split(doc, "\n")
	inFence, inIndented := false, false
	for i := 0; i < len(lines); i++ {
		line, start := lines[i], i+1
		switch {
		case fence.MatchString(line):
			inFence = !inFence
			continue
		case inFence, isIndentedCode(lines, i, inIndented):
			inIndented = !inFence
			for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
				i++
				line = strings.TrimSuffix(line, "\\") + " " + lines[i]
			}
			out = append(out, segmentInvocations(line, start)...)
			continue
		}
		inIndented = false
		for _, m := range codeSpan.FindAllStringSubmatch(line, -1) {
			out = append(out, segmentInvocations(strings.ReplaceAll(m[1], `\|`, "|"), start)...)
		}
	}
	return out
}

// isIndentedCode reports whether lines[i] is in an indented code block: four
// spaces or a tab in, after a blank line or another such line.
func isIndentedCode(lines []string, i int, continuing bool) bool {
	l := lines[i]
	if !strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "\t") || strings.TrimSpace(l) == "" {
		return false
	}
	return continuing || i == 0 || strings.TrimSpace(lines[i-1]) == ""
}

// segmentInvocations returns the invocations in one shell line or code
// span: each word "newshound" or ".../newshound" and the words after it,
// up to a shell operator or a comment (a word starting with #). An invocation with no command
// (docker build -t newshound --build-arg ...) counts only when newshound
// is what the line runs (after sudo and VAR=value).
func segmentInvocations(seg string, line int) []invocation {
	var out []invocation
	words := strings.Fields(seg)
	for i, w := range words {
		if strings.HasPrefix(w, "#") { // a shell comment: prose from here on
			words = words[:i]
			break
		}
	}
	for i, w := range words {
		if w != "newshound" && !strings.HasSuffix(w, "/newshound") {
			continue
		}
		var rest []string
		depth := 0
	scan:
		for _, r := range words[i+1:] {
			switch {
			case r == "&&", r == "||", r == ";", r == ">", r == ">>", r == "<", r == "2>&1":
				break scan
			case r == "|" && depth <= 0:
				break scan
			}
			depth += strings.Count(r, "(") + strings.Count(r, "[") - strings.Count(r, ")") - strings.Count(r, "]")
			rest = append(rest, r)
		}
		runs := true
		for _, before := range words[:i] {
			if before != "sudo" && !strings.Contains(before, "=") {
				runs = false
			}
		}
		if len(rest) > 0 && (runs || commandWord.MatchString(rest[0])) {
			out = append(out, invocation{line: line, words: rest})
		}
	}
	return out
}

var (
	commandWord = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	flagName    = regexp.MustCompile(`^--([A-Za-z0-9][A-Za-z0-9-]*)`)
)

// checkInvocation walks words down the command tree from root and returns
// a sentence for an unknown command or subcommand and for each flag that
// the command found does not take.
func checkInvocation(root *cobra.Command, words []string) []string {
	cmd, path := root, "newshound"
	i := 0
	for ; i < len(words) && commandWord.MatchString(words[i]) && cmd.HasSubCommands(); i++ {
		sub := subcommand(cmd, words[i])
		if sub == nil {
			return []string{fmt.Sprintf("unknown command %q", path+" "+words[i])}
		}
		cmd, path = sub, path+" "+sub.Name()
	}
	cmd.InitDefaultHelpFlag()
	cmd.InitDefaultVersionFlag()
	var problems []string
	for _, w := range words[i:] {
		for _, piece := range strings.Split(w, "|") {
			m := flagName.FindStringSubmatch(strings.TrimLeft(piece, "(["))
			if m == nil {
				continue
			}
			if cmd.Flags().Lookup(m[1]) == nil && cmd.InheritedFlags().Lookup(m[1]) == nil {
				problems = append(problems, fmt.Sprintf("%s has no flag --%s", path, m[1]))
			}
		}
	}
	return problems
}

// subcommand returns cmd's subcommand called name (or aliased so), or nil.
func subcommand(cmd *cobra.Command, name string) *cobra.Command {
	for _, s := range cmd.Commands() {
		if s.Name() == name || s.HasAlias(name) {
			return s
		}
	}
	return nil
}

// TestDocsLinksResolve: every relative link of README.md, BENCHMARKS.md
// and docs/*.md leads to a file of the repository, and a #fragment to a
// heading of that file, so that moving a section cannot leave a dead link.
func TestDocsLinksResolve(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, file := range docFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(file, "../../")
		for n, line := range strings.Split(string(data), "\n") {
			for _, m := range link.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				path, frag, _ := strings.Cut(target, "#")
				dest := file
				if path != "" {
					dest = filepath.Join(filepath.Dir(file), path)
				}
				body, err := os.ReadFile(dest)
				if err != nil {
					t.Errorf("%s:%d: link %s: %v", name, n+1, target, err)
					continue
				}
				if frag != "" && !slices.Contains(headingAnchors(string(body)), frag) {
					t.Errorf("%s:%d: link %s: %s has no heading with the anchor #%s", name, n+1, target, path, frag)
				}
			}
		}
	}
}

// headingAnchors returns the anchors GitHub gives the headings of a
// Markdown document: lower case, punctuation dropped, spaces as hyphens,
// a repeated one numbered.
func headingAnchors(doc string) []string {
	var out []string
	count := map[string]int{}
	inFence := false
	for _, line := range strings.Split(doc, "\n") {
		if fence.MatchString(line) {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(line, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(text) {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := count[a]; n > 0 {
			out = append(out, fmt.Sprintf("%s-%d", a, n))
		} else {
			out = append(out, a)
		}
		count[a]++
	}
	return out
}

// TestConfigurationReferenceHasEveryKey: every key of config.Config has a
// row in docs/configuration.md (a table row whose first cell names it) and
// every top-level section a heading, so that a new key cannot go
// undocumented.
func TestConfigurationReferenceHasEveryKey(t *testing.T) {
	data, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	var firstCells, headings []string
	for _, line := range strings.Split(doc, "\n") {
		if cells := strings.Split(line, "|"); strings.HasPrefix(line, "| ") && len(cells) > 2 {
			firstCells = append(firstCells, cells[1])
		}
		if strings.HasPrefix(line, "## ") {
			headings = append(headings, line)
		}
	}
	unmarshaler := reflect.TypeFor[yaml.Unmarshaler]()
	var walk func(prefix string, typ reflect.Type, top bool)
	walk = func(prefix string, typ reflect.Type, top bool) {
		for f := range typ.Fields() {
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if key == "" || key == "-" || !f.IsExported() {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			full := strings.TrimPrefix(prefix+"."+key, ".")
			if top && !slices.ContainsFunc(headings, func(h string) bool { return strings.Contains(h, "`"+key+"`") }) {
				t.Errorf("docs/configuration.md has no heading for the section %q", key)
			}
			if ft.Kind() == reflect.Struct && !reflect.PointerTo(ft).Implements(unmarshaler) {
				walk(full, ft, false)
				continue
			}
			if top {
				continue // lists, lists_files: the heading is their entry
			}
			word := regexp.MustCompile(`\b` + regexp.QuoteMeta(key) + `\b`)
			if !slices.ContainsFunc(firstCells, word.MatchString) {
				t.Errorf("docs/configuration.md has no row for the key %s", full)
			}
		}
	}
	walk("", reflect.TypeFor[config.Config](), true)
}

// TestRoutesDocumented: every route of the daemon's table is in
// docs/api.md, with its access, and docs/api.md names no route the daemon
// does not serve, so the reference cannot drift from Routes.
func TestRoutesDocumented(t *testing.T) {
	data, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	// A route of the doc is a table row starting with `METHOD /path` (a
	// row may name two: `GET /login`, `POST /login`); its second cell is
	// the token it needs.
	row := regexp.MustCompile("^\\| (`(GET|POST|PUT|DELETE) [^`]+`(, `(GET|POST|PUT|DELETE) [^`]+`)*) \\| ([^|]+) \\|")
	span := regexp.MustCompile("`(GET|POST|PUT|DELETE) ([^`?]+)[^`]*`")
	documented := map[string]string{} // normalized "METHOD /path" -> access cell
	for _, line := range strings.Split(string(data), "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, s := range span.FindAllStringSubmatch(m[1], -1) {
			documented[s[1]+" "+normalizeRoute(s[2])] = strings.TrimSpace(m[5])
		}
	}
	access := map[api.Access]string{api.Public: "none", api.Bearer: "bearer", api.Feed: "feed", api.Page: "page", api.Form: "form"}
	served := map[string]bool{}
	for _, r := range (&api.Server{}).Routes() {
		key := r.Method + " " + normalizeRoute(r.Pattern)
		served[key] = true
		got, ok := documented[key]
		switch {
		case !ok:
			t.Errorf("route %s %s is not in docs/api.md's tables", r.Method, r.Pattern)
		case key == "GET /healthz":
			if got != "never" {
				t.Errorf("docs/api.md gives /healthz the access %q, want never", got)
			}
		case !strings.HasPrefix(got, access[r.Access]):
			t.Errorf("docs/api.md gives %s %s the access %q, want %q", r.Method, r.Pattern, got, access[r.Access])
		}
	}
	for key := range documented {
		if !served[key] {
			t.Errorf("docs/api.md documents %s, which the daemon does not serve", key)
		}
	}
	if len(served) < 20 || documented["GET /api/v1/stories"] == "" {
		t.Errorf("found %d routes, %d documented: the scan is broken", len(served), len(documented))
	}
}

// normalizeRoute writes every path variable as {} (the doc and the
// table name them differently: {id}, {ref}) and the root page /{$} as /.
func normalizeRoute(p string) string {
	p = strings.ReplaceAll(p, "{$}", "")
	p = regexp.MustCompile(`\{[^}]*\}(\.atom)?`).ReplaceAllString(p, "{}")
	if p == "" {
		p = "/"
	}
	return p
}
