package eval

import (
	"math"
	"strings"
	"testing"
)

func TestShingleScore(t *testing.T) {
	tests := []struct {
		name, truth, pred string
		wantP, wantR      float64
	}{
		{"identical", "one two three four five", "one two three four five", 1, 1},
		{"both empty", "", "", 1, 1},
		{"empty prediction", "one two three four five", "", 0, 0},
		{"punctuation and soft hyphen ignored", "one two three four five", "one, two\u00ad; three four -- five", 1, 1},
		{"extra text", "a b c d e", "a b c d e f g", 2.0 / 4, 1},
		{"missing text", "a b c d e f g", "a b c d e", 1, 2.0 / 4},
		{"short texts are one shingle", "a b", "a b", 1, 1},
		{"case kept", "Alpha beta gamma delta", "alpha beta gamma delta", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, r := shingleScore(tt.truth, tt.pred)
			if math.Abs(p-tt.wantP) > 1e-9 || math.Abs(r-tt.wantR) > 1e-9 {
				t.Errorf("shingleScore(%q, %q) = %.3f, %.3f; want %.3f, %.3f", tt.truth, tt.pred, p, r, tt.wantP, tt.wantR)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	sorted := make([]float64, 100)
	for i := range sorted {
		sorted[i] = float64(i + 1)
	}
	if got := percentile(sorted, 0.5); got != 50 {
		t.Errorf("percentile(1..100, 0.5) = %v, want 50", got)
	}
	if got := percentile(sorted, 0.99); got != 99 {
		t.Errorf("percentile(1..100, 0.99) = %v, want 99", got)
	}
}

func TestDateSourcesLine(t *testing.T) {
	d := DateSources{}
	for _, p := range []struct {
		source string
		exact  bool
	}{{"metadata", true}, {"heading", false}, {"metadata", true}, {"", false}, {"metadata", false}, {"heading", true}} {
		d.add(p.source, p.exact)
	}
	if got, want := d.line(), "metadata 2/3  heading 1/2  none 0/1"; got != want {
		t.Errorf("line() = %q, want %q", got, want)
	}
}

func TestHTMLText(t *testing.T) {
	got := htmlText(`<div><p>Bank <b>shares</b> data</p><script>x()</script><ul><li>One</li><li>Two</li></ul></div>`)
	if want := "Bank shares data\n\nOne\n\nTwo"; collapseBlank(got) != want {
		t.Errorf("htmlText = %q, want %q", got, want)
	}
}

// collapseBlank turns runs of blank lines into one.
func collapseBlank(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}
