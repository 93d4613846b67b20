package web

import (
	"cmp"
	"html/template"
	"regexp"

	"github.com/newshound/newshound/store"
	"slices"
)

// paragraphBreak is a blank line: it ends a paragraph of a stored text.
var paragraphBreak = regexp.MustCompile(`\n[ \t\r\f\v]*\n\s*`)

// MarkedText is the stored text of a story's field as HTML paragraphs,
// the places of evs in that field inside <mark> titled with their rule and
// clause. Line breaks inside a paragraph are kept as they are (the style
// sheet shows them); a mark across a paragraph break is cut in two.
func MarkedText(a *store.Article, field string, evs []Evidence) []template.HTML {
	text := fieldText(a, field)
	if text == "" {
		return nil
	}
	var places []place
	for _, ev := range evs {
		for _, c := range ev.Clauses {
			for _, p := range c.places {
				if p.field == field && p.off >= 0 {
					places = append(places, p)
				}
			}
		}
	}
	slices.SortStableFunc(places, func(x, y place) int {
		return cmp.Or(cmp.Compare(x.off, y.off), cmp.Compare(y.end, x.end))
	})
	var out []template.HTML
	at := 0
	emit := func(from, to int) {
		if s := markHTMLRange(text, from, to, places, true); s != "" {
			out = append(out, template.HTML(s))
		}
	}
	for _, br := range paragraphBreak.FindAllStringIndex(text, -1) {
		emit(at, br[0])
		at = br[1]
	}
	emit(at, len(text))
	return out
}
