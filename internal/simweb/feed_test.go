package simweb

import (
	"bytes"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestFeedsParseWithGofeed(t *testing.T) {
	w := newWeb(t, Options{Hosts: 5, ArticlesPerHost: 12, FeedsPerHost: 2, Seed: 7})
	byURL := map[string]Article{}
	for _, a := range w.Articles() {
		byURL[a.URL] = a
	}
	wantType := map[Format]string{RSS2: "rss", Atom: "atom", JSONFeed: "json", RSS1: "rss", RSS091: "rss"}
	wantVersion := map[Format]string{RSS2: "2.0", Atom: "1.0", JSONFeed: "https://jsonfeed.org/version/1.1", RSS1: "1.0", RSS091: "0.91"}
	seen := map[Format]bool{}
	for _, fd := range w.Feeds() {
		t.Run(fd.URL, func(t *testing.T) {
			seen[fd.Format] = true
			resp, body := fetch(t, fd.URL, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s status = %d, want 200", fd.URL, resp.StatusCode)
			}
			if got, want := resp.Header.Get("Content-Type"), fd.Format.ContentType(); got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			parsed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gofeed Parse(%s, %s) = %v", fd.URL, fd.Format, err)
			}
			if parsed.FeedType != wantType[fd.Format] || parsed.FeedVersion != wantVersion[fd.Format] {
				t.Errorf("feed type = %s %s, want %s %s", parsed.FeedType, parsed.FeedVersion, wantType[fd.Format], wantVersion[fd.Format])
			}
			if parsed.Title != fd.Title {
				t.Errorf("feed title = %q, want %q", parsed.Title, fd.Title)
			}
			if len(parsed.Items) != len(fd.Articles) {
				t.Fatalf("items = %d, want %d", len(parsed.Items), len(fd.Articles))
			}
			for i, it := range parsed.Items {
				a := byURL[fd.Articles[i]]
				if it.Link != a.URL || it.Title != a.Title {
					t.Errorf("item %d = %q %q, want %q %q", i, it.Link, it.Title, a.URL, a.Title)
				}
				if a.FeedURL != fd.URL {
					t.Errorf("article %s FeedURL = %q, want %q", a.URL, a.FeedURL, fd.URL)
				}
				text := it.Description
				if text == "" {
					text = it.Content
				}
				if text != a.Summary {
					t.Errorf("item %d text = %q, want the summary %q", i, text, a.Summary)
				}
				if fd.Format == RSS091 {
					continue // no dates or authors in RSS 0.91
				}
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(a.Published) {
					t.Errorf("item %d published = %v, want %v", i, it.PublishedParsed, a.Published)
				}
				if len(it.Authors) == 0 || it.Authors[0].Name != a.Author {
					t.Errorf("item %d authors = %v, want %q", i, it.Authors, a.Author)
				}
			}
		})
	}
	for f := RSS2; f <= RSS091; f++ {
		if !seen[f] {
			t.Errorf("no feed in format %s, want every format with 5 hosts", f)
		}
	}
}

func TestFeedFormatRotation(t *testing.T) {
	w := newWeb(t, Options{})
	var got []Format
	for _, fd := range w.Feeds() {
		got = append(got, fd.Format)
	}
	want := []Format{RSS2, Atom, JSONFeed}
	if len(got) != len(want) {
		t.Fatalf("formats = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("feed %d format = %s, want %s", i, got[i], want[i])
		}
	}
}

func TestFeedItemsNewestFirst(t *testing.T) {
	w := newWeb(t, Options{Hosts: 1, ArticlesPerHost: 20, FeedsPerHost: 3})
	pub := map[string]time.Time{}
	for _, a := range w.Articles() {
		pub[a.URL] = a.Published
	}
	for _, fd := range w.Feeds() {
		for i := 1; i < len(fd.Articles); i++ {
			if pub[fd.Articles[i]].After(pub[fd.Articles[i-1]]) {
				t.Errorf("feed %s item %d is newer than item %d", fd.URL, i, i-1)
			}
		}
	}
}
