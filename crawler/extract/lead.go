package extract

import (
	"strings"
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
	// Descend from the root to the deepest element whose text holds the probe.
	var deepest *html.Node
	for n := doc; n != nil; {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipTags[c.Data] || noLeadTags[c.Data] {
				continue
			}
			if strings.Contains(clean(visibleText(c)), probe) {
				next = c
				break
			}
		}
		if next != nil {
			deepest = next
		}
		n = next
	}
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
