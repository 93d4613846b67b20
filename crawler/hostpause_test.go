package crawler_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/store"
)

var _ fetch.PauseStore = (*store.Store)(nil)

// TestHostPauseOutlivesTheCrawl: a host that answers 429 with
// Retry-After: 3600 to one crawl gets no request from the next crawler on
// the same database file (a crawl from cron, a daemon started later),
// which says the host is paused until then, without counting it as a
// failure of the feed; once the hour is over it is asked again.
func TestHostPauseOutlivesTheCrawl(t *testing.T) {
	var requests atomic.Int64
	var limited atomic.Bool
	limited.Store(true)
	clk := clock.New()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		switch {
		case limited.Load():
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case r.URL.Path == "/feed.xml":
			w.Write([]byte(testkit.RSS(testkit.Host(r), clk.Now(), "/a1")))
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		default:
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "newshound.db")
	feeds := []crawler.FeedSpec{{URL: srv.URL + "/feed.xml"}}
	crawl := func() (*crawler.Summary, store.Feed) {
		t.Helper()
		st, err := store.Open(t.Context(), path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		c, err := crawler.New(t.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler), AllowPrivateNetworks: true, Timeout: 2 * time.Second, Now: clk.Now}, st, nil)
		if err != nil {
			t.Fatal(err)
		}
		sum := c.Crawl(t.Context(), feeds, nil)
		f, err := st.Feed(t.Context(), feeds[0].URL)
		if err != nil {
			t.Fatal(err)
		}
		return sum, f
	}

	sum, f := crawl()
	until := clk.Now().Add(time.Hour)
	if n := requests.Load(); n != 1 || sum.Feeds[0].Class != fetch.ClassRateLimited {
		t.Fatalf("first crawl: %d requests, err %v; want 1 request answered 429", n, sum.Feeds[0].Err)
	}
	if !f.NextDue.Equal(until) {
		t.Errorf("after the 429 the feed's NextDue = %s, want %s (its Retry-After)", f.NextDue, until)
	}

	clk.Add(59 * time.Minute)
	sum, f2 := crawl()
	if n := requests.Load(); n != 1 {
		t.Errorf("second crawl during the pause sent %d requests, want none", n-1)
	}
	err := sum.Feeds[0].Err
	u, _ := url.Parse(srv.URL)
	var pe *fetch.PauseError
	if !errors.As(err, &pe) || pe.Host != u.Host || !pe.Until.Equal(until) || !strings.Contains(err.Error(), "paused until "+until.Format(time.RFC3339)) {
		t.Errorf("second crawl: err %v; want a *PauseError for %s until %s", err, u.Host, until)
	}
	if f2.ErrorCount != f.ErrorCount || f2.ErrorScore != f.ErrorScore {
		t.Errorf("a poll refused by the pause moved the error count from %d (score %.1f) to %d (%.1f); want it unchanged: nothing was sent",
			f.ErrorCount, f.ErrorScore, f2.ErrorCount, f2.ErrorScore)
	}

	clk.Add(2 * time.Minute)
	limited.Store(false)
	sum, f = crawl()
	if r := sum.Feeds[0]; r.Err != nil || r.New != 1 || requests.Load() < 3 {
		t.Errorf("crawl after the pause: err %v, %d new, %d requests in all; want the feed read again", r.Err, r.New, requests.Load())
	}
	if f.ErrorCount != 0 {
		t.Errorf("after the pause the feed keeps %d errors, want 0", f.ErrorCount)
	}
}
