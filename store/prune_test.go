package store

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestPrune(t *testing.T) {
	tests := []struct {
		name           string
		cutoff         time.Time
		includeFlagged bool
		removed        int
		left           []string
	}{
		{"nothing old", t0.Add(-100 * time.Hour), false, 0, []string{"a5", "a3", "a1", "a2", "a4", "a6"}},
		// Fetched times: a3 t0-30m, the rest t0.
		{"keeps flagged", t0.Add(-10 * time.Minute), false, 0, []string{"a5", "a3", "a1", "a2", "a4", "a6"}},
		{"fetched before cutoff", t0.Add(time.Minute), false, 3, []string{"a3", "a1", "a4"}},
		{"includes flagged", t0.Add(-10 * time.Minute), true, 1, []string{"a5", "a1", "a2", "a4", "a6"}},
		{"everything", t0.Add(time.Minute), true, 6, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := smallSet(t)
			n, err := s.Prune(context.Background(), tt.cutoff, tt.includeFlagged)
			if err != nil || n != tt.removed {
				t.Errorf("Prune(%v, %v) = %d, %v; want %d, nil", tt.cutoff, tt.includeFlagged, n, err, tt.removed)
			}
			if got := collect(t, s, Query{}); !reflect.DeepEqual(got, tt.left) {
				t.Errorf("after Prune, Articles = %v, want %v", got, tt.left)
			}
			mustCheck(t, s)
		})
	}
}

// TestPruneMany prunes across several write transactions.
func TestPruneMany(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	all := many(1500) // fetched t0 - i seconds
	putParallel(t, s, all)
	cutoff := t0.Add(-1000 * time.Second)
	flaggedOld := 0
	for _, a := range all[1001:] {
		if len(a.Flags) > 0 {
			flaggedOld++
		}
	}
	n, err := s.Prune(ctx, cutoff, false)
	if want := 499 - flaggedOld; err != nil || n != want {
		t.Errorf("Prune = %d, %v; want %d, nil", n, err, want)
	}
	st, err := s.Stats(ctx)
	if want := 1001 + flaggedOld; err != nil || st.Articles != want {
		t.Errorf("after Prune, %d articles (%v), want %d", st.Articles, err, want)
	}
	mustCheck(t, s)
}
