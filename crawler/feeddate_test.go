package crawler_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/store"
)

// TestAtomUpdatedYieldsToThePageDate crawls an Atom feed whose first entry
// has only an <updated> time and whose second has an explicit <published>
// one, against pages that state their own publication date: the first
// story takes the page's date (the feed's updated time kept as a
// conflict), the second keeps the feed's date (the page's kept as a
// conflict).
func TestAtomUpdatedYieldsToThePageDate(t *testing.T) {
	const (
		pageDate  = "2025-11-20T08:00:00Z"
		published = "2025-12-01T09:00:00Z"
		updated   = "2026-01-10T12:00:00Z"
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/atom+xml")
			w.Write([]byte(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>tag:t,2025:f</id><updated>` + updated + `</updated>
<entry><title>Only updated</title><id>tag:t,2025:a</id><link href="` + base + `/a"/><updated>` + updated + `</updated></entry>
<entry><title>Published too</title><id>tag:t,2025:b</id><link href="` + base + `/b"/><published>` + published + `</published><updated>` + updated + `</updated></entry>
</feed>`))
		case "/robots.txt":
			http.NotFound(w, r)
		default:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><head><title>Story</title><meta property="article:published_time" content="` + pageDate + `"></head><body><article><h1>Story</h1><p>` +
				strings.Repeat("A normal paragraph of article text about the story. ", 30) + `</p></article></body></html>`))
		}
	}))
	t.Cleanup(srv.Close)
	st := testkit.Store(t)
	c := testkit.Crawler(t, st, nil)
	sum := c.Crawl(t.Context(), []crawler.FeedSpec{{URL: srv.URL + "/feed.xml"}}, nil)
	if err := sum.Feeds[0].Err; err != nil {
		t.Fatalf("crawl: %v", err)
	}
	tests := []struct {
		path, wantPublished, wantConflict, wantFeedValue string
	}{
		{"/a", pageDate, "updated", updated},
		{"/b", published, "published", published},
	}
	for _, tt := range tests {
		a, err := st.Article(t.Context(), store.ArticleID(srv.URL+tt.path))
		if err != nil {
			t.Fatalf("article %s: %v", tt.path, err)
		}
		if a.Published == nil || !a.Published.Equal(mustTime(t, tt.wantPublished)) {
			t.Errorf("%s: published %v, want %s", tt.path, a.Published, tt.wantPublished)
		}
		var found bool
		for _, cf := range a.Conflicts {
			if cf.Field == tt.wantConflict && mustTime(t, cf.Feed).Equal(mustTime(t, tt.wantFeedValue)) && mustTime(t, cf.Page).Equal(mustTime(t, pageDate)) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: conflicts %+v, want %s: feed %s, page %s", tt.path, a.Conflicts, tt.wantConflict, tt.wantFeedValue, pageDate)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time %q: %v", s, err)
	}
	return v
}

// TestRetryKeepsTheFeedDate: an article whose page failed at first and is
// fetched on retry keeps the feed's publication date, stored with it, over
// the page's own; the disagreement is kept as a conflict.
func TestRetryKeepsTheFeedDate(t *testing.T) {
	const pageDate = "2020-05-01T08:00:00Z"
	clk := clock.New()
	feedDate := clk.Now() // rssItems dates the first item now
	var down atomic.Bool
	down.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/feed.xml":
			w.Write([]byte(testkit.RSS(testkit.Host(r), feedDate, "/story")))
		case down.Load():
			http.Error(w, "down", http.StatusServiceUnavailable)
		default:
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><head><meta property="article:published_time" content="` + pageDate + `"></head><body><article><p>` +
				strings.Repeat("A normal paragraph of article text about the story. ", 30) + `</p></article></body></html>`))
		}
	}))
	t.Cleanup(srv.Close)
	st, c := testkit.ClockedCrawler(t, clk.Now)
	if r := c.PollFeed(t.Context(), crawler.FeedSpec{URL: srv.URL + "/feed.xml"}); r.ArticleErrors != 1 {
		t.Fatalf("PollFeed: %d article errors, want 1 (the page is down)", r.ArticleErrors)
	}
	down.Store(false)
	clk.Add(time.Hour)
	if r := c.RetryArticles(t.Context()); r.Fetched != 1 {
		t.Fatalf("RetryArticles = %+v, want the story fetched", r)
	}
	a, err := st.Article(t.Context(), store.ArticleID(srv.URL+"/story"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Published == nil || !a.Published.Equal(feedDate) {
		t.Errorf("published %v after the retry, want the feed's %s", a.Published, feedDate)
	}
	var found bool
	for _, cf := range a.Conflicts {
		found = found || cf.Field == "published" && mustTime(t, cf.Page).Equal(mustTime(t, pageDate))
	}
	if !found {
		t.Errorf("conflicts %+v, want the page's %s kept as a published conflict", a.Conflicts, pageDate)
	}
}
