package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Paragraph continuity: most of an article's text sits in one element of the
// page (its body). Once the text has reached that element, a short paragraph
// written outside it ("Weiter", a contact box, a topic label) is the page around
// the article, not the article. Paragraphs before it (the headline, kicker and
// standfirst, often in a header of their own) stay.
const (
	// bodyShare is the share of the text's characters the body element holds.
	bodyShare = 0.8
	// outsiderMaxRunes is the length up to which a paragraph outside the body is dropped.
	outsiderMaxRunes = 150
)

// pruneOutsiders returns text (paragraphs separated by blank lines) without the
// short paragraphs that follow its first paragraph inside the body element of
// doc (the deepest element holding bodyShare of the text) and are written only
// outside it, and how many it removed. A paragraph is located by the innermost
// blocks of doc whose visible text is the paragraph's (the first of them places
// it for finding the body); one not found stays.
func pruneOutsiders(doc *html.Node, text string) (string, int) {
	paras := strings.Split(text, "\n\n")
	if len(paras) < 2 {
		return text, 0
	}
	index := map[string]int{}
	for i, p := range paras {
		if c := clean(p); c != "" {
			if _, dup := index[c]; !dup {
				index[c] = i
			}
		}
	}
	// Only the innermost blocks are read, so that each text is read once.
	where := make([][]*html.Node, len(paras))
	var locate func(*html.Node) bool
	locate = func(n *html.Node) (hasBlock bool) {
		if n.Type == html.ElementNode && skipTags[n.Data] {
			return false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if locate(c) {
				hasBlock = true
			}
		}
		if n.Type != html.ElementNode || !blockTags[n.Data] {
			return hasBlock
		}
		if !hasBlock {
			if i, ok := index[clean(visibleText(n))]; ok {
				where[i] = append(where[i], n)
			}
		}
		return true
	}
	locate(doc)
	body := bodyElement(paras, where)
	if body == nil {
		return text, 0
	}
	kept := paras[:0:0]
	inside := false
	for i, p := range paras {
		in := slices.ContainsFunc(where[i], func(n *html.Node) bool { return isAncestor(body, n) })
		inside = inside || in
		if inside && len(where[i]) > 0 && !in && utf8.RuneCountInString(p) <= outsiderMaxRunes {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == len(paras) {
		return text, 0
	}
	return strings.Join(kept, "\n\n"), len(paras) - len(kept)
}

// bodyElement returns the deepest element holding bodyShare of the characters
// of paras, each placed at its first block in where; or nil.
func bodyElement(paras []string, where [][]*html.Node) *html.Node {
	total := 0
	under := map[*html.Node]int{}
	for i, p := range paras {
		r := utf8.RuneCountInString(p)
		total += r
		if len(where[i]) == 0 {
			continue
		}
		for a := where[i][0]; a != nil; a = a.Parent {
			under[a] += r
		}
	}
	var body *html.Node
	depth := -1
	for n, c := range under {
		if float64(c) < bodyShare*float64(total) {
			continue
		}
		d := 0
		for a := n; a != nil; a = a.Parent {
			d++
		}
		if d > depth {
			body, depth = n, d
		}
	}
	return body
}
