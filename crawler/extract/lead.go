package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The lead: many pages set their standfirst (the paragraph under the headline)
// apart from the body, where go-trafilatura often leaves it out, and repeat it
// as their description (og:description, <meta name="description">). The first
// leadProbeRunes characters of a description of at least leadMinRunes, found
// in a block of the page that the text lacks, bring that block back.
const (
	leadMinRunes   = 60
	leadProbeRunes = 120
	// leadMaxExtra is how much longer than the description the block holding it
	// may be: more, and the block is a container of more than the lead.
	leadMaxExtra = 300
)

// noLeadTags hold the page's furniture, never its lead.
var noLeadTags = map[string]bool{"nav": true, "aside": true, "footer": true, "form": true, "head": true}

// leadParagraph returns the text of the page's block that holds the description
// desc when text, the extracted text, lacks it; "" when desc is short, already in
// text, or not written in one block of doc's body.
func leadParagraph(doc *html.Node, text, desc string) string {
	probe := strings.TrimRight(clean(desc), ".…  ")
	n := utf8.RuneCountInString(probe)
	if n < leadMinRunes {
		return ""
	}
	if n > leadProbeRunes {
		probe = string([]rune(probe)[:leadProbeRunes])
	}
	if strings.Contains(clean(text), probe) {
		return ""
	}
	deepest := holder(doc, probe)
	block := deepest
	for block != nil && !blockTags[block.Data] {
		block = block.Parent
	}
	if block == nil || block.Data == "body" {
		return ""
	}
	lead := renderText(block)
	if utf8.RuneCountInString(lead) > utf8.RuneCountInString(clean(desc))+leadMaxExtra {
		return ""
	}
	return lead
}

// withLead returns text with lead inserted after its first paragraph when that
// paragraph holds the headline, else before it.
func withLead(text, lead, headline string) string {
	if lead == "" {
		return text
	}
	if text == "" {
		return lead
	}
	first, rest, _ := strings.Cut(text, "\n\n")
	if hl := clean(headline); hl != "" && strings.Contains(clean(first), hl) {
		if rest == "" {
			return first + "\n\n" + lead
		}
		return first + "\n\n" + lead + "\n\n" + rest
	}
	return lead + "\n\n" + text
}

// holder returns the deepest element of doc whose visible text (white space
// collapsed, outside skipTags and noLeadTags) holds the first occurrence of
// probe, or nil. It reads the page twice: once to find the probe, once to find
// the element around it.
func holder(doc *html.Node, probe string) *html.Node {
	var t collapser
	t.walk(doc, nil)
	at := strings.Index(t.b.String(), probe)
	if at < 0 {
		return nil
	}
	var found *html.Node
	t = collapser{}
	t.walk(doc, func(n *html.Node, start int) bool {
		if found == nil && start <= at && t.b.Len() >= at+len(probe) {
			found = n
		}
		return found != nil
	})
	return found
}

// collapser writes a page's visible text with each run of white space as one
// space, as clean does (the tree has no soft hyphens left: prepareTree), and
// reports each element once its text is written.
type collapser struct {
	b     strings.Builder
	space bool // the text ends with white space, or is empty
}

// walk writes n's visible text; closed, when not nil, is called with each
// element and the offset its text started at, after its text, and stops the
// walk by returning true.
func (c *collapser) walk(n *html.Node, closed func(n *html.Node, start int) bool) bool {
	switch n.Type {
	case html.TextNode:
		for _, r := range n.Data {
			if unicode.IsSpace(r) {
				if !c.space && c.b.Len() > 0 {
					c.b.WriteByte(' ')
					c.space = true
				}
				continue
			}
			c.b.WriteRune(r)
			c.space = false
		}
		return false
	case html.ElementNode:
		if skipTags[n.Data] || noLeadTags[n.Data] {
			return false
		}
	}
	start := c.b.Len()
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if c.walk(ch, closed) {
			return true
		}
	}
	return n.Type == html.ElementNode && closed != nil && closed(n, start)
}
