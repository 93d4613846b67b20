// Package golden keeps a test's output in a JSON file beside the test
// (testdata/golden/NAME.golden.json) and compares every later run with it,
// as gofeed's NAME.xml + NAME.json pairs do; `go test -run Golden -update`
// in the package's directory rewrites the files from the current output
// (from elsewhere, name the package first: `go test ./crawler -run Golden
// -update`, as go test takes the word after a flag it does not know for
// that flag's value). It also finds the shared
// real-world data (NEWSHOUND_DATA) such tests read their inputs from:
// the inputs are never copied into the repository, only the goldens are.
//
// It is for tests only.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/testkit/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files (testdata/golden/*.golden.json) with this run's output")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Check marshals got as indented JSON and compares it with the file at
// path; a difference fails the test with a line diff (- golden, + got).
// With -update the file is written instead (its directory created). A
// missing file fails the test and says how to create it.
func Check(t testing.TB, path string, got any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <, > and & readable in the diff
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatalf("golden: marshal output for %s: %v", path, err)
	}
	b := buf.Bytes()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatalf("golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Fatalf("golden file %s is missing: run go test -run %s -update to create it", path, t.Name())
	}
	if err != nil {
		t.Fatalf("golden: %v", err)
	}
	if !bytes.Equal(want, b) {
		t.Errorf("output differs from %s (- golden, + got; go test -run Golden -update rewrites it if the change is intended):\n%s",
			path, Diff(string(want), string(b)))
	}
}

// diffContext is how many unchanged lines Diff shows around a change.
const diffContext = 2

// Diff returns a line diff of want and got: changed lines prefixed with
// "-" (only in want) or "+" (only in got), with a few unchanged lines
// around each change and "@@ line N" before each group. It is a longest
// common subsequence over lines, fine for files of a few thousand lines.
func Diff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// lcs[i][j] is the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte // ' ', '-' or '+'
		text string
		at   int // line number in want (1-based) for ' ' and '-'
	}
	var lines []line
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			lines = append(lines, line{' ', a[i], i + 1})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			lines = append(lines, line{'-', a[i], i + 1})
			i++
		default:
			lines = append(lines, line{'+', b[j], i + 1})
			j++
		}
	}
	show := make([]bool, len(lines))
	for k, l := range lines {
		if l.op != ' ' {
			for n := max(k-diffContext, 0); n <= min(k+diffContext, len(lines)-1); n++ {
				show[n] = true
			}
		}
	}
	var out strings.Builder
	for k, l := range lines {
		if !show[k] {
			continue
		}
		if k == 0 || !show[k-1] {
			fmt.Fprintf(&out, "@@ line %d\n", l.at)
		}
		out.WriteString(string(l.op) + " " + l.text + "\n")
	}
	return out.String()
}

// DataDir returns the shared real-world data folder named by
// NEWSHOUND_DATA (a relative one read as seeds.DataDir does), joined with elem. When the variable is unset the test
// is skipped with one line naming it, unless CI is true, where the data
// must be present and the test fails instead.
func DataDir(t testing.TB, elem ...string) string {
	t.Helper()
	if os.Getenv("NEWSHOUND_DATA") == "" {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatal("NEWSHOUND_DATA is not set, and CI is: set it to the shared data folder (.ci/run does)")
		}
		t.Skip("skipping: set NEWSHOUND_DATA to the shared data folder to run the golden tests on real files")
	}
	return filepath.Join(append([]string{seeds.DataDir()}, elem...)...)
}
