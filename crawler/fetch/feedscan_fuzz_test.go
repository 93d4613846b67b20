package fetch

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/newshound/newshound/internal/testkit/seeds"
	"golang.org/x/net/html/charset"
)

// hostileFeedSeeds are the shapes that fooled the byte scan scanFeed
// replaced.
var hostileFeedSeeds = []string{
	"<rss><channel>" + strings.Repeat("<item/>", 40) + "</channel></rss>",
	"<rss><channel>" + strings.Repeat("<item\n><title>t</title></item\n>", 20) + "</channel></rss>",
	`<feed xmlns="http://www.w3.org/2005/Atom">` + strings.Repeat("<entry\t/>", 20) + "</feed>",
	"<rss>" + strings.Repeat(`<x a="/>">`, 60),
	"<rss><channel><item><title>a</title></item></x></x><item/></channel></rss>",
	`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rss:item/><İTEM/></rdf:RDF>`,
	`{"version":"https://jsonfeed.org/version/1.1","items":[{},{},{"tags":["a"]}],"ITEMS":[{}]}`,
}

// FuzzScanFeed compares the pre-parse scan with what gofeed builds from
// the same bytes: the scan never counts fewer items than gofeed returns,
// nor a shallower nesting or fewer elements than gofeed's decoder (set up
// as gofeed sets it up) goes through, before and after repairFeed. With
// limits, the scan stops past the first one passed and agrees with the
// unlimited scan on whether a limit is passed.
func FuzzScanFeed(f *testing.F) {
	for _, s := range seeds.Feeds {
		f.Add([]byte(s))
	}
	for _, s := range hostileFeedSeeds {
		f.Add([]byte(s))
	}
	for _, b := range seeds.RealFeeds(f, 24) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkScanAgainstParser(t, body)
		if fixed := repairFeed(body); fixed != nil {
			checkScanAgainstParser(t, fixed)
		}
		full := scanFeed(body, feedLimits{})
		lim := feedLimits{Items: 3, Elements: 40, Depth: 6}
		cut := scanFeed(body, lim)
		if full.over(lim) != cut.over(lim) {
			t.Fatalf("scanFeed(%q) = %+v without limits and %+v with %+v: they disagree on the limits", body, full, cut, lim)
		}
		if !full.over(lim) && cut != full {
			t.Fatalf("scanFeed(%q, %+v) = %+v, want %+v as without limits", body, lim, cut, full)
		}
	})
}

// checkScanAgainstParser fails t when scanFeed(body) counts fewer items,
// elements or levels than the parser meets.
func checkScanAgainstParser(t *testing.T, body []byte) {
	t.Helper()
	s := scanFeed(body, feedLimits{})
	if feed, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err == nil && len(feed.Items) > s.Items {
		t.Fatalf("scanFeed(%q).Items = %d, but gofeed builds %d items", body, s.Items, len(feed.Items))
	}
	var ref feedShape
	if isJSONBody(body) {
		ref = jsonShape(body)
	} else {
		ref = decoderShape(body)
	}
	if ref.Depth > s.Depth || ref.Elements > s.Elements {
		t.Fatalf("scanFeed(%q) = %+v, but the parser's decoder goes through %d elements %d deep", body, s, ref.Elements, ref.Depth)
	}
}

// decoderShape counts the elements and the deepest nesting that
// gofeed's XML decoder goes through: encoding/xml's Token, not strict,
// with gofeed's charset reader and its control character filter, which
// matches end tags to start tags (a mismatched one closes more than one).
func decoderShape(body []byte) feedShape {
	d := xml.NewDecoder(&controlFilter{r: bytes.NewReader(body)})
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var s feedShape
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return s
		}
		switch tok.(type) {
		case xml.StartElement:
			s.Elements++
			depth++
			s.Depth = max(s.Depth, depth)
		case xml.EndElement:
			depth--
		}
	}
}

// jsonShape counts the values in valid JSON and its deepest nesting with
// encoding/json's tokenizer.
func jsonShape(body []byte) feedShape {
	var s feedShape
	if !json.Valid(body) {
		return s
	}
	d := json.NewDecoder(bytes.NewReader(body))
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return s
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			s.Depth = max(s.Depth, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// benchFeeds returns the bodies BenchmarkScanFeed measures: the largest
// real feeds of the shared data (when present) and a synthetic 10 MiB RSS
// feed of ordinary items.
func benchFeeds(b *testing.B) map[string][]byte {
	out := map[string][]byte{}
	dir := filepath.Join("..", "..", "..", "shared", "data", "feeds")
	if d := os.Getenv("NEWSHOUND_DATA"); d != "" {
		dir = filepath.Join(d, "feeds")
	}
	for _, name := range []string{"large_rss.xml", "large_atom.xml", "encoding_ISO-8859-1.xml"} {
		body, err := os.ReadFile(filepath.Join(dir, "miniflux", "internal", "reader", "parser", "testdata", name))
		if err != nil {
			b.Logf("no real feed %s (set NEWSHOUND_DATA to the shared data directory): %v", name, err)
			continue
		}
		out[name] = body
	}
	var big bytes.Buffer
	big.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>big</title>`)
	for i := 0; big.Len() < 10<<20-4096; i++ {
		big.WriteString(`<item><title>Facebook asks banks for data, part ` + strings.Repeat("x", i%40) + `</title><link>https://news.example/a/` +
			strings.Repeat("7", i%9+1) + `</link><pubDate>Mon, 03 Mar 2025 12:00:00 GMT</pubDate><description>&lt;p&gt;` +
			strings.Repeat("Some words of the story. ", 20) + `&lt;/p&gt;</description></item>`)
	}
	big.WriteString(`</channel></rss>`)
	out["synthetic-10MiB.xml"] = big.Bytes()
	return out
}

// BenchmarkScanFeed measures the pre-parse scan in MB/s of feed body.
func BenchmarkScanFeed(b *testing.B) {
	for name, body := range benchFeeds(b) {
		b.Run(name, func(b *testing.B) {
			var s feedShape
			for b.Loop() {
				s = scanFeed(body, feedLimits{Items: DefaultMaxFeedItems * 100, Elements: MaxFeedElements * 100, Depth: MaxFeedDepth})
			}
			if s.Elements == 0 {
				b.Fatalf("scanFeed(%s) saw no element", name)
			}
			b.ReportMetric(float64(len(body))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
		})
	}
}

// BenchmarkGofeedParse measures gofeed's parse of BenchmarkScanFeed's
// bodies in MB/s, the cost the scan is weighed against: both run
// encoding/xml's tokenizer over the body.
func BenchmarkGofeedParse(b *testing.B) {
	for name, body := range benchFeeds(b) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err != nil {
					b.Fatalf("Parse(%s): %v", name, err)
				}
			}
			b.ReportMetric(float64(len(body))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
		})
	}
}
