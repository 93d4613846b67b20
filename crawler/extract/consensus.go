package extract

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Consensus pruning: where go-trafilatura and readability agree on the article
// (readability's text holds at least consensusAgree of trafilatura's characters),
// a short paragraph of trafilatura's text that readability left out is a
// heading or label of the page around the article ("Videos zum Thema",
// "Weitere Themen", "Start"), not part of it.
const (
	consensusMaxRunes = 40
	consensusAgree    = 0.5
)

// pruneUnshared returns text (paragraphs separated by blank lines) without its
// paragraphs of at most consensusMaxRunes characters that the text of a second
// extractor of the same page does not contain, and how many it removed. A
// paragraph holding the headline stays: readability leaves the title out of its
// text. second returns that text; it is called only when text has a paragraph
// to judge. Nothing is removed when the second text is empty or shares less than
// consensusAgree of text's characters (so a shared paragraph always remains).
func pruneUnshared(text, headline string, second func() string) (string, int) {
	if text == "" {
		return text, 0
	}
	headline = clean(headline)
	paras := strings.Split(text, "\n\n")
	if !slices.ContainsFunc(paras, func(p string) bool { return unsharedCandidate(p, headline) }) {
		return text, 0 // nothing to prune: spare the second extractor
	}
	other := clean(second())
	if other == "" {
		return text, 0
	}
	found := make([]bool, len(paras))
	var all, common int
	for i, p := range paras {
		n := utf8.RuneCountInString(p)
		all += n
		if found[i] = strings.Contains(other, clean(p)); found[i] {
			common += n
		}
	}
	if float64(common) < consensusAgree*float64(all) {
		return text, 0
	}
	kept := paras[:0:0]
	for i, p := range paras {
		if !found[i] && unsharedCandidate(p, headline) {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == len(paras) {
		return text, 0
	}
	return strings.Join(kept, "\n\n"), len(paras) - len(kept)
}

// unsharedCandidate reports whether paragraph p is short enough to be dropped
// when the second extractor leaves it out, and does not hold the (cleaned) headline.
func unsharedCandidate(p, headline string) bool {
	return utf8.RuneCountInString(p) <= consensusMaxRunes && (headline == "" || !strings.Contains(clean(p), headline))
}
