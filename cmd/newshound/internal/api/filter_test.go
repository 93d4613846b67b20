package api

import (
	"testing"
	"time"
)

// TestParseTimeBounds: day counts a duration cannot hold are refused, not
// wrapped, and the zero time is refused for until, where the store would
// read it as no bound.
func TestParseTimeBounds(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		want     time.Time
		ok       bool
	}{
		{"since", "7d", now.AddDate(0, 0, -7), true},
		{"since", "106751d", now.Add(-106751 * 24 * time.Hour), true},
		{"since", "106752d", time.Time{}, false},
		{"since", "213504d", time.Time{}, false}, // wrapped to 25 minutes ago
		{"since", "9999999999d", time.Time{}, false},
		{"since", "99999999999999999999d", time.Time{}, false},
		{"since", "-1d", time.Time{}, false},
		{"since", "+1d", time.Time{}, false},
		{"since", "d", time.Time{}, false},
		{"since", "0001-01-01", time.Time{}, true},
		{"until", "0001-01-01", time.Time{}, false},
		{"until", "0001-01-01T00:00:00Z", time.Time{}, false},
		{"until", "0001-01-02", time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC), true},
		{"until", "2026-01-02", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), true},
		{"until", "", time.Time{}, true},
		{"until", "24h", now.Add(-24 * time.Hour), true},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.name, tt.in, now)
		if (err == nil) != tt.ok || (tt.ok && !got.Equal(tt.want)) {
			t.Errorf("parseTime(%q, %q) = %v, %v; want %v, ok %v", tt.name, tt.in, got, err, tt.want, tt.ok)
		}
	}
}
