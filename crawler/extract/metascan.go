package extract

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// pageMeta is the structured metadata a page declares about itself: <link>, <meta>,
// itemprop attributes and JSON-LD. Fields hold raw values; empty means absent.
type pageMeta struct {
	canonical, ogURL             string
	lang                         string
	metaPublished, metaModified  string // <meta> article:published_time and the like
	metaGeneric                  bool   // metaPublished is a generic <meta name="date"> or "dc.date"
	itemPublished, itemModified  string // itemprop="datePublished"/"dateModified"; RDFa's property="dc:created" too
	jsonPublished, jsonModified  string // JSON-LD of an article-like type
	classModified                string // the first hAtom class="updated" element's datetime or text
	classPublished               string // the first hAtom class="published" element's datetime or text
	jsonRank                     int    // rank of the type they came from (jsonTypeRank)
	jsonAuthors                  []string
	jsonHeadline, jsonPublisher  string
	jsonBody                     string // the longest articleBody of an article-like JSON-LD object
	ogTitle, ogSiteName, metaAut string
	headings                     []string // texts of the first <h1> elements
	headingLinks                 []string // for each of headings, the href of the one link that writes its whole text, else ""
	subheads                     []string // texts of the first <h2> elements
	titleTag                     string   // the <title> text
	comments                     []string // collapsed text and date attributes of comment sections
}

// publishedMetaNames are <meta> names and properties that carry a publication date,
// most trusted first: pubDateNames, then genericDateNames.
var publishedMetaNames = append(slices.Clip(pubDateNames), genericDateNames...)

// pubDateNames are the <meta> names and properties of a publication date.
var pubDateNames = []string{
	"article:published_time", "og:article:published_time", "datepublished",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
	"dc.date.created", "citation_publication_date", "citation_date", "pubdate", "publishdate",
	"publish-date", "publish_date", "article.published",
}

// genericDateNames are <meta> names that say "a date", not whose. Templates
// stamp them with a build or migration day, so a publication date the page
// writes on its meta line outweighs them.
var genericDateNames = []string{"date", "dc.date"}

// modifiedMetaNames are <meta> names and properties that carry a modification date.
var modifiedMetaNames = []string{
	"article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
	"dc.date.modified", "last-modified", "lastmod",
}

// scanMeta collects pageMeta from doc.
func scanMeta(doc *html.Node) *pageMeta {
	m := &pageMeta{}
	metas := map[string]string{}
	rdfaDate := "" // the first RDFa dc:date alone (see rdfaCreated)
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if len(m.comments) < maxCommentSections && isCommentSection(n) && !hasDescendant(n, "h1") {
				m.comments = append(m.comments, commentText(n))
				return
			}
			switch n.Data {
			case "html":
				m.lang = attr(n, "lang")
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case "meta":
				key := strings.ToLower(strings.TrimSpace(attr(n, "property")))
				if key == "" {
					key = strings.ToLower(strings.TrimSpace(attr(n, "name")))
				}
				if key == "" {
					key = strings.ToLower(strings.TrimSpace(attr(n, "itemprop")))
				}
				if v := strings.TrimSpace(attr(n, "content")); key != "" && v != "" {
					if _, seen := metas[key]; !seen {
						metas[key] = v
					}
				}
			case "h1":
				if len(m.headings) < maxHeadings && !notHeadline(n) {
					text := clean(visibleText(n))
					m.headings = append(m.headings, text)
					m.headingLinks = append(m.headingLinks, wholeLink(n, text))
				}
			case "h2":
				if len(m.subheads) < maxHeadings && !notHeadline(n) {
					m.subheads = append(m.subheads, clean(visibleText(n)))
				}
			case "title":
				if m.titleTag == "" {
					m.titleTag = clean(textOf(n))
				}
			case "script":
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					m.addJSONLD(n.FirstChild.Data)
				}
			}
			if m.classModified == "" || m.classPublished == "" {
				classes := strings.Fields(attr(n, "class"))
				if m.classModified == "" && slices.Contains(classes, "updated") {
					m.classModified = strings.TrimSpace(cmp.Or(attr(n, "datetime"), textOf(n)))
				}
				if m.classPublished == "" && slices.Contains(classes, "published") {
					m.classPublished = strings.TrimSpace(cmp.Or(attr(n, "datetime"), textOf(n)))
				}
			}
			if n.Data != "meta" && rdfaPublished(n) {
				v := strings.TrimSpace(attr(n, "content"))
				if !rdfaCreated(n) {
					rdfaDate = cmp.Or(rdfaDate, v)
				} else if m.itemPublished == "" {
					m.itemPublished = v
				}
			}
			if ip := attr(n, "itemprop"); ip != "" && n.Data != "meta" {
				v := attr(n, "datetime")
				if v == "" {
					v = attr(n, "content")
				}
				switch {
				case ip == "datePublished" && m.itemPublished == "":
					m.itemPublished = strings.TrimSpace(v)
				case ip == "dateModified" && m.itemModified == "":
					m.itemModified = strings.TrimSpace(v)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if m.itemPublished == "" {
		m.itemPublished = rdfaDate // a dc:date alone, where no element says dc:created
	}
	m.metaPublished = firstOf(metas, publishedMetaNames)
	m.metaGeneric = m.metaPublished != "" && firstOf(metas, pubDateNames) == ""
	m.metaModified = firstOf(metas, modifiedMetaNames)
	if m.itemPublished == "" {
		m.itemPublished = metas["datepublished"]
	}
	m.ogURL = metas["og:url"]
	m.ogTitle = metas["og:title"]
	m.ogSiteName = metas["og:site_name"]
	m.metaAut = firstOf(metas, []string{"author", "article:author", "dc.creator", "parsely-author", "sailthru.author"})
	return m
}

// rdfaPublished reports whether n carries its publication date in RDFa, as
// Drupal 7 writes every node's submitted line: <span property="dc:date
// dc:created" content="2019-04-09T14:05:33+02:00">Submitted by ann on
// 04/09/2019</span>. The visible text may be in any format; the content is ISO.
func rdfaPublished(n *html.Node) bool {
	return attr(n, "content") != "" && (rdfaCreated(n) || hasProperty(n, "dc:date"))
}

// rdfaCreated reports whether n's RDFa property names a creation or issue, not
// only a date: Drupal 7 writes "dc:date dc:created" on a node's submitted line and
// "dc:date" alone on its date fields, an event's "Termin: 15. Februar 2014".
func rdfaCreated(n *html.Node) bool {
	return hasProperty(n, "dc:created", "dcterms:created", "dcterms:issued", "schema:datepublished")
}

// hasProperty reports whether n's RDFa property attribute holds one of names, in
// lower case.
func hasProperty(n *html.Node, names ...string) bool {
	return slices.ContainsFunc(strings.Fields(attr(n, "property")), func(p string) bool {
		return slices.Contains(names, strings.ToLower(p))
	})
}

// hasDescendant reports whether n has an element descendant named tag. A block
// marked "comment" that holds an <h1> wraps the article ("commentable-content"),
// it is not a comment section.
func hasDescendant(n *html.Node, tag string) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag || hasDescendant(c, tag) {
			return true
		}
	}
	return false
}

// logoMarks in the class or id of a heading or of a block around it mark the site's
// name or logo; kickerMarks on a heading mark the line above the headline.
var (
	logoMarks   = []string{"logo", "brand", "site-title", "site-name", "sitename", "sitetitle"}
	kickerMarks = []string{"kicker", "strapline", "overline", "dachzeile", "roofline", "topline", "eyebrow", "supertitle"}
)

// logoDepth is how many blocks around a heading may mark it as the site's logo.
const logoDepth = 3

// notHeadline reports whether the heading n is marked up as the site's name or
// logo (its class or id, or that of one of its logoDepth nearest ancestors) or as a
// kicker (its own class or id): such a heading is never the article's headline.
func notHeadline(n *html.Node) bool {
	if marked(n, kickerMarks) {
		return true
	}
	for a, depth := n, 0; a != nil && depth <= logoDepth && !pageContainers[a.Data]; a, depth = a.Parent, depth+1 {
		if marked(a, logoMarks) {
			return true
		}
	}
	return false
}

// wholeLink returns the href of the link that writes all of heading n's text
// (its visible text, text): an <a> inside it, or one around it; else "".
func wholeLink(n *html.Node, text string) string {
	if text == "" {
		return ""
	}
	for a, depth := n.Parent, 0; a != nil && depth < 2; a, depth = a.Parent, depth+1 {
		if a.Type == html.ElementNode && a.Data == "a" {
			if clean(visibleText(a)) != text {
				return "" // a card's link around the heading and more
			}
			return attr(a, "href")
		}
	}
	var href string
	found := false
	var walk func(*html.Node) bool
	walk = func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.Data == "a" {
			if found {
				return false // a second link
			}
			found, href = true, attr(c, "href")
			return clean(visibleText(c)) == text
		}
		for d := c.FirstChild; d != nil; d = d.NextSibling {
			if !walk(d) {
				return false
			}
		}
		return true
	}
	if !walk(n) || !found {
		return ""
	}
	return href
}

// marked reports whether n's class or id contains one of marks, ignoring case.
func marked(n *html.Node, marks []string) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		v := strings.ToLower(a.Val)
		for _, m := range marks {
			if strings.Contains(v, m) {
				return true
			}
		}
	}
	return false
}

// maxHeadings caps the <h1> and the <h2> headings remembered per page.
const maxHeadings = 12

// maxCommentSections caps the comment sections remembered per page.
const maxCommentSections = 50

// isCommentSection reports whether n's class or id marks it as a reader comment
// section or a single comment. Page-wide containers (<body>, <main>, <article>) never
// are: their classes describe the page ("comments-open").
func isCommentSection(n *html.Node) bool {
	if pageContainers[n.Data] {
		return false
	}
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && strings.Contains(strings.ToLower(a.Val), "comment") {
			return true
		}
	}
	return false
}

// commentText returns n's text and the datetime, content and title attributes of its
// elements, collapsed and separated by newlines.
func commentText(n *html.Node) string {
	var b strings.Builder
	b.WriteString(clean(textOf(n)))
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "datetime" || a.Key == "content" || a.Key == "title" {
					b.WriteByte('\n')
					b.WriteString(strings.TrimSpace(a.Val))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// inComments reports whether src, the text or markup a date was read from, lies in
// one of the page's comment sections.
func (m *pageMeta) inComments(src string) bool {
	s := clean(stripTags(src))
	if len(s) < 4 {
		return false
	}
	for _, c := range m.comments {
		if strings.Contains(c, s) {
			return true
		}
	}
	return false
}

// stripTags removes what looks like markup (<...>) from s.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func firstOf(metas map[string]string, keys []string) string {
	for _, k := range keys {
		if v := metas[k]; v != "" {
			return v
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// jsonTypeRank ranks schema.org types by how surely their dates are the page's own:
// 2 for articles and posts, 1 for web pages, 0 for anything else (ignored).
func jsonTypeRank(t any) int {
	best := 0
	var one func(string)
	one = func(s string) {
		switch strings.ToLower(s) {
		case "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
			"opinionnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle",
			"report", "socialmediaposting", "liveblogposting", "review", "recipe", "howto":
			best = max(best, 2)
		case "webpage", "itempage", "aboutpage", "qapage", "collectionpage":
			best = max(best, 1)
		}
	}
	switch x := t.(type) {
	case string:
		one(x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				one(s)
			}
		}
	}
	return best
}

// addJSONLD reads one JSON-LD script. Of all objects, the highest-ranked type wins,
// and the first among equals.
func (m *pageMeta) addJSONLD(src string) {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return
	}
	var visit func(any, int)
	visit = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			rank := jsonTypeRank(x["@type"])
			if body, ok := x["articleBody"].(string); ok && rank == 2 && len(body) > len(m.jsonBody) {
				m.jsonBody = body
			}
			if rank == 0 || rank <= m.jsonRank {
				return
			}
			pub, _ := x["datePublished"].(string)
			if pub == "" {
				pub, _ = x["dateCreated"].(string)
			}
			mod, _ := x["dateModified"].(string)
			if pub == "" && mod == "" {
				return
			}
			m.jsonRank = rank
			m.jsonPublished, m.jsonModified = pub, mod
			m.jsonAuthors = jsonNames(x["author"])
			m.jsonHeadline, _ = x["headline"].(string)
			if p, ok := x["publisher"].(map[string]any); ok {
				m.jsonPublisher, _ = p["name"].(string)
			}
		}
	}
	visit(v, 0)
}

// jsonNames returns the names in a JSON-LD author value: a string, a Person object
// or a list of either.
func jsonNames(v any) []string {
	switch x := v.(type) {
	case string:
		if x = clean(x); x != "" {
			return []string{x}
		}
	case map[string]any:
		if s, ok := x["name"].(string); ok && clean(s) != "" {
			return []string{clean(s)}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonNames(e)...)
		}
		return out
	}
	return nil
}

// visibleText returns the concatenated text of n's descendants outside <style>,
// <script> and the other elements that hold no readable text (skipTags).
func visibleText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && skipTags[n.Data]:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// textOf returns the concatenated text of n's descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// declaresPublished reports whether the page's metadata declares t's day as its
// publication date.
func (m *pageMeta) declaresPublished(t time.Time) bool {
	return anySameDay([]string{m.jsonPublished, m.metaPublished, m.itemPublished}, t, writesDayFirst(m.lang))
}

// declaresOnlyGeneric reports whether the only publication date the page's
// metadata declares is a generic <meta name="date"> (genericDateNames).
func (m *pageMeta) declaresOnlyGeneric() bool {
	return m.metaGeneric && m.jsonPublished == "" && m.itemPublished == ""
}

// anySameDay reports whether one of the dates written in values is t's day;
// dayFirst is parseDate's.
func anySameDay(values []string, t time.Time, dayFirst bool) bool {
	if t.IsZero() {
		return false
	}
	now := time.Now()
	return slices.ContainsFunc(values, func(s string) bool {
		d := parseDate(s, now, dayFirst)
		return !d.IsZero() && sameDay(d, t)
	})
}

// markedModified reports whether t is the day of the page's hAtom "updated"
// element (Avada and many WordPress themes write one, often hidden, beside the
// visible date) and of no publication date the metadata declares: htmldate takes
// such an element for the publication date.
func (m *pageMeta) markedModified(t time.Time) bool {
	dayFirst := writesDayFirst(m.lang)
	return anySameDay([]string{m.classModified}, t, dayFirst) &&
		!anySameDay([]string{m.metaPublished, m.itemPublished, m.jsonPublished}, t, dayFirst)
}

// markedPublished returns the time of the page's hAtom "published" element when
// it is on an older day than t, a publication time the metadata declares that is
// only the page's last save: the metadata writes it as its modification time too
// (a schema plugin's "datePublished" and "dateModified" both 2023-01-18T21:47:03)
// and the theme's hAtom "updated" element is on its day, on a post the theme
// marks as published on 5 October 2016. Else it returns the zero time.
func (m *pageMeta) markedPublished(t time.Time) time.Time {
	now, dayFirst := time.Now(), writesDayFirst(m.lang)
	p := plausible(parseDate(m.classPublished, now, dayFirst), now)
	if p.IsZero() || !p.Before(t) || sameDay(p, t) || !anySameDay([]string{m.classModified}, t, dayFirst) {
		return time.Time{}
	}
	for _, pair := range [][2]string{{m.jsonPublished, m.jsonModified}, {m.metaPublished, m.metaModified}, {m.itemPublished, m.itemModified}} {
		pub, mod := parseDate(pair[0], now, dayFirst), parseDate(pair[1], now, dayFirst)
		if !pub.IsZero() && sameDay(pub, t) && pub.Equal(mod) {
			return p
		}
	}
	return time.Time{}
}

// onlyModified reports whether t is the modification time the page's metadata
// declares while the metadata declares no publication time: htmldate takes
// og:updated_time for the publication date when nothing else is there.
func (m *pageMeta) onlyModified(t time.Time) bool {
	if m.metaPublished != "" || m.itemPublished != "" || m.jsonPublished != "" {
		return false
	}
	return anySameDay([]string{m.metaModified, m.itemModified, m.jsonModified}, t, writesDayFirst(m.lang))
}
