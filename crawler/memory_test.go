package crawler

import (
	"log/slog"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/store"
)

// TestNoStateGrowsWithURLs crawls a web of 45 articles on 3 hosts twice
// and checks that what the crawler keeps in memory is per host, not per
// URL: the store decides what has been seen. It also checks that every
// host saw its requests HostDelay apart.
func TestNoStateGrowsWithURLs(t *testing.T) {
	const delay = 15 * time.Millisecond
	web := simweb.New(simweb.Options{Hosts: 3, ArticlesPerHost: 15})
	t.Cleanup(web.Close)
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := New(t.Context(), Options{Logger: slog.New(slog.DiscardHandler), AllowPrivateNetworks: true, HostDelay: delay, Timeout: 5 * time.Second}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var feeds []FeedSpec
	for _, u := range web.FeedURLs() {
		feeds = append(feeds, FeedSpec{URL: u})
	}
	for range 2 {
		if sum := c.Crawl(t.Context(), feeds, nil); len(sum.Failed()) > 0 {
			t.Fatalf("Crawl failed: %v", sum.Failed()[0].Err)
		}
	}
	inflight := 0
	c.inflight.Range(func(any, any) bool { inflight++; return true })
	if inflight != 0 {
		t.Errorf("in-flight article map holds %d entries after the crawl, want 0", inflight)
	}
	if hosts := c.fetch.Hosts(); hosts != 3 {
		t.Errorf("host limiter holds %d slots, want one per host (3)", hosts)
	}
	byHost := map[string][]time.Time{}
	for _, r := range web.Requests() {
		byHost[r.Host] = append(byHost[r.Host], r.Time)
	}
	for h, times := range byHost {
		sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
		// Arrivals jitter with connection set-up; the span is exact enough.
		if span, want := times[len(times)-1].Sub(times[0]), time.Duration(len(times)-1)*delay*9/10; span < want {
			t.Errorf("host %s: %d requests spanned %s, want at least %s (HostDelay %s apart)", h, len(times), span, want, delay)
		}
	}
}
