package store

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestStats(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	day := 24 * time.Hour
	old := article("https://news.example/old", "https://feed.example/rss", at(-2*day), t0.Add(-2*day), "bank")
	noFlagTime := article("https://news.example/nft", "https://feed.example/rss", nil, t0.Add(-day), "bank", "privacy")
	for i := range noFlagTime.Flags {
		noFlagTime.Flags[i].Flagged = time.Time{} // counts on the day it was fetched
	}
	put(t, s, old, noFlagTime,
		article("https://news.example/new", "https://feed.example/rss", at(-time.Hour), t0, "bank"),
		article("https://news.example/plain", "https://feed.example/rss", nil, t0))
	for _, u := range []string{"https://feed.example/rss", "https://other.example/rss"} {
		if err := s.PutFeed(ctx, Feed{URL: u}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{
		Feeds: 2, Articles: 4, Flagged: 3,
		FlagsByRule: map[string]int{"bank": 3, "privacy": 1},
		FlagsByRuleDay: map[string]map[string]int{
			"bank":    {"2025-03-08": 1, "2025-03-09": 1, "2025-03-10": 1},
			"privacy": {"2025-03-09": 1},
		},
		FileSize: size(t, s.Path()),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats() = %+v, want %+v", got, want)
	}
}
