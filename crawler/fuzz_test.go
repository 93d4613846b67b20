package crawler

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/internal/testkit/seeds"
)

// FuzzParseFeed feeds arbitrary bytes through the crawl's feed path:
// fetch.ParseFeed (limits, gofeed, repair) and then each item's link, date,
// author and HTML-to-text, as a poll does. Nothing may panic; a refusal
// wraps fetch.ErrParse or fetch.ErrTooManyItems and names the feed; an item link is
// refused or an http(s) URL that Normalize leaves as it is.
func FuzzParseFeed(f *testing.F) {
	for _, s := range seeds.Feeds {
		f.Add([]byte(s))
	}
	for _, b := range seeds.RealFeeds(f, 24) {
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
