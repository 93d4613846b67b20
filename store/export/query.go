package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// ParseQuery builds a store query: flagged stories only unless all, those
// of one rule when rule is set, and those whose publication (sort) time is
// since a time given as a duration back from now ("24h", "7d") or as RFC
// 3339. Exports use Params.Query, whose since is the flag time.
func ParseQuery(since, rule string, all bool) (store.Query, error) {
	q := store.Query{FlaggedOnly: !all, Rule: strings.TrimSpace(rule)}
	if since == "" {
		return q, nil
	}
	t, err := ParseSince(since, time.Now())
	if err != nil {
		return q, err
	}
	q.Since = t
	return q, nil
}

// ParseSince reads a point in time given as a duration before now ("90m",
// "24h", "7d") or as an RFC 3339 time.
func ParseSince(s string, now time.Time) (time.Time, error) {
	return parseTime("--since", s, now)
}

// parseTime is ParseSince for the option named flag.
func parseTime(flag, s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok && days != "" && strings.Trim(days, "0123456789") == "" {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n > math.MaxInt64/int64(24*time.Hour) {
			return time.Time{}, fmt.Errorf("export: %s %q counts more days than a duration holds (at most 106751d)", flag, s)
		}
		return now.Add(-time.Duration(n) * 24 * time.Hour), nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("export: %s %q is neither a duration (24h, 7d) nor an RFC 3339 time (2026-01-02T15:04:05Z)", flag, s)
}
