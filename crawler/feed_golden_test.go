package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/internal/golden"
)

// goldenFeeds are the real feed files, under $NEWSHOUND_DATA/feeds, whose
// reading TestGoldenFeeds pins: RSS 0.90 to 2.0 and RSS 1.0 (RDF), Atom
// 1.0, JSON Feed 1.0 and 1.1, extensions, declared, undeclared and
// mis-declared legacy charsets, and files the feed path refuses or reads
// only after repair. Each one's golden is
// testdata/golden/<file name without extension>.golden.json.
var goldenFeeds = []string{
	// gofeed's cases: JSON Feed 1.0 and 1.1, extensions, and refusals.
	"gofeed/testdata/parser/universal/json10_feed.json",
	"gofeed/testdata/parser/universal/json11_feed.json",
	"gofeed/testdata/translator/json/json10_full.json",
	"gofeed/testdata/translator/json/json11_full.json",
	"gofeed/testdata/parser/atom/issue_275_extensions_and_source.xml",
	"gofeed/testdata/translator/rss/feed_item_fallbacks_-_rss_channel_item_extensions.xml",
	"gofeed/testdata/extensions/dublincore/dublincore_item_fields.xml",
	"gofeed/testdata/parser/universal/unknown_feed.xml",
	"gofeed/testdata/parser/universal/empty_feed.xml",
	"gofeed/testdata/parser/universal/invalid.json",
	// miniflux's real feeds, in several charsets, and its broken prologs.
	"miniflux/internal/reader/parser/testdata/large_rss.xml",
	"miniflux/internal/reader/parser/testdata/large_atom.xml",
	"miniflux/internal/reader/parser/testdata/small_atom.xml",
	"miniflux/internal/reader/parser/testdata/rdf_UTF8.xml",
	"miniflux/internal/reader/parser/testdata/urdu_UTF8.xml",
	"miniflux/internal/reader/parser/testdata/encoding_ISO-8859-1.xml",
	"miniflux/internal/reader/parser/testdata/no_encoding_ISO-8859-1.xml",
	"miniflux/internal/reader/parser/testdata/encoding_WINDOWS-1251.xml",
	"miniflux/internal/reader/encoding/testdata/koi8r.xml",
	"miniflux/internal/reader/encoding/testdata/windows-1252-incorrect-prolog.xml",
	"miniflux/internal/reader/encoding/testdata/utf8-incorrect-prolog.xml",
	"miniflux/internal/reader/encoding/testdata/invalid-prolog.xml",
	"miniflux/internal/reader/xml/testdata/iso88591_utf8_mismatch.xml",
	// feedvalidator's: RSS 0.90 to 2.0 and 1.1, Atom, thirty date formats,
	// IRIs, duplicate entries, and an unknown declared encoding.
	"feedvalidator/testcases/rss/must/valid_rss_090.xml",
	"feedvalidator/testcases/rss/must/rss20_spec_sample_noerror.xml",
	"feedvalidator/testcases/rss/must/atom_link.xml",
	"feedvalidator/testcases/rss/should/rss20_with_atom_elements.xml",
	"feedvalidator/testcases/rss20/introduction/rss-2.0-sample-noerror.xml",
	"feedvalidator/testcases/rss20/data-types-datetime/everything.xml",
	"feedvalidator/testcases/rss20/data-types-characterdata/non-problems.xml",
	"feedvalidator/testcases/rss11/must/neg-bad-linkuri.xml",
	"feedvalidator/testcases/atom/2/iri.xml",
	"feedvalidator/testcases/atom/4.1.1/duplicate-entries-all.xml",
	"feedvalidator/testcases/atom/should/canonical_uri.xml",
	"feedvalidator/testcases/xml/must/xml_declares_unknown_encoding.xml",
}

// feedGolden is what the feed path makes of one file: the feed's own
// fields and, for each item, what a poll keeps of it.
type feedGolden struct {
	Input string `json:"input"` // the file, under $NEWSHOUND_DATA/feeds
	// Error is the refusal of fetch.Parse, with the feed URL
	// https://feeds.example/<file name>; the rest is then empty.
	Error string `json:"error,omitempty"`
	// Repaired is the first parse's error when the feed was read only
	// after repair.
	Repaired  string       `json:"repaired,omitempty"`
	Type      string       `json:"type,omitempty"` // rss, atom or json
	Version   string       `json:"version,omitempty"`
	Title     string       `json:"title,omitempty"`
	Link      string       `json:"link,omitempty"`
	Language  string       `json:"language,omitempty"`
	Updated   string       `json:"updated,omitempty"`
	Requested string       `json:"requested,omitempty"` // fetch.BodyHint: ttl, sy:updatePeriod
	Items     int          `json:"items"`
	Kept      []itemGolden `json:"kept,omitempty"`
	Skipped   []skipGolden `json:"skipped,omitempty"`
}

// itemGolden is one feed item as a poll stores it (buildArticle before
// the page fetch), with gofeed's raw dates and id beside.
type itemGolden struct {
	Link      string     `json:"link"` // itemLink: absolute, normalized
	GUID      string     `json:"guid,omitempty"`
	Title     string     `json:"title,omitempty"`
	Author    string     `json:"author,omitempty"`
	Date      string     `json:"date,omitempty"` // itemTime: published, else updated, UTC
	Published string     `json:"published,omitempty"`
	Updated   string     `json:"updated,omitempty"`
	Summary   textGolden `json:"summary"` // htmlToText of the description
	Content   textGolden `json:"content"` // htmlToText of the content
}

// skipGolden is an item a poll skips (no usable link): its index, why,
// and the title and dates gofeed read from it.
type skipGolden struct {
	Index     int    `json:"index"`
	Error     string `json:"error"`
	Title     string `json:"title,omitempty"`
	Published string `json:"published,omitempty"`
	Updated   string `json:"updated,omitempty"`
}

// textGolden stands for a text by its length, a hash and its start.
type textGolden struct {
	Runes  int    `json:"runes"`
	SHA256 string `json:"sha256,omitempty"` // first 16 hex digits
	Start  string `json:"start,omitempty"`  // first 80 characters
}

func textOf(s string) textGolden {
	if s == "" {
		return textGolden{}
	}
	sum := sha256.Sum256([]byte(s))
	start := s
	if utf8.RuneCountInString(s) > 80 {
		start = string([]rune(s)[:80])
	}
	return textGolden{Runes: utf8.RuneCountInString(s), SHA256: hex.EncodeToString(sum[:8]), Start: start}
}

func goldenTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// readFeedGolden runs body through the feed path of a poll: fetch.Parse
// with the default item limit, then each item as processItem and
// buildArticle see it.
func readFeedGolden(input string, body []byte) feedGolden {
	feedURL := "https://feeds.example/" + filepath.Base(input)
	g := feedGolden{Input: input}
	f, repaired, err := fetch.Parse(body, feedURL, fetch.DefaultMaxFeedItems)
	if err != nil {
		g.Error = err.Error()
		return g
	}
	if repaired != nil {
		g.Repaired = repaired.Error()
	}
	g.Type, g.Version, g.Title, g.Link, g.Language = f.FeedType, f.FeedVersion, f.Title, f.Link, f.Language
	g.Updated = goldenTime(f.UpdatedParsed)
	if d := fetch.BodyHint(f, body); d > 0 {
		g.Requested = d.String()
	}
	g.Items = len(f.Items)
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		link, err := itemLink(it, feedURL)
		if err != nil {
			g.Skipped = append(g.Skipped, skipGolden{Index: i, Error: err.Error(), Title: strings.TrimSpace(htmlToText(it.Title)),
				Published: goldenTime(it.PublishedParsed), Updated: goldenTime(it.UpdatedParsed)})
			continue
		}
		g.Kept = append(g.Kept, keptItem(it, link))
	}
	return g
}

func keptItem(it *gofeed.Item, link string) itemGolden {
	return itemGolden{
		Link:      link,
		GUID:      it.GUID,
		Title:     strings.TrimSpace(htmlToText(it.Title)),
		Author:    itemAuthor(it),
		Date:      goldenTime(itemTime(it)),
		Published: goldenTime(it.PublishedParsed),
		Updated:   goldenTime(it.UpdatedParsed),
		Summary:   textOf(htmlToText(it.Description)),
		Content:   textOf(htmlToText(it.Content)),
	}
}

// TestGoldenFeeds pins what the feed path makes of real feed files
// (goldenFeeds, read in place from $NEWSHOUND_DATA/feeds) against
// testdata/golden/<name>.golden.json. A change shows as a line diff;
// when it is intended, go test -run Golden -update rewrites the files.
func TestGoldenFeeds(t *testing.T) {
	dir := golden.DataDir(t, "feeds")
	seen := map[string]string{}
	for _, input := range goldenFeeds {
		name := strings.TrimSuffix(filepath.Base(input), filepath.Ext(input))
		if prev, dup := seen[name]; dup {
			t.Fatalf("goldenFeeds: %s and %s would share the golden file %s.golden.json", prev, input, name)
		}
		seen[name] = input
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(dir, input))
			if err != nil {
				t.Fatalf("read golden input: %v", err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", name+".golden.json"), readFeedGolden(input, body))
		})
	}
}
