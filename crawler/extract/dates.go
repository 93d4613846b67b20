package extract

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/itlightning/dateparse"
	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
)

// rxISODate matches a leading ISO 8601 calendar date.
var rxISODate = regexp.MustCompile(`^\s*(\d{4})-(\d{1,2})-(\d{1,2})`)

// minYear and the one-day slack of maxTime bound plausible publication dates.
const minYear = 1990

// rxDottedDate matches a leading date written with dots, day first: 04.03.2019.
var rxDottedDate = regexp.MustCompile(`^\d{1,2}\.\d{1,2}\.\d{2,4}\b`)

// parseDate parses a date as pages write them in metadata. It keeps the offset the
// page wrote, so that the calendar date is the publisher's, not UTC's. It returns
// the zero time when s is not a plausible date. An ambiguous 03/04/2019 is read
// day first when dayFirst is set (see writesDayFirst), else month first; one that
// is a date only one way (13/04/2019) is read that way, and a dotted one
// (04.03.2019) is always day first.
func parseDate(s string, now time.Time, dayFirst bool) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05",
		"2006-01-02 15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return plausible(t, now)
		}
	}
	if m := rxISODate.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC); mo >= 1 && mo <= 12 && t.Day() == d {
			return plausible(t, now)
		}
		return time.Time{} // not a day of the calendar: 2019-02-30
	}
	monthFirst := !dayFirst && !rxDottedDate.MatchString(s)
	t, err := dateparse.ParseIn(s, time.UTC, dateparse.PreferMonthFirst(monthFirst), dateparse.RetryAmbiguousDateWithSwap(true))
	if err != nil {
		return time.Time{}
	}
	return plausible(t, now)
}

// plausible returns t when it lies between minYear and a day after now, else zero.
func plausible(t time.Time, now time.Time) time.Time {
	if t.Year() < minYear || t.After(now.Add(24*time.Hour)) {
		return time.Time{}
	}
	return t
}

// fastDate runs htmldate's fast search (structured metadata, <time> elements, the
// URL, well-marked date elements) and returns its result, or the zero Result when
// the date is implausible or was read from the page's comments. A date labelled as
// an update ("Aktualisiert: 30.12.2016"), or one the page's metadata declares only
// as its modification time (og:updated_time with no published time beside it), is
// returned as updated instead; but a URL's date in an update section
// (/updates/2019/03/12/) is neither.
func fastDate(doc *html.Node, pageURL *url.URL, pm *pageMeta) (d htmldate.Result, updated time.Time) {
	opts := htmldate.Options{UseOriginalDate: true, SkipExtensiveSearch: true}
	if pageURL != nil {
		opts.URL = pageURL.String()
	}
	d, err := htmldate.FromDocument(doc, opts)
	if err != nil || d.IsZero() || plausible(d.DateTime, time.Now()).IsZero() || pm.inComments(d.SrcString) {
		return htmldate.Result{}, time.Time{}
	}
	if fromSlug(d, pageURL) {
		return htmldate.Result{}, time.Time{}
	}
	fromURL := pageURL != nil && d.SrcString == pageURL.String()
	sw := swapDayMonth(d.DateTime)
	declared, swapDeclared := pm.declaresPublished(d.DateTime), pm.declaresPublished(sw)
	switch {
	case declared:
	case !fromURL && !swapDeclared && onlyInStoryLists(doc, d.SrcString):
		return htmldate.Result{}, time.Time{} // another story's date, in a list of them
	case swapDeclared:
		d.DateTime = sw // "Posted on: 03/05/2019" read day first, where the metadata says March 5
	case !fromURL:
		d.DateTime = byWeekday(d.DateTime, d.SrcString, pm.lang) // a text's "do, 07/02/2009", not a URL's slug words
	}
	switch l := fastLabel(d); {
	case l == eventLabel: // "Release: 14.11.2019" in a marked date element
		return htmldate.Result{}, time.Time{}
	case fromURL && l == updateLabel: // an update section's /updates/2019/03/12/: no change's date either
		return htmldate.Result{}, time.Time{}
	case l == updateLabel || pm.onlyModified(d.DateTime) || pm.markedModified(d.DateTime):
		return htmldate.Result{}, d.DateTime
	}
	return d, time.Time{}
}

// onlyInStoryLists reports whether src, the text htmldate read a date from, is
// written only inside items of lists of stories, lists of linked items of which
// another writes a date too ("Neueste Meldungen: <li><span>27.09.2011</span>
// <a>...</a></li>" above a release of the 26th): that date is another story's.
// A src the page writes in no one text node (an attribute's value, a container's
// text split over elements), or also outside such lists, is not.
func onlyInStoryLists(doc *html.Node, src string) bool {
	want := clean(src)
	if want == "" {
		return false
	}
	// A text node without want's first word cannot hold want, and is not cleaned.
	first, _, _ := strings.Cut(want, " ")
	var s stream // for storyListItem, which remembers the items holding links
	// storyList reports whether li is an item of a list of links two of whose
	// items write a date; datedItems remembers each list's count.
	datedItems := map[*html.Node]int{}
	storyList := func(li *html.Node) bool {
		if !s.storyListItem(li) {
			return false
		}
		n, ok := datedItems[li.Parent]
		if !ok {
			for c := li.Parent.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode {
					continue
				}
				if _, at, _ := textDate(textOf(c), false); at >= 0 {
					n++
				}
			}
			datedItems[li.Parent] = n
		}
		return n >= 2
	}
	found, outside := false, false
	var walk func(n *html.Node, inList bool)
	walk = func(n *html.Node, inList bool) {
		switch {
		case outside:
			return
		case n.Type == html.TextNode && strings.Contains(n.Data, first) && strings.Contains(clean(n.Data), want):
			found, outside = true, !inList
			return
		case n.Type == html.ElementNode:
			inList = inList || storyList(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inList)
		}
	}
	walk(doc, false)
	return found && !outside
}

// fromSlug reports whether htmldate read d from the URL and its day is the
// number opening the story's slug (/2019/03/5-ways-to-save/), no day at all.
func fromSlug(d htmldate.Result, pageURL *url.URL) bool {
	if pageURL == nil || d.SrcString != pageURL.String() {
		return false
	}
	path, year := pageURL.Path, strconv.Itoa(d.DateTime.Year())
	for i := strings.Index(path, year); i >= 0; i = strings.Index(path, year) {
		if slugDay(path[i:]) {
			return true
		}
		path = path[i+len(year):] // /2019-review/2019/03/5-ways/: the next one
	}
	return false
}

// fastLabel returns the label of the date of d in the text htmldate read it
// from: that of the words starting up to updateLabelReach+longestLabel characters
// before the date where that text writes it in full (wider than elsewhere, as
// this text is one element's and its whole was read before: "Aktualisiert am
// Donnerstag, den 12. September 2019"); where it does not, an update's if an
// update word is anywhere in the text ("Updated yesterday"). A date with
// "update" after it ("/2019/03/12/updated-rules", "3 March 2020, updated 5
// March") is not an update's.
func fastLabel(d htmldate.Result) label {
	if at := writtenAt(d); at >= 0 {
		return labelOf(d.SrcString, at, updateLabelReach+longestLabel)
	}
	if isUpdateLabel(d.SrcString) {
		return updateLabel
	}
	return noLabel
}

// Date sources, as reported in Result.DateSource: where the publication date was read.
const (
	DateMetadata    = "metadata"    // the page's metadata (JSON-LD, <meta>, itemprop)
	DateMarkup      = "markup"      // htmldate's fast search outside the metadata: <time>, the URL, marked elements
	DateHeading     = "heading"     // the date written next to the article's heading
	DateMetaLine    = "metaline"    // a date on a meta line of its own: "Veröffentlicht am 8. Oktober 2010"
	DateLabelled    = "labelled"    // a date the page labels as its publication's
	DateByline      = "byline"      // the date after the author's name
	DateDateline    = "dateline"    // the date opening the article's text
	DateURL         = "url"         // a date in the URL's path, where htmldate's fast search found none or it was dropped (an update's)
	DateDescription = "description" // a date written in the page's description
	DateSearch      = "search"      // htmldate's search of the page's text
	DateModified    = "modified"    // the page's last change, where it gives no other date
	// DateFirstPublished is a note in the article's text that it was first
	// published earlier: "This post first appeared on my old blog on July 22, 2016".
	DateFirstPublished = "first-published"
)

// publishedDate chooses the publication date, and names its source, among, in
// order: a date on a meta line of its own ("Veröffentlicht am 8. Oktober 2010";
// it yields to the metadata alone or agreeing with the heading's date), the date
// written next to the article's heading (the <h1> matching the metadata title,
// else the one matching hl, the headline; what readers see as the article's
// date; an update's date there that is older than structured is dropped),
// structured (the date from htmldate's fast search and the page's metadata; when
// it is the same day as the heading's date, it is kept for its time of day; when
// it is another day, it wins only if a later source backs it and neither a later
// source nor the metadata backs the heading's date), a date the page labels as
// its publication's ("Erschienen am 26. Jan 2022"), the date after the author's
// name in the byline, the dateline opening the article's text, a date in the
// URL's path, a date written in the page's description, a full date found by
// htmldate's text search, and last, where none of these gives one, the page's
// last change (res.Modified); over all of them, a note in the text of an older
// first publication (firstPublishedDate), which a last change on its day does
// not outweigh either.
// docs/extraction.md tells each step's reasons.
func publishedDate(doc *html.Node, pageURL *url.URL, res *Result, pm *pageMeta, structured time.Time, hl string) (time.Time, string) {
	t, source := pageDate(doc, pageURL, res, pm, structured, hl)
	f := plausible(firstPublishedDate(res.Text, monthFirst(pageLang(pm, res))), time.Now())
	older := f.Before(t) && !sameDay(f, t)
	if !f.IsZero() && (t.IsZero() || older || source == DateModified && sameDay(f, t)) {
		return f, DateFirstPublished
	}
	return t, source
}

// pageLang is the page's language as it declares it ("en-US"), else as
// go-trafilatura detected it.
func pageLang(pm *pageMeta, res *Result) string {
	if pm.lang != "" {
		return pm.lang // as written: go-trafilatura reports "en" for "en-US"
	}
	return res.Lang
}

// pageDate is publishedDate but for a note of the first publication.
func pageDate(doc *html.Node, pageURL *url.URL, res *Result, pm *pageMeta, structured time.Time, hl string) (time.Time, string) {
	now := time.Now()
	mf := monthFirst(pageLang(pm, res))
	heading := mainHeading(doc, res.Title)
	lastSave := false
	if p := pm.markedPublished(structured); !p.IsZero() {
		structured, lastSave = p, true // the metadata's date is the page's last save
	}
	var declared time.Time // the day the metadata declares, which a date beside the heading may repeat
	if lastSave || pm.declaresPublished(structured) {
		declared = structured
	}
	hd := headerDate(doc, heading, mf, declared)
	if hd.t.IsZero() && hl != res.Title {
		byHeadline := mainHeading(doc, hl)
		hd = headerDate(doc, byHeadline, mf, declared)
		if heading == nil {
			heading = byHeadline
		}
	}
	h, numeric := plausible(hd.t, now), hd.numeric
	if hd.update && !structured.IsZero() && h.Before(structured) && !sameDay(h, structured) {
		h = time.Time{} // no page is updated before it is published: a sentence's "last updated on 3 March 2015"
	}
	structuredSource := DateMarkup
	if !lastSave && pm.declaresPublished(structured) {
		structuredSource = DateMetadata
	}
	utcAlone := h.IsZero() && inUTC(structured) // its day may not be the publisher's: "10:12 PM CDT November 3" is 03:12Z on the 4th
	if structuredSource == DateMetadata && (h.IsZero() || sameDay(h, structured)) && !utcAlone && !pm.declaresOnlyGeneric() {
		return structured, structuredSource // the metadata, alone or with the heading: a meta line would not outweigh it
	}
	visible := dateStream(doc, heading, mf) // the page's text, read only when the metadata does not settle the date
	if l := plausible(metaLineDate(visible), now); !l.IsZero() {
		switch {
		case sameDay(l, structured), utcAlone && !nextDays(l, structured):
			return structured, structuredSource
		case !sameDay(l, h): // the heading's date, when the same day, is chosen below
			return l, DateMetaLine
		}
	}
	if !structured.IsZero() && (h.IsZero() || sameDay(h, structured) || numeric && sameDay(swapDayMonth(h), structured)) {
		return structured, structuredSource // alone, or agrees (perhaps once a numeric 03/04 is read the other way): keeps the time of day
	}
	numeric = numeric && h.Day() <= 12 && h.Day() != int(h.Month()) // 03/04/2019 may be read the other way; 13/04/2019 and 04/04/2019 not
	if !h.IsZero() && structured.IsZero() && !numeric {
		return h, DateHeading
	}
	later := []sourced{{DateLabelled, labelledDate(visible)}, {DateByline, bylineDate(visible, res.Authors)},
		{DateDateline, datelineDate(res.Text, []string{res.Title, hl}, mf)}}
	if pageURL != nil {
		if t, at := urlDate(pageURL.Path); at >= 0 && !labelOf(pageURL.Path, at, updateLabelReach).elsewhere() {
			later = append(later, sourced{DateURL, t}) // not /updates/2019/03/12/
		}
	}
	for i := range later {
		later[i].t = plausible(later[i].t, now)
	}
	if numeric && !backs(later, h) && backs(later, swapDayMonth(h)) {
		h = swapDayMonth(h) // "05/06/2015" above a dateline's "May 6, 2015"
	}
	if !h.IsZero() { // and structured is another day, or none
		if backs(later, structured) && !backs(later, h) && !pm.declaresPublished(h) {
			return structured, structuredSource // the heading's date stands alone against two sources
		}
		return h, DateHeading
	}
	for _, l := range later {
		if !l.t.IsZero() {
			return l.t, l.source
		}
	}
	if t := plausible(unlabelledDate(res.Description, mf), now); !t.IsZero() {
		return t, DateDescription
	}
	if t := searchDate(doc, pageURL, pm); !t.IsZero() {
		return t, DateSearch
	}
	// The page gives no date but its last change's: a wiki's "This page was last
	// modified on 4 September 2012", a page's dateModified alone.
	if t := plausible(res.Modified, now); !t.IsZero() {
		return t, DateModified
	}
	return time.Time{}, ""
}

// inUTC reports whether t is a time of day given in UTC (03:12Z), not a date
// alone: its calendar day is the publisher's only where the publisher lives in UTC.
func inUTC(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	_, offset := t.Zone()
	h, m, s := t.Clock()
	return offset == 0 && h+m+s > 0
}

// nextDays reports whether a and b are calendar days next to each other.
func nextDays(a, b time.Time) bool {
	a = time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	b = time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return a.Sub(b).Abs() == 24*time.Hour
}

// sourced is a date and the source it was read from.
type sourced struct {
	source string
	t      time.Time
}

// backs reports whether one of dates is t's day.
func backs(dates []sourced, t time.Time) bool {
	return slices.ContainsFunc(dates, func(d sourced) bool { return !d.t.IsZero() && sameDay(d.t, t) })
}

// monthFirst reports whether pages in language lang write 03/04/2019 for March 4:
// US English does, other languages do not. Plain "en" says nothing either way and
// is read day first, as most of the world writes.
func monthFirst(lang string) bool {
	lang = strings.ToLower(lang)
	return lang == "en-us" || lang == "en_us"
}

// writesDayFirst reports whether a page in language lang (as its <html lang>
// writes it) writes 03/04/2019 for 3 April in its metadata: every language but
// English, and the English of Britain, Ireland, Australia, New Zealand, India and
// South Africa. Plain "en" and an unknown language are read month first, as
// dateparse does.
func writesDayFirst(lang string) bool {
	lang = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(lang)), "_", "-")
	switch {
	case lang == "":
		return false
	case lang == "en" || strings.HasPrefix(lang, "en-"):
		return slices.Contains([]string{"en-gb", "en-ie", "en-au", "en-nz", "en-in", "en-za"}, lang)
	}
	return true
}

// swapDayMonth returns t with day and month exchanged, or the zero time when that
// is not a date (day above 12).
func swapDayMonth(t time.Time) time.Time {
	if t.IsZero() || t.Day() > 12 {
		return time.Time{}
	}
	return time.Date(t.Year(), time.Month(t.Day()), int(t.Month()), 0, 0, 0, 0, time.UTC)
}

// searchDate looks for a publication date in the page's text with htmldate's
// extensive search. It keeps only a date the page writes in full outside its
// comments, not labelled as an update, and not in another page's URL
// (linksElsewhere).
func searchDate(doc *html.Node, pageURL *url.URL, pm *pageMeta) time.Time {
	opts := htmldate.Options{UseOriginalDate: true}
	if pageURL != nil {
		opts.URL = pageURL.String()
	}
	d, err := htmldate.FromDocument(doc, opts)
	if err != nil || d.IsZero() || pm.inComments(d.SrcString) || fromSlug(d, pageURL) {
		return time.Time{}
	}
	if at := writtenAt(d); at < 0 || linksElsewhere(pageURL, pm, d.SrcString, at) || labelOf(d.SrcString, at, updateLabelReach).elsewhere() {
		return time.Time{}
	}
	return plausible(d.DateTime, time.Now())
}

// rxURLRest matches the rest of a URL written in an attribute, from a date on:
// `2011/08/19/mtv-to-debut/">MTV to debut` gives `2011/08/19/mtv-to-debut/`.
var rxURLRest = regexp.MustCompile(`^[^\s"'<>]+`)

// linksElsewhere reports whether the date at offset at of src, the text htmldate's
// search read it from, is written in a URL in an attribute (an <a href>, an <img
// src>, WordPress's <link rel="prev">, a data-url) that is not the page's own
// (pageURL, its canonical URL, its og:url). That is another page's date: a related
// story's /2011/08/19/ under one of 2010-08-13. htmldate cuts src, so the URL
// may run past its end.
func linksElsewhere(pageURL *url.URL, pm *pageMeta, src string, at int) bool {
	rest := rxURLRest.FindString(src[at:])
	end := at + len(rest)
	quoted := end < len(src) && (src[end] == '"' || src[end] == '\'')
	inPath := at > 0 && src[at-1] == '/' // /2011/08/19/..., not a data-date="2011-08-19"
	if !inPath || !quoted && end < len(src) {
		return false // a date in the text, or an attribute's date alone
	}
	own := []string{pm.canonical, pm.ogURL}
	if pageURL != nil {
		own = append(own, pageURL.String())
	}
	return !slices.ContainsFunc(own, func(u string) bool { return strings.Contains(u, rest) })
}

// textReach bounds, in bytes, the text read for dates one after the other (a
// description, the text htmldate read its date from): each date read scans the
// rest of the text, so a page written as thousands of dates would otherwise cost
// the square of its length.
const textReach = 2000

// updateLabelReach is how far before a date, in characters, a word labels it as an
// update ("Aktualisiert am 3. März 2020").
const updateLabelReach = 30

// publishLabelReach is how far before a date, in characters, a publication word
// labels it: further than an update's, as the publisher's or the author's name
// may come between ("Publié par l'équipe communication le 27 avril 2022",
// "Published in The Halvern Standard on Jan. 24, 2018").
const publishLabelReach = 45

// writtenAt returns where the text htmldate read its date from writes that
// date with day, month and four-digit year, outside an HTML comment, or -1.
// htmldate's text search also reports a year alone ("© 2017") or a month
// ("03/2020") as the first day of that period, and reads dates out of script URLs
// and HTML comments: none of these is a publication date to the day.
func writtenAt(d htmldate.Result) int {
	src := d.SrcString[:min(len(d.SrcString), textReach)]
	if strings.Contains(src, "<!--") || strings.Contains(src, "-->") {
		return -1
	}
	for off := 0; off < len(src); {
		t, at, end := textDate(src[off:], false)
		if at < 0 {
			break
		}
		if sameDay(t, d.DateTime) {
			return off + at
		}
		if t2, _, _ := textDate(src[off+at:], true); sameDay(t2, d.DateTime) {
			return off + at
		}
		off += end
	}
	return -1
}

// rxDatelinePlace is what may come before the date of a dateline: an opening
// bracket and a place name ending in a comma ("BERLIN, ", "( Pescasseroli, ").
var rxDatelinePlace = regexp.MustCompile(`^[\s(\[]*(?:\p{L}[\p{L}\p{M} .'/-]{0,40},\s*)?$`)

// datelineReach is how far into a paragraph, in bytes, its dateline's date may
// start; a paragraph of fewer characters is a label, not one of the two read.
// datelineLines bounds the paragraphs read.
const (
	datelineReach = 80
	datelineLines = 6
)

// datelineDate returns the date of the article's dateline: a full date at the
// start of one of its first two paragraphs but the headline (the text often
// opens with it), after at most a place name ("29.11.2022 – Mehrfach ...",
// "BERLIN, 3 March 2021 - ..."), else zero. Lines shorter than a sentence
// ("FOR IMMEDIATE RELEASE", "(All amounts in Canadian dollars)") are read but
// not counted, up to datelineLines paragraphs in all.
func datelineDate(text string, headlines []string, monthFirst bool) time.Time {
	seen, read := 0, 0
	for p := range strings.SplitSeq(text, "\n\n") {
		if slices.ContainsFunc(headlines, func(h string) bool { return h != "" && squash(h) == squash(p) }) {
			continue
		}
		if read++; seen == 2 || read > datelineLines {
			break
		}
		if utf8.RuneCountInString(p) >= datelineReach {
			seen++
		}
		p = p[:min(len(p), datelineReach+dateWidth)] // wide enough for a date starting in reach
		t, at, _ := textDate(p, monthFirst)
		if at >= 0 && at <= datelineReach && rxDatelinePlace.MatchString(p[:at]) && !isUpdateLabel(p[:at]) {
			return t
		}
	}
	return time.Time{}
}

// unlabelledDate returns the first full date written in the first textReach bytes
// of s that no update word ("mis à jour le 7 janvier 2020") labels, else zero.
func unlabelledDate(s string, monthFirst bool) time.Time {
	s = s[:min(len(s), textReach)]
	for off := 0; off < len(s); {
		t, at, end := textDate(s[off:], monthFirst)
		if at < 0 {
			break
		}
		if !labelOf(s, off+at, updateLabelReach).elsewhere() {
			return t
		}
		off += end
	}
	return time.Time{}
}
