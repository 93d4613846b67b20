package api

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// DefaultLimit is the page size of /api/v1/stories when limit is absent.
const DefaultLimit = 50

// storyParams are the query parameters /api/v1/stories accepts.
var storyParams = []string{"all", "rule", "feed", "since", "until", "q", "limit", "cursor"}

// storyFilter is a parsed /api/v1/stories query.
type storyFilter struct {
	query store.Query
	text  string
}

// parseStoryFilter reads the parameters of /api/v1/stories: all (true
// for every story, default flagged only), rule, feed (a feed URL), since
// and until (the publication time, the fetch time when the story states
// none or a later one: the order of the pages; see parseTime; since
// inclusive, until exclusive; /api/v1/export's since is the flag time), q (a text
// query of store.ParseSearch: words, "phrases" and prefix*, all
// required, whole words, case ignored), limit (1 to 1000, default 50) and cursor (the next value of
// the previous page). An unknown parameter is an error, so that a typo
// never silently widens a query.
func parseStoryFilter(v url.Values, now time.Time) (storyFilter, error) {
	for k := range v {
		if !slices.Contains(storyParams, k) {
			return storyFilter{}, fmt.Errorf("unknown parameter %q (use %s)", k, strings.Join(storyParams, ", "))
		}
	}
	f := storyFilter{
		query: store.Query{FlaggedOnly: true, Rule: v.Get("rule"), Feed: v.Get("feed"), After: v.Get("cursor"), Limit: DefaultLimit},
		text:  v.Get("q"),
	}
	if s := v.Get("all"); s != "" {
		all, err := strconv.ParseBool(s)
		if err != nil {
			return f, fmt.Errorf("all=%q is not a boolean (use true or false)", s)
		}
		f.query.FlaggedOnly = !all
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxPageLimit {
			return f, fmt.Errorf("limit=%q is not a number from 1 to %d", s, store.MaxPageLimit)
		}
		f.query.Limit = n
	}
	var err error
	if f.query.Since, err = parseTime("since", v.Get("since"), now); err != nil {
		return f, err
	}
	if f.query.Until, err = parseTime("until", v.Get("until"), now); err != nil {
		return f, err
	}
	if !f.query.Since.IsZero() && !f.query.Until.IsZero() && !f.query.Since.Before(f.query.Until) {
		return f, fmt.Errorf("since (%s) is not before until (%s)", f.query.Since.Format(time.RFC3339), f.query.Until.Format(time.RFC3339))
	}
	return f, nil
}

// MaxDays is the most days a duration back from now may count ("106751d",
// 292 years): time.Duration holds no more, and a larger count is refused
// rather than wrapped.
const MaxDays = int64(math.MaxInt64 / int64(24*time.Hour))

// parseTime reads a point in time given as RFC 3339, as a date (midnight
// UTC), or as a duration back from now ("90m", "24h", "7d", at most
// MaxDays). Empty gives the zero time, which the store reads as no
// bound; so the zero time itself (0001-01-01) is refused for until, where
// it would silently mean no bound instead of before everything.
func parseTime(name, s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := parsePoint(name, s, now)
	if err == nil && name == "until" && !t.After(time.Time{}) {
		return t, fmt.Errorf("until=%q is the earliest time there is, before every story; leave until out for no upper bound", s)
	}
	return t, err
}

func parsePoint(name, s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok && days != "" && strings.Trim(days, "0123456789") == "" {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n > MaxDays {
			return time.Time{}, fmt.Errorf("%s=%q counts more days than newshound can (at most %dd, 292 years)", name, s, MaxDays)
		}
		return now.Add(-time.Duration(n) * 24 * time.Hour), nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%s=%q is not a time: use RFC 3339 (2026-01-02T15:04:05Z), a date (2026-01-02) or a duration back from now (24h, 7d)", name, s)
}
