package extract

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FeedMeta is what a feed item says about an article. Zero values mean "not given".
type FeedMeta struct {
	Title   string
	Authors []string
	// Published is the item's explicit publication date (RSS pubDate, Atom
	// published); Updated its last change (Atom updated), which stands in
	// for the publication date only when neither the item nor the page
	// states one.
	Published time.Time
	Updated   time.Time
	// Content is the item's own HTML (content:encoded, Atom content, or description).
	Content string
}

// Merged is an article's final metadata and text, combining the feed item and the page.
type Merged struct {
	Title     string
	Authors   []string
	Published time.Time
	Modified  time.Time
	Text      string
	// TextSource is "page" when Text is the page's extracted main text, "feed" when it
	// is the feed item's content, "" when neither had text.
	TextSource string
	// Page is the extraction result the metadata was taken from; nil if there was none.
	Page *Result
	// Conflicts lists the fields where the feed and the page disagree; the feed's
	// value is kept in the field above and both are recorded here.
	Conflicts []Conflict
	// Notes explain choices a reader may wonder about, such as keeping the feed's content.
	Notes []string
}

// Conflict records a field on which the feed and the page disagree.
type Conflict struct {
	Field string // "title", "authors", "published", or "updated" (the feed's updated time against the page's date)
	Feed  string
	Page  string
}

// dateSlack is how far apart the feed's and the page's dates may be and still agree:
// pages often write the date in another time zone, or the time the story was updated.
const dateSlack = 36 * time.Hour

// Merge combines a feed item's metadata with the extraction result of its page. The
// feed's title, authors and date win when present (feeds carry them explicitly and
// reliably; pages are scraped); the page fills what the feed lacks, and disagreements
// are kept in Conflicts. A page whose only date is its last change (DateModified) has
// no publication date to weigh: the feed's updated time comes before it. The page's
// text is used unless extraction failed (page nil or extractErr non-nil) or it is
// shorter than the feed's own content, in which case the feed's content is kept and
// a note says why.
func Merge(feed FeedMeta, page *Result, extractErr error) Merged {
	m := Merged{Page: page}
	if page == nil || extractErr != nil {
		page = &Result{}
	}
	m.Title = pick(&m, "title", clean(feed.Title), page.Title, strings.EqualFold)
	m.Authors = feed.Authors
	if len(m.Authors) == 0 {
		m.Authors = page.Authors
	} else if len(page.Authors) > 0 && !sameNames(feed.Authors, page.Authors) {
		m.Conflicts = append(m.Conflicts, Conflict{"authors", strings.Join(feed.Authors, "; "), strings.Join(page.Authors, "; ")})
	}
	m.Published = feed.Published
	pagePub := page.Published
	if page.DateSource == DateModified {
		pagePub = time.Time{} // the page's last change, its only date: no publication to weigh against the feed's
	}
	switch {
	case m.Published.IsZero() && !pagePub.IsZero():
		// A feed that gives only an updated time (Atom's <updated>, no
		// <published>) says when the entry last changed, not when the story
		// came out: the page's own date wins, and a disagreement is kept.
		m.Published = pagePub
		if !feed.Updated.IsZero() && feed.Updated.Sub(pagePub).Abs() > dateSlack {
			m.Conflicts = append(m.Conflicts, Conflict{"updated", feed.Updated.Format(time.RFC3339), pagePub.Format(time.RFC3339)})
		}
	case m.Published.IsZero() && !feed.Updated.IsZero():
		m.Published = feed.Updated
	case m.Published.IsZero():
		m.Published = page.Published // the page's last change, or none
	case !pagePub.IsZero() && m.Published.Sub(pagePub).Abs() > dateSlack:
		m.Conflicts = append(m.Conflicts, Conflict{"published", feed.Published.Format(time.RFC3339), pagePub.Format(time.RFC3339)})
	}
	m.Modified = page.Modified
	if feed.Updated.After(m.Modified) {
		m.Modified = feed.Updated
	}
	feedText := htmlText(feed.Content)
	switch {
	case extractErr != nil && feedText != "":
		m.Text, m.TextSource = feedText, "feed"
		m.Notes = append(m.Notes, "kept the feed's content: extraction failed: "+extractErr.Error())
	case utf8.RuneCountInString(page.Text) < utf8.RuneCountInString(feedText):
		m.Text, m.TextSource = feedText, "feed"
		m.Notes = append(m.Notes, "kept the feed's content: it is longer than the page's extracted text")
	case page.Text != "":
		m.Text, m.TextSource = page.Text, "page"
	}
	return m
}

// pick returns the feed's value when present, else the page's, recording a conflict.
func pick(m *Merged, field, feed, page string, same func(a, b string) bool) string {
	if feed == "" {
		return page
	}
	if page != "" && !same(feed, page) {
		m.Conflicts = append(m.Conflicts, Conflict{field, feed, page})
	}
	return feed
}

// sameNames reports whether two author lists name the same people, ignoring case and order.
func sameNames(a, b []string) bool {
	norm := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = strings.ToLower(clean(s))
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(norm(a), norm(b))
}

// htmlText renders a feed's HTML content as text; plain text passes through.
func htmlText(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return clean(s)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div"}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return strings.ReplaceAll(renderText(root), softHyphen, "")
}
