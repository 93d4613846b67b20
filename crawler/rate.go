package crawler

import (
	"slices"
	"time"

	"github.com/mmcdole/gofeed"
)

// maxItemTimes is how many item dates a feed keeps to estimate its rate.
const maxItemTimes = 32

// mergeItemTimes adds the items' publication dates to the ones seen
// before: no future dates, no duplicates, newest first, at most
// maxItemTimes.
func mergeItemTimes(seen []time.Time, items []*gofeed.Item, now time.Time) []time.Time {
	out := slices.Clone(seen)
	for _, it := range items {
		if t := itemTime(it); t != nil && !t.After(now.Add(time.Hour)) {
			out = append(out, t.UTC().Truncate(time.Second))
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return b.Compare(a) })
	out = slices.CompactFunc(out, time.Time.Equal)
	return out[:min(len(out), maxItemTimes)]
}

// entriesPerDay estimates a feed's publishing rate from its newest item
// dates: their number over the time from the oldest to now, so that a
// feed gone quiet slows down on its own. Zero means unknown (fewer than
// two dates).
func entriesPerDay(times []time.Time, now time.Time) float64 {
	if len(times) < 2 {
		return 0
	}
	window := max(now.Sub(times[len(times)-1]), time.Hour)
	return float64(len(times)) / window.Hours() * 24
}
