package extract

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// labelledDateMarks are noDateMarks but "teaser": a date labelled as the
// publication's is explicit enough to be read from a part styled as a teaser
// ("c-teaser__meta"), which some sites use for the article's own meta line.
var labelledDateMarks = slices.DeleteFunc(slices.Clone(noDateMarks), func(m string) bool { return m == "teaser" })

// dateStream returns the page's visible text outside its navigation, sidebars,
// comments and related-story lists (labelledDateMarks), with its <time> elements.
// The footer of the <article> holding the heading h (nil: none) is read:
// "Originally posted October 5, 2018" is written there.
func dateStream(doc, h *html.Node, monthFirst bool) *stream {
	s := &stream{headStart: -1, headEnd: -1, marks: labelledDateMarks, monthFirst: monthFirst, heading: h}
	s.walk(doc, nil)
	return s
}

// Bounds on the labels labelledDate reads: a written date is at most dateWidth
// bytes long, and only the first maxLabels publication words of a page are read,
// so that a page of many dates and labels costs no more than its length.
const (
	dateWidth = 40
	maxLabels = 200
)

// labelledDate returns the first date of the visible text s that a publication
// word labels ("Erschienen am 26. Jan 2022": the word in the publishLabelReach
// characters before it) and no update word does, else zero.
func labelledDate(s *stream) time.Time {
	text := s.b.String()
	labelled := func(at int) bool {
		return labelOf(text, at, publishLabelReach) == publishLabel
	}
	best := timeMark{at: len(text) + 1}
	for _, tm := range s.times {
		if !tm.t.IsZero() && labelled(tm.at) {
			best = tm
			break
		}
	}
	words := 0
	labelWords(text, 0, min(len(text), best.at), func(w labelWord, start, end int) bool {
		if w.kind != publishLabel {
			return true
		}
		if words++; words > maxLabels {
			return false
		}
		t, at := dateAfterWord(text, start, end, s.monthFirst)
		if at < 0 || !labelled(at) {
			return true
		}
		if at < best.at {
			best = timeMark{at: at, t: t}
		}
		return false
	})
	return best.t
}

// dateAfterWord returns the first date after the label word text[start:end]
// that starts within publishLabelReach characters of the word's start, and its
// offset; else the zero time and -1.
func dateAfterWord(text string, start, end int, monthFirst bool) (time.Time, int) {
	reach := runesOn(text, start, publishLabelReach)
	window := text[end:min(len(text), max(end, reach)+dateWidth)]
	t, at, _ := textDate(window, monthFirst)
	if at < 0 {
		t, at = shortYearDate(window) // "Eingestellt am 26.06.23": after a publication word, a date
	}
	if at < 0 || end+at > reach {
		return time.Time{}, -1
	}
	return t, end + at
}

// firstPublishedWords open a note that a page was published before, elsewhere or
// on an older site ("This post first appeared on my old blog on July 22, 2016",
// "Zuerst erschienen am 3. März 2017"), in lower case.
var firstPublishedWords = []string{"first published", "originally published", "first appeared", "originally appeared",
	"first posted", "originally posted", "zuerst erschienen", "erstmals erschienen", "ursprünglich erschienen",
	"erschien zuerst", "erschien erstmals", "erschien ursprünglich",
	"zuerst veröffentlicht", "erstmals veröffentlicht", "ursprünglich veröffentlicht", "publié initialement",
	"initialement publié", "paru initialement", "publicado originalmente", "originalmente publicado",
	"pubblicato originariamente", "pubblicato per la prima volta", "oorspronkelijk gepubliceerd", "eerder verschenen",
	"פורסם לראשונה"}

// Bounds on a first publication's note: its words start within notePrefix words
// of their line's start ("Note: this post first appeared"), not in a sentence of
// the text ("the report, first published on 3 March 2019, ..."), and its date
// within noteReach characters after them ("on my old WordPress blog on").
const (
	notePrefix    = 6
	noteReach     = 60
	noteLineReach = 200 // bytes read back for the line's start: six words are fewer
)

// firstPublishedDate returns the date of the first note in the article's text
// that the page was first published earlier ("Originally published on March 3,
// 2016"), else zero. A moved or republished post's metadata and byline give the
// day it moved; the note gives the day readers first had it. monthFirst reads
// 03/04/2019 as March 4.
func firstPublishedDate(text string, monthFirst bool) time.Time {
	lower := strings.ToLower(text)
	if len(lower) != len(text) { // a letter whose lower case is another length: offsets would differ
		lower = text
	}
	for _, w := range firstPublishedWords {
		for off := 0; off < len(lower); {
			i := strings.Index(lower[off:], w)
			if i < 0 {
				break
			}
			start, end := off+i, off+i+len(w)
			off = end
			if !wordStart(text, start) {
				continue
			}
			from := max(0, start-noteLineReach) // a line of thousands of words is not read back to its start at each
			line := from + strings.LastIndexByte(text[from:start], '\n') + 1
			if line == from && from > 0 || len(strings.Fields(text[line:start])) > notePrefix {
				continue
			}
			reach := runesOn(text, end, noteReach)
			if t, at, _ := textDate(text[end:min(len(text), reach+dateWidth)], monthFirst); at >= 0 && end+at <= reach {
				return t
			}
		}
	}
	return time.Time{}
}

// rxShortYear matches a date written day first with dots and a two-digit year:
// 26.06.23. Alone it may be a version number or a score; after a publication
// word it is a date.
var rxShortYear = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d\d)\b`)

// shortYearDate returns the first date of s written as rxShortYear matches, in
// the century that puts it at most a year from now, and its offset; else the zero
// time and -1.
func shortYearDate(s string) (time.Time, int) {
	m := rxShortYear.FindStringSubmatchIndex(s)
	if m == nil {
		return time.Time{}, -1
	}
	if rest := s[m[1]:]; len(rest) > 1 && rest[0] == '.' && unicode.IsDigit(rune(rest[1])) {
		return time.Time{}, -1 // 1.2.19.4 is a version
	}
	d, mo, y := atoi(s, m, 1), atoi(s, m, 2), 2000+atoi(s, m, 3)
	if y > time.Now().Year()+1 {
		y -= 100
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if mo < 1 || mo > 12 || d < 1 || t.Day() != d {
		return time.Time{}, -1
	}
	return t, m[0]
}

// metaLineDate returns the first date of the visible text s that a publication
// or creation word opening a line of its own labels ("Veröffentlicht am 8.
// Oktober 2010", "Von Jonas Pütz | Published: 11.07.2022", "Creado el Martes, 02
// Febrero 2010"): the page's meta line, not a sentence of its text ("the study,
// published on 3 March 2019, ..."), else zero. A line's fields are what
// separators ("|", "·", "•") part; each field's first word is compared with the
// words, so the text is read once.
func metaLineDate(s *stream) time.Time {
	text := s.b.String()
	for off := 0; off < len(text); {
		field := text[off:]
		if i := strings.IndexAny(field, "\n|·•"); i >= 0 {
			field = field[:i]
		}
		next := off + len(field)
		if next < len(text) {
			_, size := utf8.DecodeRuneInString(text[next:])
			next += size
		}
		start := off + len(field) - len(strings.TrimLeft(field, " –—-"))
		if n := metaWordAt(text[start:]); n > 0 {
			if t, at := dateAfterWord(text, start, start+n, s.monthFirst); at >= 0 && !labelOf(text, at, publishLabelReach).elsewhere() {
				if tm, ok := s.timeAt(at); ok && sameDay(tm, swapDayMonth(t)) {
					return tm // its datetime says which way "07/10/2011" reads
				}
				return t
			}
		}
		off = next
	}
	return time.Time{}
}

// timeAt returns the value of the <time> element whose text holds offset at of
// the stream's text, if there is one.
func (s *stream) timeAt(at int) (time.Time, bool) {
	for _, tm := range s.times {
		if !tm.t.IsZero() && tm.at <= at && at < tm.end {
			return tm.t, true
		}
	}
	return time.Time{}, false
}

// metaWordAt returns the length of the publication or creation word s starts
// with, ignoring case and followed by no letter ("Published", not
// "Publications"), else 0.
func metaWordAt(s string) int {
	w, ok := labelWordAt(s, 0)
	if !ok || w.kind != publishLabel && w.kind != createdLabel || !wordEnd(s, len(w.text)) {
		return 0
	}
	return len(w.text)
}

// bylineReach is how far after the author's name in a byline, in characters of text, its
// date may be ("Par Loïc Le Clerc | 30 septembre 2018").
const bylineReach = 40

// bylineDate returns the date of the article's byline: the first full date starting
// within bylineReach characters after one of the authors' names in the visible text s,
// and not labelled as an update; else zero.
func bylineDate(s *stream, authors []string) time.Time {
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
			reach := runesOn(text, from, bylineReach) - from
			window := text[from:min(len(text), from+reach+dateWidth)] // wide enough for a date starting in reach
			if t, at, _ := textDate(window, s.monthFirst); at >= 0 && at <= reach && !isUpdateLabel(window[:at]) {
				return t
			}
			off = from
		}
	}
	return time.Time{}
}
