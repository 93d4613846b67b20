package crawler

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/crawler/urlnorm"
)

// feedSeeds are small feeds of every format the crawler reads, and the
// damage repairFeed puts right.
var feedSeeds = []string{
	`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://news.example/</link>` +
		`<item><title>Bank &amp; Meta</title><link>/a/1</link><guid>https://news.example/a/1</guid><pubDate>Mon, 03 Mar 2025 12:00:00 GMT</pubDate>` +
		`<description>&lt;p&gt;Facebook &lt;b&gt;shares&lt;/b&gt; data&lt;/p&gt;</description><author>a@b.c (Ann)</author></item></channel></rss>`,
	`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>E</title><link href="https://news.example/e"/>` +
		`<id>tag:x,2025:e</id><updated>2025-03-03T12:00:00Z</updated><author><name>Bo</name></author><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>`,
	`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://news.example/j","title":"J1","content_html":"<p>x</p>","date_published":"2025-03-03T12:00:00Z","authors":[{"name":"Cy"}]}]}`,
	`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel>` +
		`<item rdf:about="https://news.example/r"><title>R1</title><link>https://news.example/r</link></item></rdf:RDF>`,
	`<rss version="0.91"><channel><title>Old</title><item><title>O</title><link>https://news.example/o</link></item></channel></rss>`,
	"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>\x93Q\x94</title><link>https://news.example/c</link></item></channel></rss>",
	"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\x01ctl\x0b</title><item><title>T</title><link>https://news.example/t</link></item><item><title>cut",
	"\xff\xfe<\x00r\x00s\x00s\x00>\x00<\x00/\x00r\x00s\x00s\x00>\x00",
	`<?xml version="1.0" encoding="x-unknown"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="javascript:x"/></entry>`,
	"<rss><channel><item><link>http://[::1]:80/a/../b?utm_source=x#f</link></item></channel></rss>",
	strings.Repeat("<a>", 1200), "{}", "", "<", "<!--", "<![CDATA[", "<?xml",
}

// FuzzParseFeed feeds arbitrary bytes through the crawl's feed path:
// fetch.ParseFeed (limits, gofeed, repair) and then each item's link, date,
// author and HTML-to-text, as a poll does. Nothing may panic; a refusal
// wraps fetch.ErrParse or fetch.ErrTooManyItems and names the feed; an item link is
// refused or an http(s) URL that Normalize leaves as it is.
func FuzzParseFeed(f *testing.F) {
	for _, s := range feedSeeds {
		f.Add([]byte(s))
	}
	for _, b := range realFeedSeeds(f, 24) {
		f.Add(b)
	}
	const feedURL = "https://feeds.example/news.xml"
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, err := fetch.ParseFeed(body, feedURL)
		if err != nil {
			if !errors.Is(err, fetch.ErrParse) && !errors.Is(err, fetch.ErrTooManyItems) {
				t.Fatalf("ParseFeed error %q wraps neither fetch.ErrParse nor fetch.ErrTooManyItems", err)
			}
			if !strings.Contains(err.Error(), feedURL) {
				t.Fatalf("ParseFeed error %q does not name the feed", err)
			}
			return
		}
		if feed == nil || len(feed.Items) > fetch.DefaultMaxFeedItems {
			t.Fatalf("ParseFeed = %v items, nil error; want a feed of at most %d items", feed, fetch.DefaultMaxFeedItems)
		}
		for _, it := range feed.Items {
			if it == nil {
				continue
			}
			// An error skips the item; a link is stored as the story's URL.
			if link, err := itemLink(it, feedURL); err == nil {
				if !strings.HasPrefix(link, "http://") && !strings.HasPrefix(link, "https://") {
					t.Fatalf("itemLink(%q) = %q, not an http(s) URL", it.Link, link)
				}
				if again, err := urlnorm.Normalize(link); err != nil || again != link {
					t.Fatalf("itemLink(%q) = %q, which Normalize turns into %q, %v", it.Link, link, again, err)
				}
			}
			_ = itemTime(it)
			_ = itemAuthor(it)
			if s := htmlToText(it.Description); !utf8.ValidString(s) && utf8.ValidString(it.Description) {
				t.Fatalf("htmlToText(%q) = %q, not valid UTF-8", it.Description, s)
			}
		}
	})
}

// realFeedSeeds returns up to n small files of $NEWSHOUND_DATA/feeds
// (by default ../../shared/data/feeds), read in place, or none when the
// shared data is missing.
func realFeedSeeds(f *testing.F, n int) [][]byte {
	dir := filepath.Join("..", "..", "shared", "data", "feeds")
	if d := os.Getenv("NEWSHOUND_DATA"); d != "" {
		dir = filepath.Join(d, "feeds")
	}
	var paths []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".xml") || strings.HasSuffix(path, ".json")) {
			if info, err := d.Info(); err == nil && info.Size() < 16<<10 {
				paths = append(paths, path)
			}
		}
		return nil
	})
	if len(paths) == 0 {
		f.Logf("no real-world feed seeds at %s (set NEWSHOUND_DATA to the shared data directory)", dir)
		return nil
	}
	var out [][]byte
	step := max(1, len(paths)/n)
	for i := 0; i < len(paths) && len(out) < n; i += step {
		if b, err := os.ReadFile(paths[i]); err == nil {
			out = append(out, b)
		}
	}
	return out
}
