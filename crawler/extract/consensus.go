package extract

import (
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
// paragraphs of at most consensusMaxRunes characters that other, a second
// extractor's text of the same page, does not contain, and how many it removed.
// A paragraph holding the headline stays: readability leaves the title out of
// its text.
// It removes nothing when other is empty or when the two texts share less than
// consensusAgree of text's characters (so a shared paragraph always remains).
func pruneUnshared(text, other, headline string) (string, int) {
	headline = clean(headline)
	other = clean(other)
	if other == "" || text == "" {
		return text, 0
	}
	paras := strings.Split(text, "\n\n")
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
		if !found[i] && utf8.RuneCountInString(p) <= consensusMaxRunes && (headline == "" || !strings.Contains(clean(p), headline)) {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == len(paras) {
		return text, 0
	}
	return strings.Join(kept, "\n\n"), len(paras) - len(kept)
}
