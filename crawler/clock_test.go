package crawler_test

import (
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
)

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
