package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

func TestDiff(t *testing.T) {
	paris := time.FixedZone("Paris", 3600)
	base := store.Article{ID: "a", Published: ptr(t0), Flags: []store.Flag{{Rule: "bank", Score: 1}}}
	tests := []struct {
		name string
		got  any
		want any
		diff string // a substring of the difference; "" for none
	}{
		{"equal", base, base, ""},
		{"time in another zone", store.Feed{LastFetch: t0.In(paris)}, store.Feed{LastFetch: t0}, ""},
		{"time below precision", store.Feed{LastFetch: t0.Add(999 * time.Nanosecond)}, store.Feed{LastFetch: t0}, ""},
		{"nil and empty slice", store.Feed{}, store.Feed{ItemTimes: []time.Time{}}, ""},
		{"time", store.Feed{LastFetch: t0.Add(time.Microsecond)}, store.Feed{LastFetch: t0}, "LastFetch: got 2025-03-10T12:00:00.123457Z"},
		{"string", store.Feed{Title: "x"}, store.Feed{Title: "y"}, `Title: got "x", want "y"`},
		{"nested", store.Article{Flags: []store.Flag{{Rule: "a"}}}, store.Article{Flags: []store.Flag{{Rule: "b"}}}, `Flags[0].Rule: got "a", want "b"`},
		{"length", []string{"a"}, []string{"a", "b"}, "got 1 elements"},
		{"nil pointer", store.Article{}, base, "Published: got nil"},
		{"map key", map[string]int{"a": 1}, map[string]int{"b": 1}, "[b]: missing"},
		{"map value", map[string]int{"a": 1}, map[string]int{"a": 2}, "[a]: got 1, want 2"},
	}
	for _, tt := range tests {
		got := diff(tt.got, tt.want)
		if tt.diff == "" && got != "" || !strings.Contains(got, tt.diff) {
			t.Errorf("diff(%s) = %q, want %q", tt.name, got, tt.diff)
		}
	}
}
