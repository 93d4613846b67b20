package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// StatsStore is what the Stats group needs.
type StatsStore interface {
	PutFeed(ctx context.Context, f store.Feed) error
	PutArticle(ctx context.Context, a *store.Article) error
	Stats(ctx context.Context) (store.Stats, error)
}

// Stats checks the counts of Stats (not FileSize, which only a file has).
func Stats(t *testing.T, open func(t *testing.T) StatsStore) {
	stats := func(t *testing.T, s StatsStore) store.Stats {
		t.Helper()
		st, err := s.Stats(t.Context())
		if err != nil {
			t.Fatalf("Stats() = %v, want no error", err)
		}
		st.FileSize = 0
		return st
	}
	t.Run("Empty", func(t *testing.T) {
		if d := diff(stats(t, open(t)), store.Stats{}); d != "" {
			t.Errorf("Stats() of an empty store, want zero counts:\n%s", d)
		}
	})
	t.Run("Counts", func(t *testing.T) {
		s := open(t)
		mustPutFeed(t, s, store.Feed{URL: feedA.URL})
		mustPutFeed(t, s, store.Feed{URL: feedB.URL})
		eastern := time.FixedZone("EST", -5*3600)
		s1 := story(1, 0, time.Minute, "bank", "privacy")
		s1.Flags[1].Flagged = time.Date(2025, 3, 10, 23, 30, 0, 0, eastern) // the 11th in UTC
		s2 := story(2, 0, time.Minute, "bank")
		s2.Flags[0].Flagged = time.Time{}
		s2.Fetched = time.Date(2025, 3, 9, 8, 0, 0, 0, time.UTC) // counted on its fetch day
		s3 := story(3, 0, time.Minute)
		s4 := story(4, 0, time.Minute, "zebra")
		putConcurrently(t, s, []*store.Article{s1, s2, s3, s4})
		put(t, s, story(4, 0, time.Minute)) // replaced without its flag
		want := store.Stats{
			Feeds: 2, Articles: 4, Flagged: 2,
			FlagsByRule: map[string]int{"bank": 2, "privacy": 1},
			FlagsByRuleDay: map[string]map[string]int{
				"bank":    {"2025-03-10": 1, "2025-03-09": 1},
				"privacy": {"2025-03-11": 1},
			},
		}
		if d := diff(stats(t, s), want); d != "" {
			t.Errorf("Stats():\n%s", d)
		}
	})
}
