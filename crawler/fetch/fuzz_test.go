package fetch

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// feedSeeds are small feeds of every format the crawler reads, and the
// damage repairFeed puts right (as in crawler/fuzz_test.go, which seeds
// FuzzParseFeed with them).
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

// FuzzRepairFeed checks repairFeed on arbitrary bytes: no panic, and a
// repaired body starts with '<', holds no control character XML forbids,
// and needs no second repair.
func FuzzRepairFeed(f *testing.F) {
	for _, s := range feedSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in := slices.Clone(body)
		fixed := repairFeed(body)
		if !bytes.Equal(body, in) {
			t.Fatalf("repairFeed changed its argument")
		}
		if fixed == nil {
			return
		}
		if fixed[0] != '<' {
			t.Fatalf("repairFeed(%q) = %q, which does not start with '<'", body, fixed)
		}
		if i := bytes.IndexFunc(fixed, isBadControl); i >= 0 {
			t.Fatalf("repairFeed(%q) = %q, which keeps control character %#x at %d", body, fixed, fixed[i], i)
		}
		if again := repairFeed(fixed); again != nil {
			t.Fatalf("repairFeed(%q) = %q, which repairs again into %q", body, fixed, again)
		}
	})
}

// TestRepairControlInDeclaration pins what FuzzRepairFeed found: a control
// character inside the XML declaration hid the encoding it names from the
// repair, so a feed declaring an unknown encoding stayed unreadable.
func TestRepairControlInDeclaration(t *testing.T) {
	body := "<?xml version=\"1.0\" enco\x01ding=\"x-unknown\"?><rss version=\"2.0\"><channel><title>T</title>" +
		"<item><title>I</title><link>https://news.example/i</link></item></channel></rss>"
	f, err := ParseFeed([]byte(body), "https://feeds.example/rss")
	if err != nil {
		t.Fatalf("ParseFeed(%q) = %v, want the feed read after repair", body, err)
	}
	if len(f.Items) != 1 || f.Items[0].Title != "I" {
		t.Errorf("ParseFeed(%q) gave items %+v, want the one item I", body, f.Items)
	}
}

// realFeedSeeds returns up to n small files of $NEWSHOUND_DATA/feeds
// (by default ../../../shared/data/feeds), read in place, or none when the
// shared data is missing.
func realFeedSeeds(f *testing.F, n int) [][]byte {
	dir := filepath.Join("..", "..", "..", "shared", "data", "feeds")
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
