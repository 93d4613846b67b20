package extract

import (
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
	// doubtLinkDensity is the share of the text's characters inside links above
	// which the text is more likely a list of links than an article.
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
// it does not. jsonBody is the page's JSON-LD articleBody, possibly empty.
func doubt(text string, content *html.Node, jsonBody string) string {
	if utf8.RuneCountInString(text) < doubtShort {
		return DoubtShort
	}
	if links := linkRunes(content); float64(links) > doubtLinkDensity*float64(nonSpaceRunes(text)) {
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
