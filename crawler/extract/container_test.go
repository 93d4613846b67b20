package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestPruneOutsiders(t *testing.T) {
	p1 := "The council voted on Tuesday to rebuild the harbour wall before the winter storms arrive."
	p2 := "Work starts in May, the mayor said, and the plans are public at the town hall from Monday."
	p3 := "The wall was last repaired in 1987, after a storm broke through it and flooded the market."
	page := `<header><p>Harbour news</p><h1>Harbour wall</h1></header>
<article><div class="body"><p>` + p1 + `</p><p>` + p2 + `</p><p>` + p3 + `</p></div></article>
<div class="box"><p>Weiter</p><p>Contact: press office</p></div>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	tests := []struct {
		name, text, want string
		removed          int
	}{
		{"short outsiders after the body", "Harbour wall\n\n" + p1 + "\n\nWeiter\n\n" + p2 + "\n\n" + p3 + "\n\nContact: press office",
			"Harbour wall\n\n" + p1 + "\n\n" + p2 + "\n\n" + p3, 2},
		{"the header before the body stays", "Harbour news\n\nHarbour wall\n\n" + p1 + "\n\n" + p2 + "\n\n" + p3,
			"Harbour news\n\nHarbour wall\n\n" + p1 + "\n\n" + p2 + "\n\n" + p3, 0},
		{"a paragraph not on the page stays", p1 + "\n\nRead more\n\n" + p2 + "\n\n" + p3, p1 + "\n\nRead more\n\n" + p2 + "\n\n" + p3, 0},
		{"the text is spread over the page", p1 + "\n\nWeiter\n\nContact: press office", p1 + "\n\nWeiter\n\nContact: press office", 0},
		{"one paragraph", p1, p1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := pruneOutsiders(doc, tt.text)
			if got != tt.want || n != tt.removed {
				t.Errorf("pruneOutsiders(%q) = %q, %d, want %q, %d", tt.text, got, n, tt.want, tt.removed)
			}
		})
	}
}
