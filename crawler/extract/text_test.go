package extract

import (
	"testing"
)

// TestRenderTextTrimmedEdges checks that renderText puts back the space that
// go-trafilatura's content tree trims at inline elements' edges in lists, quotes
// and tables, and adds none inside a word of a paragraph, where the tree keeps the
// page's own spacing.
func TestRenderTextTrimmedEdges(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"a list item's bold words", `<ul><li>List item with <strong>strong words</strong>inside</li></ul>`, "List item with strong words inside"},
		{"a quote's emphasis", `<blockquote>Bare quote with<em>emphasis</em>inside it</blockquote>`, "Bare quote with emphasis inside it"},
		{"after a colon", `<blockquote><strong>Note:</strong>this post appeared on<strong>July 22, 2016</strong>.</blockquote>`, "Note: this post appeared on July 22, 2016."},
		{"a table cell", `<table><tr><td>Cell with <b>bold</b>text</td></tr></table>`, "Cell with bold text"},
		{"a paragraph's drop cap", `<p><span class="dropcap">W</span>hen the bank wrote</p>`, "When the bank wrote"},
		{"a paragraph's link glued to its plural", `<p>two <a href="/x">link</a>s</p>`, "two links"},
		{"no space before punctuation in a list", `<ul><li>It was <b>2016</b>, then <i>2017</i>.</li></ul>`, "It was 2016, then 2017."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderText(parseHTML(t, tt.body)); got != tt.want {
				t.Errorf("renderText(%s) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}
