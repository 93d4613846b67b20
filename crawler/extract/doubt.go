package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The thresholds under which go-trafilatura's text is doubtful enough to ask
// readability for a second opinion (StrategySecondOpinion). They are general
// signals, measured on the tuning part of the evaluation data (BENCHMARKS.md,
// section Extraction).
const (
	// doubtShort is the text length, in characters, under which the text may
	// have missed the article.
	doubtShort = 500
	// doubtLinkDensity is the share of the text's characters inside links (or of
	// its words the page writes only inside links) above which the text is more
	// likely a list of links than an article.
	doubtLinkDensity = 0.25
	// doubtBodyMin is the length, in characters, from which a JSON-LD
	// articleBody is compared with the text; shorter ones are summaries.
	doubtBodyMin = 400
	// doubtBodyRecall is the share of the articleBody's words that the text must
	// hold; below it the text and the page's structured data disagree.
	doubtBodyRecall = 0.8
)

// Doubt reasons, as reported in Result.Doubt.
const (
	DoubtShort      = "short"
	DoubtLinkHeavy  = "link-heavy"
	DoubtStructured = "disagrees-with-structured-data"
)

// doubt returns why text (rendered from content) needs a second opinion, or "" when
// it does not. jsonBody is the page's JSON-LD articleBody, possibly empty; doc is
// the page, whose links tell how much of the text is link text there
// (go-trafilatura's content keeps no links).
func doubt(text string, content, doc *html.Node, jsonBody string) string {
	if utf8.RuneCountInString(text) < doubtShort {
		return DoubtShort
	}
	if links := linkRunes(content); float64(links) > doubtLinkDensity*float64(nonSpaceRunes(text)) {
		return DoubtLinkHeavy
	}
	if linkOnlyShare(text, doc) > doubtLinkDensity {
		return DoubtLinkHeavy
	}
	if body := clean(jsonBody); utf8.RuneCountInString(body) >= doubtBodyMin {
		bw := words(body)
		if float64(shared(bw, words(text))) < doubtBodyRecall*float64(len(bw)) {
			return DoubtStructured
		}
	}
	return ""
}

// nonSpaceRunes counts the characters of s that are not white space.
func nonSpaceRunes(s string) int {
	n := 0
	for _, r := range s {
		if !isSpace(r) {
			n++
		}
	}
	return n
}

// linkRunes counts the non-space characters of n's text inside <a> elements.
func linkRunes(n *html.Node) int {
	if n == nil {
		return 0
	}
	count := 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		switch {
		case n.Type == html.TextNode && inLink:
			count += nonSpaceRunes(n.Data)
		case n.Type == html.ElementNode && n.Data == "a":
			inLink = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return count
}

// linkOnlyShare returns the share of text's words that doc writes only inside
// links: about the share of link text the page had where text came from, as the
// page writes an article's own words outside links. Words are compared as
// written (the text comes from the page).
func linkOnlyShare(text string, doc *html.Node) float64 {
	tw := wordsAsWritten(text)
	if doc == nil || len(tw) == 0 {
		return 0
	}
	const inLink, outside = 1, 2
	seen := make(map[string]uint8, len(tw))
	for _, w := range tw {
		seen[w] = 0
	}
	var walk func(*html.Node, uint8)
	walk = func(n *html.Node, where uint8) {
		switch {
		case n.Type == html.TextNode:
			for _, w := range wordsAsWritten(n.Data) {
				if f, ok := seen[w]; ok {
					seen[w] = f | where
				}
			}
			return
		case n.Type == html.ElementNode && skipTags[n.Data]:
			return
		case n.Type == html.ElementNode && n.Data == "a":
			where = inLink
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, where)
		}
	}
	walk(doc, outside)
	only := 0
	for _, w := range tw {
		if seen[w] == inLink {
			only++
		}
	}
	return float64(only) / float64(len(tw))
}

// wordsAsWritten splits s into its runs of letters and digits, case kept.
func wordsAsWritten(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
