package extract

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Window around the article's heading searched for a visible date, in characters of text.
// A byline sits just under the heading; a date above it is more often the site's
// "today" bar or a menu, so that side gets a shorter window.
const (
	headerBefore = 100
	headerAfter  = 400
)

// noDateTags and noDateMarks name the parts of a page whose dates are not the
// article's: navigation, sidebars, footers, comments, lists of other stories.
var (
	noDateTags  = map[string]bool{"nav": true, "aside": true, "footer": true, "form": true, "select": true, "button": true, "figcaption": true, "blockquote": true}
	noDateMarks = []string{"comment", "related", "sidebar", "teaser", "recommend", "more-", "widget", "breadcrumb", "reply", "popular"}
)

// pageContainers hold the whole page or article; their classes describe the page
// ("has-related-posts") rather than mark a part of it.
var pageContainers = map[string]bool{"html": true, "body": true, "main": true, "article": true}

// stream is the page's visible text in document order, with the offsets of the
// heading and of the <time datetime> elements.
type stream struct {
	b                  strings.Builder
	space              bool         // the text written last ends with white space
	pending            bool         // a run of white space was read and is not written yet
	articles           []*html.Node // the <article> elements the walk is inside, innermost last
	heading            *html.Node   // the article's heading, whose <article>'s footer is read; nil: none is
	headStart, headEnd int
	barrier            int // where the last navigation skipped before the heading ends; -1: none
	times              []timeMark
	marks              []string            // the classes and ids of parts to skip; nil: noDateMarks
	links              map[*html.Node]bool // list items above the heading, and whether each holds a link
	monthFirst         bool                // read 03/04/2019 as March 4
}

type timeMark struct {
	at, end int // where the element's text starts and ends in the stream
	t       time.Time
}

// headerDate returns the publication date written near the article's heading h
// (see mainHeading; nil: none): a <time datetime> or a date in the text
// within a few hundred characters, the nearest first, skipping the page's
// navigation, sidebars, comments and related-story lists, the dates above the
// heading that come before a <nav> (the site's "today" bar), those labelled as
// an event's, and those labelled as updates while another date is there. An
// update's date that is the only one beside the heading ("Jessica DeFino Updated
// Mar 12, 2020") is the date the page shows readers, and is returned: on
// trafilatura-dev's tuning part the truth is that date on each such page, where
// the metadata's publication date is older. Of the dates there, the nearest on
// the day declared (the metadata's publication date; zero: none) is taken before
// a nearer one: "Saturday, June 1, 2019" opening the text is an event's where the
// meta line above the heading and the metadata say May 10.
// monthFirst reads 03/04/2019 as March 4.
func headerDate(doc, h *html.Node, monthFirst bool, declared time.Time) headed {
	if h == nil {
		return headed{}
	}
	s := &stream{headStart: -1, headEnd: -1, barrier: -1, monthFirst: monthFirst, heading: h}
	s.walk(doc, h)
	if s.headStart < 0 {
		return headed{}
	}
	text := s.b.String()
	type cand struct {
		dist int
		headed
	}
	var best, upd, backed cand // the nearest date, the nearest an update word labels, and the nearest on the declared day
	// The window and the distances count characters: a Greek or Japanese byline is
	// as near its heading as an English one, though its letters take more bytes.
	first, last := runesBack(text, s.headStart, headerBefore), runesOn(text, s.headEnd, headerAfter)
	headLabels := labelsBelow(text[s.headStart:s.headEnd])
	consider := func(at int, t time.Time, numeric bool) {
		var dist int
		switch {
		case at >= s.headEnd && at <= last:
			dist = utf8.RuneCountInString(text[s.headEnd:at])
		case at < s.headStart && at >= first && at >= s.barrier:
			dist = 2 * utf8.RuneCountInString(text[at:s.headStart]) // dates above the heading are less often the article's
		default:
			return
		}
		l := labelOf(text, at, updateLabelReach)
		if at >= s.headEnd && !headLabels {
			l = labelOf(text[s.headEnd:], at-s.headEnd, updateLabelReach) // not "Anmeldung startet am Montag"
		}
		c := cand{dist, headed{t: t, numeric: numeric, update: l == updateLabel}}
		switch {
		case t.IsZero() || l == eventLabel: // not the page's date
		case l == updateLabel:
			if upd.t.IsZero() || dist < upd.dist {
				upd = c
			}
		default:
			if best.t.IsZero() || dist < best.dist {
				best = c
			}
			if !declared.IsZero() && sameDay(t, declared) && (backed.t.IsZero() || dist < backed.dist) {
				backed = c
			}
		}
	}
	for _, tm := range s.times {
		consider(tm.at, tm.t, false)
	}
	// The window reaches dateWidth further on both sides, so that it does not cut
	// through a date ("12 March 2019" read as "2 March 2019"); consider keeps only
	// the dates that start inside it.
	lo, hi := max(0, first-dateWidth), min(len(text), last+dateWidth)
	for off := lo; off < hi; {
		t, at, end := textDate(text[off:hi], monthFirst)
		if at < 0 {
			break
		}
		consider(off+at, t, !strings.ContainsFunc(text[off+at:off+end], unicode.IsLetter))
		off += end
	}
	switch {
	case !backed.t.IsZero():
		return backed.headed
	case best.t.IsZero():
		return upd.headed
	}
	return best.headed
}

// labelsBelow reports whether heading, the headline's text, ends in a label word
// or writes one as a field's name ("Termin: Sommerfest", "Release date"): only
// then do its words label a date under it. In a sentence they do not:
// "Anmeldung startet am Montag" above the story's 22.08.2014.
func labelsBelow(heading string) bool {
	found := false
	labelWords(heading, 0, len(heading), func(_ labelWord, _, end int) bool {
		rest := strings.TrimSpace(heading[end:])
		found = rest == "" || strings.HasPrefix(rest, ":")
		return !found
	})
	return found
}

// headed is the date headerDate found beside the heading (zero t: none).
type headed struct {
	t       time.Time
	numeric bool // written in digits alone, so that its day and month may have been read the wrong way round
	update  bool // an update word labels it
}

// longestLabel bounds the length in characters of the update and publication words.
const longestLabel = 24

// A label is what the word before a date says it is.
type label int

const (
	noLabel      label = iota
	updateLabel        // "Updated", "Aktualisiert", ...: the date is a modification's
	publishLabel       // "Published", "Erschienen", ...: the date is the publication's
	eventLabel         // "Release", "Termin", "Deadline", ...: the date is something else's
)

// elsewhere reports whether l says its date is not the publication's: an
// update's or an event's.
func (l label) elsewhere() bool { return l == updateLabel || l == eventLabel }

// labelOf returns the label of the date at offset at of text, from the update,
// event and publication words that start a word in the reach characters before it
// ("edited" is not read inside "credited" where the reach starts in it). A word
// labels the date nearest after it: one with another date between it and at is
// that date's ("Updated 14 March 2021, published 12 March 2021": the 14th is the
// update), and one with a separator ("|", "·", "•") between is a category's or
// a breadcrumb's ("News & Events · March 12, 2019"). An update word outweighs
// the others ("Updated and published again 5 March 2021" is an update); of an
// event word and a publication word the nearer labels ("Events · Posted 12
// March 2019" is a publication).
func labelOf(text string, at, reach int) label {
	from := runesBack(text, at, reach)
	lastUpdate, lastOther, other := -1, -1, noLabel // where the last update word ends; the last event or publication word
	labelWords(text, from, at, func(w labelWord, _, end int) bool {
		switch w.kind {
		case updateLabel:
			lastUpdate = end
		case eventLabel, publishLabel:
			lastOther, other = end, w.kind
		}
		return true
	})
	labels := func(end int) bool { // no date nor separator between the word's end and at
		_, between, _ := textDate(text[end:at], false)
		return between < 0 && !strings.ContainsAny(text[end:at], "|·•")
	}
	switch {
	case lastUpdate >= 0 && labels(lastUpdate):
		return updateLabel
	case lastOther >= 0 && labels(lastOther):
		return other
	}
	return noLabel
}

// walk appends n's visible text to s, marking the heading h and <time> elements. It
// stops once the text runs headerAfter characters past the heading (at most four
// bytes each), and a date's width more for a date that starts there.
func (s *stream) walk(n *html.Node, h *html.Node) {
	if s.headEnd >= 0 && s.b.Len() > s.headEnd+utf8.UTFMax*headerAfter+dateWidth {
		return
	}
	switch n.Type {
	case html.TextNode:
		s.writeText(n.Data)
		return
	case html.ElementNode:
		skipped := noDateTags[n.Data] && !s.articleFooter(n) || hasMark(n, s.marks)
		// Before the heading, an item of a list of links is another story's
		// ("Most read: <li><a>...</a> 02.12.2017</li>"), not this one's meta line.
		skipped = skipped || h != nil && s.headStart < 0 && s.storyListItem(n)
		if skipTags[n.Data] || skipped && !isAncestor(n, h) {
			if n.Data == "nav" && s.headStart < 0 {
				s.barrier = s.b.Len()
			}
			return
		}
		if n.Data == "article" {
			s.articles = append(s.articles, n)
			defer func() { s.articles = s.articles[:len(s.articles)-1] }()
		}
		if n == h {
			s.headStart = s.b.Len()
			defer func() { s.headEnd = s.b.Len() }()
		}
		if modifiedProps[attr(n, "itemprop")] && !isAncestor(n, h) {
			return
		}
		v := ""
		switch {
		case n.Data == "time":
			v = attr(n, "datetime")
		case rdfaPublished(n): // Drupal's submitted line: as a <time datetime>
			v = attr(n, "content")
		}
		if v != "" {
			s.times = append(s.times, timeMark{at: s.b.Len(), t: timeValue(parseDate(v, time.Now(), false), textOf(n), s.monthFirst)})
			i := len(s.times) - 1
			defer func() { s.times[i].end = s.b.Len() }()
		}
		switch {
		case blockTags[n.Data] || n.Data == "br":
			s.endLine()
		case !s.space && s.b.Len() > 0 && n.FirstChild != nil && (startsWithDigit(n) || afterElement(n)):
			// "Hofbeck<span>1. Januar 2023</span>": a date in its own element
			// starts a word, however the markup glues it to the text before; so
			// does an element right after another ("...2021</span><span>Updated:"),
			// which themes set apart with their style sheets.
			s.pending = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s.walk(c, h)
	}
	if n.Type == html.ElementNode && blockTags[n.Data] {
		s.endLine() // a block ends its line too: "...data</h1><span>Nov. 20"
	}
}

// storyListItem reports whether n is an <li> holding a link, in a list where
// another item holds one too: a list of stories, whose dates are theirs. A meta
// line written as a list ("<li><a>News</a></li><li>12 March 2019</li>") keeps
// its date, which no link holds.
func (s *stream) storyListItem(n *html.Node) bool {
	if n.Data != "li" || !s.holdsLink(n) || n.Parent == nil {
		return false
	}
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && c.Type == html.ElementNode && c.Data == "li" && s.holdsLink(c) {
			return true
		}
	}
	return false
}

// holdsLink is the package's holdsLink, remembered for each list item, so that a
// long list is read once however many of its items ask about the others.
func (s *stream) holdsLink(li *html.Node) bool {
	if v, ok := s.links[li]; ok {
		return v
	}
	if s.links == nil {
		s.links = map[*html.Node]bool{}
	}
	v := holdsLink(li)
	s.links[li] = v
	return v
}

// holdsLink reports whether n or an element inside it is a link (<a href>).
func holdsLink(n *html.Node) bool {
	if n.Type == html.ElementNode && n.Data == "a" && attr(n, "href") != "" {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if holdsLink(c) {
			return true
		}
	}
	return false
}

// afterElement reports whether n directly follows another element, with no text
// between them but white space.
func afterElement(n *html.Node) bool {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		switch {
		case p.Type == html.ElementNode:
			return true
		case p.Type == html.TextNode && strings.TrimSpace(p.Data) != "":
			return false
		}
	}
	return false
}

// articleFooter reports whether n is the footer of the article holding the
// heading ("Originally posted October 5, 2018" under a post): the article's own
// meta line, not the site's footer, nor that of one of the story cards, each an
// <article> with its date in its footer, that often stand around it.
func (s *stream) articleFooter(n *html.Node) bool {
	return n.Data == "footer" && len(s.articles) > 0 && s.heading != nil && isAncestor(s.articles[len(s.articles)-1], s.heading)
}

// modifiedProps are the itemprop values of an element holding a modification date.
var modifiedProps = map[string]bool{"dateModified": true, "dateUpdated": true}

// timeValue is the date of a <time> element: its datetime attribute t, on the
// calendar day its text writes when that is a day before or after. The attribute
// is often in UTC ("2019-11-20T04:26:50Z") where the text is the publisher's day
// ("11:26 pm EST, Tuesday, November 19, 2019"): the instant is kept, with the
// smallest whole-hour offset that puts it on the written day.
func timeValue(t time.Time, text string, monthFirst bool) time.Time {
	w, at, _ := textDate(text, monthFirst)
	if t.IsZero() || at < 0 || sameDay(t, w) {
		return t
	}
	for h := 1; h <= 14; h++ {
		for _, off := range []int{-h, h} {
			if z := t.In(time.FixedZone("", off*3600)); sameDay(z, w) {
				return z
			}
		}
	}
	return t
}

// startsWithDigit reports whether the first text inside n starts with a digit.
func startsWithDigit(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.FirstChild {
		if c.Type == html.TextNode {
			t := strings.TrimLeftFunc(c.Data, isSpace)
			return t != "" && t[0] >= '0' && t[0] <= '9'
		}
		if c.Type != html.ElementNode || skipTags[c.Data] {
			return false
		}
	}
	return false
}

// writeText appends t to the stream with each run of white space written as one
// space, so that the windows around the heading count visible text rather than
// the page's indentation. The space is written with the text after it, so that
// a block's edge after it writes a newline in its place (endLine).
func (s *stream) writeText(t string) {
	for _, r := range t {
		if isSpace(r) {
			s.pending = s.pending || !s.space
			continue
		}
		if s.pending {
			s.b.WriteByte(' ')
			s.pending = false
		}
		s.b.WriteRune(r)
		s.space = false
	}
}

// endLine ends the stream's line at a block's edge: one newline, written in place
// of a run of white space before it, so that each block opens a line of its own
// ("...network.</p> <p>Veröffentlicht am ...").
func (s *stream) endLine() {
	if !s.space {
		s.b.WriteByte('\n')
		s.space = true
	}
	s.pending = false
}

// isAncestor reports whether a is h or one of its ancestors: a block holding the
// heading is the article's, whatever its class says.
func isAncestor(a, h *html.Node) bool {
	for n := h; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// siteHeaderMarks are the classes and ids of a site's header bar.
var siteHeaderMarks = []string{"site-header", "masthead"}

// inSiteHeader reports whether n lies in the site's header bar: a <header> outside
// any <article> or <main>, or a block marked as the site header.
func inSiteHeader(n *html.Node) bool {
	header := false
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type != html.ElementNode {
			continue
		}
		if a.Data == "article" || a.Data == "main" {
			return false
		}
		header = header || a.Data == "header" || hasMark(a, siteHeaderMarks)
	}
	return header
}

// hasMark reports whether n's class or id holds one of marks (nil: noDateMarks),
// which mark it as comments, related stories and the like.
func hasMark(n *html.Node, marks []string) bool {
	if pageContainers[n.Data] {
		return false
	}
	if marks == nil {
		marks = noDateMarks
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for _, token := range strings.Fields(strings.ToLower(a.Val)) {
			if elementorPostBlock(token) {
				continue
			}
			for _, m := range marks {
				if strings.Contains(token, m) {
					return true
				}
			}
		}
	}
	return false
}

// elementorPostBlock reports whether a class token is one the Elementor page
// builder gives every block ("elementor-widget", "elementor-widget-wrap") or one
// that shows the post itself ("elementor-widget-post-info" holds its date,
// "elementor-widget-theme-post-title" its heading): no widget area, whatever
// "widget" says. Its lists of other posts ("elementor-widget-posts") and its
// sidebars stay marked.
func elementorPostBlock(token string) bool {
	switch token {
	case "elementor-widget", "elementor-widget-wrap", "elementor-widget-container":
		return true
	}
	return strings.HasPrefix(token, "elementor-") && (strings.Contains(token, "post-info") || strings.Contains(token, "theme-post"))
}

// mainHeading returns the <h1> whose text matches title (equal, or a part of it at
// least half its length, ignoring case and punctuation), else nil: a page's first
// <h1> is often its logo, next to the site's "today" date. A matching <h1> in the
// site's header bar (a sticky copy of the title beside the "today" date) is taken
// only when no other matches. On a page without any <h1>, the <h2> that matches is
// the heading (investor-relations and some Joomla pages set their headline so).
func mainHeading(doc *html.Node, title string) *html.Node {
	want := squash(title)
	if want == "" {
		return nil
	}
	h, anyH1 := matchingHeading(doc, "h1", want, false)
	if h == nil && !anyH1 {
		h, _ = matchingHeading(doc, "h2", want, true)
	}
	return h
}

// matchingHeading returns the first heading of the given tag whose squashed text
// matches want (equals it, or, unless whole, is a part of it at least half its
// length) outside the site's header bar, else the first one inside it, else nil,
// and whether the page has any heading of that tag. An <h2> must match whole: a
// page's site name ("Acme Investor Relations") is often one, and half its title.
func matchingHeading(doc *html.Node, tag, want string, whole bool) (match *html.Node, found bool) {
	var find func(*html.Node) bool
	find = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.Data == tag {
			found = true
			if got := squash(visibleText(n)); got != "" && (got == want || !whole && strings.Contains(want, got) && 2*len(got) >= len(want)) {
				if match == nil {
					match = n
				}
				if !inSiteHeader(n) {
					match = n
					return true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if find(c) {
				return true
			}
		}
		return false
	}
	find(doc)
	return match, found
}
