package crawler

import (
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

func TestItemTimesAndRate(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	item := func(ago time.Duration) *gofeed.Item {
		p := now.Add(-ago)
		return &gofeed.Item{PublishedParsed: &p}
	}
	var seen []time.Time
	// Two polls of a feed publishing every 3 hours, overlapping.
	seen = mergeItemTimes(seen, []*gofeed.Item{item(0), item(3 * time.Hour), item(6 * time.Hour), {}}, now)
	seen = mergeItemTimes(seen, []*gofeed.Item{item(3 * time.Hour), item(6 * time.Hour), item(9 * time.Hour), item(-48 * time.Hour)}, now)
	if len(seen) != 4 || !seen[0].Equal(now) || !seen[3].Equal(now.Add(-9*time.Hour)) {
		t.Fatalf("mergeItemTimes = %v, want 4 distinct dates, newest first, no future one", seen)
	}
	if got, want := entriesPerDay(seen, now), 4/9.0*24; got < want-0.01 || got > want+0.01 {
		t.Errorf("entriesPerDay = %.2f, want %.2f", got, want)
	}
	if got := entriesPerDay(seen, now.Add(15*24*time.Hour)); got > 0.3 {
		t.Errorf("entriesPerDay after 15 quiet days = %.2f, want it to fall under 0.3", got)
	}
	if got := entriesPerDay(seen[:1], now); got != 0 {
		t.Errorf("entriesPerDay(one date) = %v, want 0 (unknown)", got)
	}
	var many []*gofeed.Item
	for i := range 100 {
		many = append(many, item(time.Duration(i)*time.Minute))
	}
	if got := mergeItemTimes(seen, many, now); len(got) != maxItemTimes || !got[0].Equal(now) {
		t.Errorf("mergeItemTimes(100 items) kept %d, want the newest %d", len(got), maxItemTimes)
	}
}
