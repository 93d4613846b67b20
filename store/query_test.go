package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

// smallSet stores six articles whose order and filters are easy to see:
// newest first they are a5 (published in the future, so sorted by its
// fetch time t0), a3 (no published time, fetched t0-30m), a1, a2, a4, a6.
func smallSet(t *testing.T) *Store {
	s := openTest(t)
	const fa, fb, fc = "https://a.example/rss", "https://b.example/rss", "https://c.example/rss"
	a4 := article("a4", fc, at(-3*time.Hour), t0, "bank", "privacy")
	a4.Sources = []FeedRef{{URL: fc}, {URL: fa}}
	put(t, s,
		article("a1", fa, at(-time.Hour), t0, "bank"),
		article("a2", fb, at(-2*time.Hour), t0),
		article("a3", fa, nil, t0.Add(-30*time.Minute), "privacy"),
		a4,
		article("a5", fb, at(5*time.Hour), t0),
		article("a6", fa, at(-48*time.Hour), t0),
	)
	return s
}

func TestArticlesQuery(t *testing.T) {
	s := smallSet(t)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"all", Query{}, []string{"a5", "a3", "a1", "a2", "a4", "a6"}},
		{"flagged", Query{FlaggedOnly: true}, []string{"a3", "a1", "a4"}},
		{"rule bank", Query{Rule: "bank"}, []string{"a1", "a4"}},
		{"rule privacy", Query{Rule: "privacy"}, []string{"a3", "a4"}},
		{"unknown rule", Query{Rule: "nope"}, nil},
		{"feed a, sources count", Query{Feed: "https://a.example/rss"}, []string{"a3", "a1", "a4", "a6"}},
		{"feed b", Query{Feed: "https://b.example/rss"}, []string{"a5", "a2"}},
		{"unknown feed", Query{Feed: "https://z.example/rss"}, nil},
		{"since is inclusive", Query{Since: t0.Add(-2 * time.Hour)}, []string{"a5", "a3", "a1", "a2"}},
		{"until is exclusive", Query{Until: t0.Add(-time.Hour)}, []string{"a2", "a4", "a6"}},
		{"since and until", Query{Since: t0.Add(-3 * time.Hour), Until: t0.Add(-30 * time.Minute)}, []string{"a1", "a2", "a4"}},
		{"empty window", Query{Since: t0, Until: t0}, nil},
		{"limit", Query{Limit: 2}, []string{"a5", "a3"}},
		{"feed and rule", Query{Feed: "https://a.example/rss", Rule: "bank"}, []string{"a1", "a4"}},
		{"flagged since", Query{FlaggedOnly: true, Since: t0.Add(-time.Hour)}, []string{"a3", "a1"}},
		{"rule until limit", Query{Rule: "privacy", Until: t0, Limit: 1}, []string{"a3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := collect(t, s, tt.q); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Articles(%+v) = %v, want %v", tt.q, got, tt.want)
			}
			var paged []string
			q := tt.q
			q.Limit = 1
			for range 10 {
				arts, next, err := s.ArticlesPage(context.Background(), q)
				if err != nil {
					t.Fatalf("ArticlesPage(%+v) = %v", q, err)
				}
				paged = append(paged, urls(arts)...)
				if next == "" {
					break
				}
				q.After = next
			}
			if want := tt.want; tt.q.Limit == 0 && !reflect.DeepEqual(paged, want) {
				t.Errorf("ArticlesPage one by one = %v, want %v", paged, want)
			}
		})
	}
}

func TestArticlesStopsOnError(t *testing.T) {
	s := smallSet(t)
	stop := errors.New("stop")
	n := 0
	err := s.Articles(context.Background(), Query{}, func(*Article) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("Articles with fn failing at 3 = %v after %d calls, want stop after 3", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = s.Articles(ctx, Query{}, func(*Article) error { cancel(); return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Articles canceled by fn = %v, want context.Canceled", err)
	}
}

// TestArticlesManyPages runs queries over more articles than one read
// transaction scans, with sparse filters, and pages through them.
func TestArticlesManyPages(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	all := many(1300)
	putParallel(t, s, all)
	queries := []Query{
		{},
		{Rule: "privacy"},
		{FlaggedOnly: true},
		{Feed: "https://feed1.example/rss"},
		{Feed: "https://feed2.example/rss", Rule: "bank", Since: t0.Add(-10 * time.Hour)},
		{Since: t0.Add(-5 * time.Hour), Until: t0.Add(-time.Hour)},
	}
	for _, q := range queries {
		var streamed []*Article
		err := s.Articles(ctx, q, func(a *Article) error { streamed = append(streamed, a); return nil })
		if err != nil {
			t.Fatalf("Articles(%+v) = %v", q, err)
		}
		if want := filter(all, q); !reflect.DeepEqual(sortedURLs(streamed), want) {
			t.Errorf("Articles(%+v) gave %d articles, want the %d that match", q, len(streamed), len(want))
		}
		if !sortedNewestFirst(streamed) {
			t.Errorf("Articles(%+v) is not newest first", q)
		}
		var paged []*Article
		pq := q
		pq.Limit = 97
		for {
			arts, next, err := s.ArticlesPage(ctx, pq)
			if err != nil {
				t.Fatalf("ArticlesPage(%+v) = %v", pq, err)
			}
			paged = append(paged, arts...)
			if next == "" {
				break
			}
			pq.After = next
		}
		if !reflect.DeepEqual(urls(paged), urls(streamed)) {
			t.Errorf("ArticlesPage by 97 over %+v gave %d articles, want the %d of Articles in the same order", q, len(paged), len(streamed))
		}
	}
	// A cursor from another query still respects this query's Until.
	_, next, err := s.ArticlesPage(ctx, Query{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	q := Query{Until: t0.Add(-10 * time.Hour), After: next}
	if got, want := collect(t, s, q), filter(all, Query{Until: q.Until}); !reflect.DeepEqual(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("Articles(Until, After a newer cursor) gave %d articles, want %d", len(got), len(want))
	}
	if _, _, err := s.ArticlesPage(ctx, Query{After: "garbage"}); !errors.Is(err, ErrBadCursor) {
		t.Errorf("ArticlesPage(bad cursor) = %v, want ErrBadCursor", err)
	}
	if arts, _, _ := s.ArticlesPage(ctx, Query{}); len(arts) != DefaultPageLimit {
		t.Errorf("ArticlesPage(Limit 0) gave %d, want %d", len(arts), DefaultPageLimit)
	}
	if arts, _, _ := s.ArticlesPage(ctx, Query{Limit: 5000}); len(arts) != MaxPageLimit {
		t.Errorf("ArticlesPage(Limit 5000) gave %d, want %d", len(arts), MaxPageLimit)
	}
}

// filter is the reference model of a Query: the matching URLs, sorted.
func filter(arts []*Article, q Query) []string {
	var out []string
	for _, a := range arts {
		t := sortTime(a)
		rules := make([]string, 0, len(a.Flags))
		for _, f := range a.Flags {
			rules = append(rules, f.Rule)
		}
		switch {
		case !q.Since.IsZero() && t.Before(q.Since), !q.Until.IsZero() && !t.Before(q.Until),
			q.Rule != "" && !slices.Contains(rules, q.Rule),
			q.FlaggedOnly && len(rules) == 0,
			q.Feed != "" && a.Feed.URL != q.Feed && !hasSource(a.Sources, q.Feed):
			continue
		}
		out = append(out, a.URL)
	}
	slices.Sort(out)
	return out
}

func sortedURLs(arts []*Article) []string {
	out := urls(arts)
	slices.Sort(out)
	return out
}
