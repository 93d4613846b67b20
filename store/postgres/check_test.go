package postgres

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// TestCheckFindsDamage damages one invariant at a time with SQL and
// expects Check to name it.
func TestCheckFindsDamage(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, sql, want string
	}{
		{"flagged column", `UPDATE articles SET flagged = NOT flagged`, "flagged is"},
		{"cluster column", `UPDATE articles SET cluster = 'elsewhere'`, "cluster column"},
		{"sort key", `UPDATE articles SET sort_key = sort_key || 'x'::bytea`, "sort_key"},
		{"flag row lost", `DELETE FROM flags`, "flag index"},
		{"feeds column", `UPDATE articles SET feeds = '{}'`, "feeds"},
		{"signature cluster", `UPDATE cluster_sigs SET cluster = 'elsewhere'`, "its signature is in cluster"},
		{"band moved", `UPDATE cluster_bands SET time_key = 'x'::bytea`, "band keys"},
		{"label doc", `UPDATE labels SET rule = 'other'`, "its doc names"},
		{"words column", `UPDATE articles SET words = array_to_tsvector('{other}')`, "words column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			ctx := t.Context()
			a := &store.Article{URL: "https://x.example/1", Fetched: t0, Feed: store.FeedRef{URL: "https://feed.example/"},
				Flags: []store.Flag{{Rule: "bank", Flagged: t0}}, Signature: testSig(1, 0, "x")}
			if err := s.PutArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
			if err := s.PutLabel(ctx, store.Label{ArticleID: a.ID, Rule: "bank", Relevant: true}); err != nil {
				t.Fatal(err)
			}
			if err := s.Check(ctx); err != nil {
				t.Fatalf("Check of a sound store = %v", err)
			}
			if _, err := s.pool.Exec(ctx, tt.sql); err != nil {
				t.Fatal(err)
			}
			err := s.Check(ctx)
			if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check after %q = %v, want ErrCorrupt naming %q", tt.sql, err, tt.want)
			}
		})
	}
}

func TestQuickCheckFindsDamage(t *testing.T) {
	s := open(t)
	if err := s.QuickCheck(t.Context()); err != nil {
		t.Fatalf("QuickCheck of a sound store = %v", err)
	}
	if _, err := s.pool.Exec(t.Context(), `DROP TABLE labels`); err != nil {
		t.Fatal(err)
	}
	if err := s.QuickCheck(t.Context()); !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), "labels") {
		t.Errorf("QuickCheck without the labels table = %v, want ErrCorrupt naming it", err)
	}
}

// TestPruneNanoseconds prunes by Fetched to the nanosecond, though the
// fetched column keeps microseconds.
func TestPruneNanoseconds(t *testing.T) {
	fetched := time.Date(2026, 5, 1, 12, 0, 0, 123456789, time.UTC)
	tests := []struct {
		olderThan time.Time
		want      int
	}{
		{fetched, 0},
		{fetched.Add(time.Nanosecond), 1},
	}
	for _, tt := range tests {
		s := open(t)
		if err := s.PutArticle(t.Context(), &store.Article{URL: "https://x.example/1", Fetched: fetched}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Prune(t.Context(), tt.olderThan, true); n != tt.want || err != nil {
			t.Errorf("Prune(%v) of an article fetched at %v = %d, %v, want %d", tt.olderThan, fetched, n, err, tt.want)
		}
	}
}

// TestPruneBatches prunes more articles than one transaction reads.
func TestPruneBatches(t *testing.T) {
	s := open(t)
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	const n = 3*pruneBatch + 7
	for i := range n {
		a := &store.Article{URL: "https://x.example/" + strings.Repeat("a", i%5) + time.Duration(i).String(), Fetched: t0.Add(time.Duration(i) * time.Second)}
		if i%2 == 0 {
			a.Flags = []store.Flag{{Rule: "bank"}}
		}
		if err := s.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := s.Prune(t.Context(), t0.Add(time.Hour), false)
	if want := n / 2; removed != want || err != nil {
		t.Errorf("Prune of %d unflagged articles among %d = %d, %v, want %d", n/2, n, removed, err, want)
	}
	st, err := s.Stats(t.Context())
	if err != nil || st.Articles != n-n/2 || st.Flagged != st.Articles {
		t.Errorf("Stats after Prune = %+v, %v, want %d articles, all flagged", st, err, n-n/2)
	}
}
