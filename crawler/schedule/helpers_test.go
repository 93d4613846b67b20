package schedule_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
)

// The helpers below are the crawler tests' own (crawler/clock_test.go,
// politeness_test.go, hostile_test.go), for the scheduler's tests.

// clock is a controllable time source for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newClockedCrawler is a crawler on a fresh store whose schedule
// decisions follow clk; loopback is allowed and there is no host delay.
func newClockedCrawler(t *testing.T, clk *clock, mods ...func(*crawler.Options)) (*store.Store, *crawler.Crawler) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "test.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	opts := crawler.Options{
		Logger:               slog.New(slog.DiscardHandler),
		UserAgent:            "newshound-test",
		Timeout:              2 * time.Second,
		AllowPrivateNetworks: true,
		Now:                  clk.Now,
	}
	for _, m := range mods {
		m(&opts)
	}
	c, err := crawler.New(t.Context(), opts, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st, c
}

// rssItems is an RSS 2.0 feed whose items link to base+path, published
// one hour apart before now.
func rssItems(base string, now time.Time, paths ...string) string {
	return rssEvery(base, now, time.Hour, paths...)
}

// rssEvery is rssItems with items published step apart.
func rssEvery(base string, now time.Time, step time.Duration, paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title><link>` + base + `/</link>`)
	for i, p := range paths {
		fmt.Fprintf(&b, `<item><title>Story %s</title><link>%s%s</link><pubDate>%s</pubDate><description>Feed text of story %s, long enough to keep.</description></item>`,
			p, base, p, now.Add(-time.Duration(i)*step).Format(http.TimeFormat), p)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// host is the base URL of the server r was sent to.
func host(r *http.Request) string { return "http://" + r.Host }

// page serves an article page with enough text to extract.
func page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.Write([]byte("<html><body><article><p>" + strings.Repeat("A normal paragraph of article text. ", 20) + "</p></article></body></html>"))
}
