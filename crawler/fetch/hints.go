package fetch

import (
	"bytes"
	"net/http"
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

// BodyHint is how long a feed asks to be left alone, read from its RSS
// <ttl> and its syndication module (sy:updatePeriod, sy:updateFrequency),
// from the parsed feed f and its body; zero when the feed says nothing,
// at most 30 days.
func BodyHint(f *gofeed.Feed, body []byte) time.Duration {
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
