package simweb

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"strings"
	"time"
)

// feed is one feed of a site; its body and validators are rebuilt by render
// whenever an item is added. Guarded by web.mu.
type feed struct {
	site    *site
	format  Format
	path    string
	url     string
	title   string
	items   []*article // newest first
	body    []byte
	etag    string
	lastMod time.Time
}

// render rebuilds the feed's body, ETag and Last-Modified.
func (f *feed) render() {
	f.lastMod = f.site.web.opts.Now.Add(-7 * 24 * time.Hour)
	for _, a := range f.items {
		if a.Published.After(f.lastMod) {
			f.lastMod = a.Published
		}
	}
	var b strings.Builder
	switch f.format {
	case Atom:
		f.atom(&b)
	case JSONFeed:
		f.json(&b)
	case RSS1:
		f.rss1(&b)
	case RSS091:
		f.rss091(&b)
	default:
		f.rss2(&b)
	}
	f.body = []byte(b.String())
	h := fnv.New64a()
	h.Write(f.body)
	f.etag = fmt.Sprintf(`"%x"`, h.Sum64())
}

// esc escapes text for XML content and attributes.
func esc(s string) string { return html.EscapeString(s) }

func (f *feed) rss2(b *strings.Builder) {
	s := f.site
	fmt.Fprintf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n")
	fmt.Fprintf(b, "<title>%s</title>\n<link>%s/</link>\n<description>Latest stories from %s</description>\n<language>en-us</language>\n",
		esc(f.title), s.base, esc(s.name))
	fmt.Fprintf(b, "<atom:link href=\"%s\" rel=\"self\" type=\"application/rss+xml\"/>\n<lastBuildDate>%s</lastBuildDate>\n",
		f.url, f.lastMod.Format(time.RFC1123Z))
	if ttl := s.web.opts.FeedTTL; ttl > 0 {
		fmt.Fprintf(b, "<ttl>%d</ttl>\n", int(ttl.Minutes()))
	}
	for _, a := range f.items {
		fmt.Fprintf(b, "<item>\n<title>%s</title>\n<link>%s</link>\n<guid isPermaLink=\"true\">%s</guid>\n<pubDate>%s</pubDate>\n<dc:creator>%s</dc:creator>\n<category>%s</category>\n<description>%s</description>\n</item>\n",
			esc(a.Title), a.URL, a.URL, a.Published.Format(time.RFC1123Z), esc(a.Author), a.Kind.section(), esc(a.Summary))
	}
	b.WriteString("</channel>\n</rss>\n")
}

func (f *feed) atom(b *strings.Builder) {
	s := f.site
	fmt.Fprintf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
	fmt.Fprintf(b, "<id>%s</id>\n<title>%s</title>\n<updated>%s</updated>\n<link rel=\"self\" href=\"%s\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"%s/\"/>\n",
		f.url, esc(f.title), f.lastMod.Format(time.RFC3339), f.url, s.base)
	for _, a := range f.items {
		fmt.Fprintf(b, "<entry>\n<id>%s</id>\n<title type=\"text\">%s</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"%s\"/>\n<published>%s</published>\n<updated>%s</updated>\n<author><name>%s</name></author>\n<category term=\"%s\"/>\n<summary type=\"text\">%s</summary>\n</entry>\n",
			a.URL, esc(a.Title), a.URL, a.Published.Format(time.RFC3339), a.Published.Format(time.RFC3339), esc(a.Author), a.Kind.section(), esc(a.Summary))
	}
	b.WriteString("</feed>\n")
}

func (f *feed) rss1(b *strings.Builder) {
	s := f.site
	fmt.Fprintf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n")
	fmt.Fprintf(b, "<channel rdf:about=\"%s\">\n<title>%s</title>\n<link>%s/</link>\n<description>Latest stories from %s</description>\n<dc:date>%s</dc:date>\n<items>\n<rdf:Seq>\n",
		f.url, esc(f.title), s.base, esc(s.name), f.lastMod.Format(time.RFC3339))
	for _, a := range f.items {
		fmt.Fprintf(b, "<rdf:li rdf:resource=\"%s\"/>\n", a.URL)
	}
	b.WriteString("</rdf:Seq>\n</items>\n</channel>\n")
	for _, a := range f.items {
		fmt.Fprintf(b, "<item rdf:about=\"%s\">\n<title>%s</title>\n<link>%s</link>\n<description>%s</description>\n<dc:date>%s</dc:date>\n<dc:creator>%s</dc:creator>\n</item>\n",
			a.URL, esc(a.Title), a.URL, esc(a.Summary), a.Published.Format(time.RFC3339), esc(a.Author))
	}
	b.WriteString("</rdf:RDF>\n")
}

func (f *feed) rss091(b *strings.Builder) {
	s := f.site
	fmt.Fprintf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"0.91\">\n<channel>\n<title>%s</title>\n<link>%s/</link>\n<description>Latest stories from %s</description>\n<language>en-us</language>\n",
		esc(f.title), s.base, esc(s.name))
	for _, a := range f.items {
		fmt.Fprintf(b, "<item>\n<title>%s</title>\n<link>%s</link>\n<description>%s</description>\n</item>\n",
			esc(a.Title), a.URL, esc(a.Summary))
	}
	b.WriteString("</channel>\n</rss>\n")
}

type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Language    string     `json:"language"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentText   string       `json:"content_text"`
	Summary       string       `json:"summary"`
	DatePublished string       `json:"date_published"`
	Authors       []jsonAuthor `json:"authors"`
	Tags          []string     `json:"tags"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

func (f *feed) json(b *strings.Builder) {
	jf := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: f.title,
		HomePageURL: f.site.base + "/", FeedURL: f.url, Language: "en-US",
		Items: make([]jsonItem, 0, len(f.items)),
	}
	for _, a := range f.items {
		jf.Items = append(jf.Items, jsonItem{
			ID: a.URL, URL: a.URL, Title: a.Title, ContentText: a.Summary, Summary: a.Summary,
			DatePublished: a.Published.Format(time.RFC3339),
			Authors:       []jsonAuthor{{Name: a.Author}}, Tags: []string{a.Kind.section()},
		})
	}
	enc := json.NewEncoder(b)
	enc.SetIndent("", "  ")
	_ = enc.Encode(jf) // only strings: cannot fail
}
