package schedule

import (
	"log/slog"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
)

// TestSetFeedsReAddedFeedHasOneEntry pins the fix of a feed removed and
// added again (a config reload) getting a second heap entry, and so being
// polled twice per interval from then on.
func TestSetFeedsReAddedFeedHasOneEntry(t *testing.T) {
	now := time.Now()
	s := New(bareCrawler(t, func() time.Time { return now }), Options{})
	a, b := crawler.FeedSpec{URL: "https://a.example/rss"}, crawler.FeedSpec{URL: "https://b.example/rss"}
	steps := []struct {
		feeds   []crawler.FeedSpec
		entries int
	}{
		{[]crawler.FeedSpec{a, b}, 2},
		{[]crawler.FeedSpec{b}, 2}, // a's entry stays until it surfaces
		{[]crawler.FeedSpec{a, b}, 2},
		{[]crawler.FeedSpec{a, b, {URL: "https://c.example/rss"}}, 3},
	}
	for i, st := range steps {
		s.SetFeeds(st.feeds)
		if got := s.queue.Len(); got != st.entries {
			t.Errorf("after SetFeeds #%d: %d heap entries, want %d", i+1, got, st.entries)
		}
	}
	// a taken for polling, removed while in flight, added back: the
	// poll's reschedule is its only entry.
	s.SetFeeds([]crawler.FeedSpec{a})
	now = now.Add(time.Hour)
	j, _, ok := s.next()
	if _, _, more := s.next(); !ok || j.spec.URL != a.URL || more || s.queue.Len() != 0 {
		t.Fatalf("next() = %v, %v with %d entries left; want a, true and none", j.spec.URL, ok, s.queue.Len())
	}
	s.SetFeeds(nil)
	s.SetFeeds([]crawler.FeedSpec{a})
	if got := s.queue.Len(); got != 0 {
		t.Errorf("re-adding a feed whose poll is in flight pushed %d entries, want 0 until the poll ends", got)
	}
	s.reschedule(t.Context(), a, crawler.FeedResult{URL: a.URL})
	if got := s.queue.Len(); got != 1 {
		t.Errorf("after the in-flight poll ended: %d entries, want 1", got)
	}
	// a poll that ends after its feed was removed leaves no entry, and
	// adding the feed back then pushes one.
	now = now.Add(2 * time.Hour)
	if j, _, ok := s.next(); !ok || j.spec.URL != a.URL {
		t.Fatalf("next() = %v, %v; want a, true", j.spec.URL, ok)
	}
	s.SetFeeds(nil)
	s.reschedule(t.Context(), a, crawler.FeedResult{URL: a.URL})
	if got := s.queue.Len(); got != 0 {
		t.Errorf("a poll ending after its feed was removed left %d entries, want 0", got)
	}
	s.SetFeeds([]crawler.FeedSpec{a})
	if got := s.queue.Len(); got != 1 {
		t.Errorf("re-adding after that: %d entries, want 1", got)
	}
}

// bareCrawler is a crawler without a store whose clock is now, for
// tests of the Scheduler's queue and plan that poll nothing.
func bareCrawler(t *testing.T, now func() time.Time) *crawler.Crawler {
	t.Helper()
	c, err := crawler.New(t.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler), Now: now}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
