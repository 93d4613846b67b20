package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Teaser blocks: a paragraph of the extracted text whose words are mostly a link
// on the page ("Read also: <a>Another story</a>") and that is short is a pointer
// to another article, not part of this one.
const (
	teaserLinkDensity = 0.6
	teaserMaxRunes    = 250
)

// densityTags are the page's blocks whose link density is measured: the outermost
// of them in each part of the page.
var densityTags = map[string]bool{
	"p": true, "li": true, "dd": true, "dt": true, "blockquote": true, "figcaption": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// linkDensities returns, for the collapsed text of each block of doc named in
// densityTags, the share of its letters inside links; a text seen in several
// blocks keeps its lowest density.
func linkDensities(doc *html.Node) map[string]float64 {
	out := make(map[string]float64)
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if skipTags[n.Data] {
				return
			}
			if densityTags[n.Data] {
				var all, linked strings.Builder
				collectText(n, false, &all, &linked)
				key := clean(all.String())
				if key == "" {
					return
				}
				d := float64(nonSpaceRunes(linked.String())) / float64(max(1, nonSpaceRunes(key)))
				if prev, seen := out[key]; !seen || d < prev {
					out[key] = d
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// collectText appends n's text to all, and the part inside links to linked too.
func collectText(n *html.Node, inLink bool, all, linked *strings.Builder) {
	switch {
	case n.Type == html.TextNode:
		all.WriteString(n.Data)
		all.WriteByte(' ')
		if inLink {
			linked.WriteString(n.Data)
		}
		return
	case n.Type == html.ElementNode && skipTags[n.Data]:
		return
	case n.Type == html.ElementNode && n.Data == "a":
		inLink = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collectText(c, inLink, all, linked)
	}
}

// pruneTeasers removes from content (the extracted article) the short blocks that
// are mostly a link on the page (densities, from linkDensities), and returns how
// many it removed. It keeps at least one block.
func pruneTeasers(content *html.Node, densities map[string]float64) int {
	if content == nil || len(densities) == 0 {
		return 0
	}
	var doomed []*html.Node
	blocks := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if !densityTags[c.Data] {
				walk(c)
				continue
			}
			blocks++
			key := clean(textOf(c))
			if d, ok := densities[key]; ok && d >= teaserLinkDensity && utf8.RuneCountInString(key) <= teaserMaxRunes {
				doomed = append(doomed, c)
			}
		}
	}
	walk(content)
	if len(doomed) == 0 || len(doomed) >= blocks {
		return 0
	}
	for _, n := range doomed {
		n.Parent.RemoveChild(n)
	}
	return len(doomed)
}
