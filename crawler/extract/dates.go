package extract

import (
	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/itlightning/dateparse"
)

// rxISODate matches a leading ISO 8601 calendar date.
var rxISODate = regexp.MustCompile(`^\s*(\d{4})-(\d{1,2})-(\d{1,2})`)

// minYear and the one-day slack of maxTime bound plausible publication dates.
const minYear = 1990

// parseDate parses a date as pages write them in metadata. It keeps the offset the
// page wrote, so that the calendar date is the publisher's, not UTC's. It returns
// the zero time when s is not a plausible date.
func parseDate(s string, now time.Time) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05",
		"2006-01-02 15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return plausible(t, now)
		}
	}
	if m := rxISODate.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo >= 1 && mo <= 12 && d >= 1 && d <= 31 {
			return plausible(time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), now)
		}
		return time.Time{}
	}
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil {
		return time.Time{}
	}
	return plausible(t, now)
}

// plausible returns t when it lies between minYear and a day after now, else zero.
func plausible(t time.Time, now time.Time) time.Time {
	if t.Year() < minYear || t.After(now.Add(24*time.Hour)) {
		return time.Time{}
	}
	return t
}

// searchDate looks for a publication date in the page's text with htmldate's
// extensive search. It is the last resort, used when neither trafilatura nor the
// structured metadata gave a date.
func searchDate(doc *html.Node, pageURL *url.URL) time.Time {
	opts := htmldate.Options{UseOriginalDate: true}
	if pageURL != nil {
		opts.URL = pageURL.String()
	}
	d, err := htmldate.FromDocument(doc, opts)
	if err != nil || d.IsZero() {
		return time.Time{}
	}
	return plausible(d.DateTime, time.Now())
}
