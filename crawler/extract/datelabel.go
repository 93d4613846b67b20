package extract

import (
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// publishWords precede a publication date ("Published on 3 March 2020",
// "Erschienen am 26. Jan 2022"), in several languages.
var publishWords = []string{"published", "posted", "veröffentlicht", "erschienen", "publié", "publicado",
	"publicada", "pubblicato", "gepubliceerd", "geplaatst", "opublikowano", "publicerad", "publiceret", "publisert"}

// labelledDateMarks are noDateMarks but "teaser": a date labelled as the
// publication's is explicit enough to be read from a part styled as a teaser
// ("c-teaser__meta"), which some sites use for the article's own meta line.
var labelledDateMarks = slices.DeleteFunc(slices.Clone(noDateMarks), func(m string) bool { return m == "teaser" })

// dateStream returns the page's visible text outside its navigation, sidebars,
// comments and related-story lists (labelledDateMarks), with its <time> elements.
func dateStream(doc *html.Node, monthFirst bool) *stream {
	s := &stream{headStart: -1, headEnd: -1, marks: labelledDateMarks, monthFirst: monthFirst}
	s.walk(doc, nil)
	return s
}

// labelledDate returns the first date of the visible text s that a publication
// word labels ("Erschienen am 26. Jan 2022") and no update word does, else zero.
func labelledDate(s *stream, monthFirst bool) time.Time {
	text := s.b.String()
	labelled := func(at int) bool {
		before := strings.ToLower(text[max(0, at-updateLabelReach):at])
		return !isUpdateLabel(before) && slices.ContainsFunc(publishWords, func(w string) bool { return strings.Contains(before, w) })
	}
	var best timeMark
	for _, tm := range s.times {
		if !tm.t.IsZero() && labelled(tm.at) {
			best = tm
			break
		}
	}
	for off := 0; off < len(text); {
		t, at, end := textDate(text[off:], monthFirst)
		if at < 0 || !best.t.IsZero() && off+at > best.at {
			break
		}
		if labelled(off + at) {
			return t
		}
		off += end
	}
	return best.t
}

// bylineReach is how far after the author's name in a byline, in bytes of text, its
// date may be ("Par Loïc Le Clerc | 30 septembre 2018").
const bylineReach = 40

// bylineDate returns the date of the article's byline: the first full date written
// within bylineReach bytes after one of the authors' names in the visible text s,
// and not labelled as an update; else zero.
func bylineDate(s *stream, authors []string, monthFirst bool) time.Time {
	text := s.b.String()
	for _, a := range authors {
		if len(a) < 4 {
			continue
		}
		for off := 0; ; {
			i := strings.Index(text[off:], a)
			if i < 0 {
				break
			}
			from := off + i + len(a)
			window := text[from:min(len(text), from+bylineReach)]
			if t, at, _ := textDate(window, monthFirst); at >= 0 && !isUpdateLabel(window[:at]) {
				return t
			}
			off = from
		}
	}
	return time.Time{}
}
