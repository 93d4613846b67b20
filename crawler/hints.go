package crawler

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

// A feed says how often it wants to be read in four ways; the scheduler
// never polls sooner than the largest of them (capped at its
// MaxInterval):
//
//   - RSS 2.0 <ttl>, in minutes;
//   - sy:updatePeriod (hourly, daily, weekly, monthly, yearly) and
//     sy:updateFrequency (times per period, default 1);
//   - the response's Cache-Control max-age;
//   - the response's Expires, when there is no max-age.

// maxHint bounds any hint, so that a typo cannot stop a feed for years.
const maxHint = 30 * 24 * time.Hour

// headerHint reads Cache-Control max-age, or Expires, from a feed
// response; zero when neither asks for a wait (no-store and no-cache ask
// for none).
func headerHint(h http.Header, now time.Time) time.Duration {
	for _, d := range strings.Split(strings.ToLower(h.Get("Cache-Control")), ",") {
		d = strings.TrimSpace(d)
		if d == "no-store" || d == "no-cache" {
			return 0
		}
		if v, ok := strings.CutPrefix(d, "max-age="); ok {
			if secs, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64); err == nil && secs > 0 {
				return min(time.Duration(min(secs, 1<<32))*time.Second, maxHint)
			}
			return 0
		}
	}
	if exp, err := http.ParseTime(h.Get("Expires")); err == nil {
		base := now
		if date, err := http.ParseTime(h.Get("Date")); err == nil {
			base = date // the server's own clock, as RFC 9111 asks
		}
		if d := exp.Sub(base); d > 0 {
			return min(d, maxHint)
		}
	}
	return 0
}

// bodyHint reads RSS <ttl> and the syndication module from a parsed feed
// and its body; zero when the feed says nothing.
func bodyHint(f *gofeed.Feed, body []byte) time.Duration {
	hint := rssTTL(body)
	if sy, ok := f.Extensions["sy"]; ok {
		period := map[string]time.Duration{
			"hourly": time.Hour, "daily": 24 * time.Hour, "weekly": 7 * 24 * time.Hour,
			"monthly": 30 * 24 * time.Hour, "yearly": 365 * 24 * time.Hour,
		}[strings.ToLower(strings.TrimSpace(extValue(sy, "updatePeriod")))]
		freq, err := strconv.Atoi(strings.TrimSpace(extValue(sy, "updateFrequency")))
		if err != nil || freq < 1 {
			freq = 1
		}
		hint = max(hint, period/time.Duration(freq))
	}
	return min(hint, maxHint)
}

func extValue(m map[string][]ext.Extension, name string) string {
	if v := m[name]; len(v) > 0 {
		return v[0].Value
	}
	return ""
}

// rssTTL finds the channel's <ttl> (minutes) before the first item.
func rssTTL(body []byte) time.Duration {
	head := body
	if i := bytes.Index(head, []byte("<item")); i >= 0 {
		head = head[:i]
	}
	i := bytes.Index(head, []byte("<ttl>"))
	if i < 0 {
		return 0
	}
	rest := head[i+len("<ttl>"):]
	j := bytes.Index(rest, []byte("</ttl>"))
	if j < 0 {
		return 0
	}
	mins, err := strconv.Atoi(string(bytes.TrimSpace(rest[:j])))
	if err != nil || mins <= 0 {
		return 0
	}
	return min(time.Duration(mins)*time.Minute, maxHint)
}

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
