package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestPruneTeasers(t *testing.T) {
	page := `<html><body><article>
<p>The council voted on Tuesday to rebuild the harbour wall before winter storms.</p>
<p><strong>Read also: <a href="/other">Ferry prices rise again this summer</a></strong></p>
<p>Work starts in May, the mayor said, and <a href="/wall">the plans</a> are public.</p>
</article><ul><li><a href="/other">Ferry prices rise again this summer</a></li></ul></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	content, err := html.Parse(strings.NewReader(`<p>The council voted on Tuesday to rebuild the harbour wall before winter storms.</p>
<p><strong>Read also: Ferry prices rise again this summer</strong></p>
<p>Work starts in May, the mayor said, and the plans are public.</p>`))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	if n := pruneTeasers(content, linkDensities(doc)); n != 1 {
		t.Errorf("pruneTeasers removed %d blocks, want 1", n)
	}
	got := renderText(content)
	if strings.Contains(got, "Ferry") || !strings.Contains(got, "harbour wall") || !strings.Contains(got, "plans are public") {
		t.Errorf("after pruneTeasers the text is %q, want both article paragraphs and no teaser", got)
	}
}

func TestPruneTeasersKeepsOneBlock(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<p><a href="/x">Only a link here</a></p>`))
	content, _ := html.Parse(strings.NewReader(`<p>Only a link here</p>`))
	if n := pruneTeasers(content, linkDensities(doc)); n != 0 {
		t.Errorf("pruneTeasers removed %d blocks of a one-block text, want 0", n)
	}
}
