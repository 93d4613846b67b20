package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestArticleRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	tests := []struct {
		name string
		a    *Article
	}{
		{"full", func() *Article {
			a := article("https://news.example/full", "https://feed.example/rss", at(-time.Hour), t0, "bank", "privacy")
			a.Summary, a.Lang, a.Sources = "A summary.", "en", []FeedRef{{URL: "https://feed.example/rss", Title: "Feed"}, {URL: "https://other.example/rss"}}
			a.Flags[0].Tags = []string{"finance", "privacy"}
			return a
		}()},
		{"no published time", article("https://news.example/nopub", "https://feed.example/rss", nil, t0)},
		{"fetch error", func() *Article {
			a := article("https://news.example/404", "https://feed.example/rss", nil, t0)
			a.Text, a.FetchError = "feed content", "fetch: 404 Not Found"
			return a
		}()},
		{"unicode", func() *Article {
			a := article("https://news.example/ü", "https://feed.example/rss", at(-time.Minute), t0, "bank")
			a.Title, a.Text = "Bänk 🏦 \u2028 shares data", "Text with \x00 and \"quotes\" and <html>"
			return a
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			put(t, s, tt.a)
			if want := ArticleID(tt.a.URL); tt.a.ID != want {
				t.Errorf("PutArticle set ID = %s, want ArticleID(URL) = %s", tt.a.ID, want)
			}
			got, err := s.Article(ctx, tt.a.ID)
			if err != nil {
				t.Fatalf("Article(%s) = %v", tt.a.ID, err)
			}
			if !reflect.DeepEqual(got, tt.a) {
				t.Errorf("Article(%s) =\n%+v\nwant\n%+v", tt.a.ID, got, tt.a)
			}
			if ok, err := s.HasArticle(ctx, tt.a.ID); !ok || err != nil {
				t.Errorf("HasArticle(%s) = %v, %v; want true, nil", tt.a.ID, ok, err)
			}
		})
	}
	if _, err := s.Article(ctx, "missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Article(missing) = %v, want ErrNotFound", err)
	}
	if ok, err := s.HasArticle(ctx, "missing"); ok || err != nil {
		t.Errorf("HasArticle(missing) = %v, %v; want false, nil", ok, err)
	}
	mustCheck(t, s)
}

func TestPutArticleFillsIn(t *testing.T) {
	s := openTest(t)
	a := &Article{URL: "https://news.example/x", Feed: FeedRef{URL: "https://feed.example/rss"}}
	before := time.Now()
	put(t, s, a)
	if a.ID != ArticleID(a.URL) || a.Fetched.Before(before) || !reflect.DeepEqual(a.Sources, []FeedRef{a.Feed}) {
		t.Errorf("PutArticle filled in ID %s, Fetched %v, Sources %v; want ArticleID(URL), now, [Feed]", a.ID, a.Fetched, a.Sources)
	}
	bad := []*Article{nil, {}, {URL: "u", Flags: []Flag{{Score: 1}}}}
	for i, b := range bad {
		if err := s.PutArticle(context.Background(), b); err == nil {
			t.Errorf("PutArticle(bad %d) = nil, want an error", i)
		}
	}
}

func TestPutArticleReplaceMovesIndexes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := article("https://news.example/a", "https://feed.example/rss", at(-time.Hour), t0, "bank", "privacy")
	other := article("https://news.example/b", "https://feed.example/rss", at(-2*time.Hour), t0, "bank")
	put(t, s, a, other)

	moved := article(a.URL, a.Feed.URL, at(-3*time.Hour), t0, "privacy", "ads")
	put(t, s, moved)
	mustCheck(t, s)
	tests := []struct {
		q    Query
		want []string
	}{
		{Query{}, []string{other.URL, a.URL}},
		{Query{Rule: "bank"}, []string{other.URL}},
		{Query{Rule: "privacy"}, []string{a.URL}},
		{Query{Rule: "ads"}, []string{a.URL}},
		{Query{Until: t0.Add(-2 * time.Hour)}, []string{a.URL}},
	}
	for _, tt := range tests {
		if got := collect(t, s, tt.q); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Articles(%+v) = %v, want %v", tt.q, got, tt.want)
		}
	}
	put(t, s, article(a.URL, a.Feed.URL, at(-3*time.Hour), t0)) // no flags left
	mustCheck(t, s)
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"bank": 1}; !reflect.DeepEqual(st.FlagsByRule, want) || st.Flagged != 1 || st.Articles != 2 {
		t.Errorf("Stats = %+v, want 2 articles, 1 flagged, FlagsByRule %v", st, want)
	}
}

func TestAddSource(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := article("https://news.example/a", "https://one.example/rss", nil, t0, "bank")
	put(t, s, a)
	two := FeedRef{URL: "https://two.example/rss", Title: "Two"}
	for range 2 {
		if err := s.AddSource(ctx, a.ID, two); err != nil {
			t.Fatalf("AddSource = %v", err)
		}
	}
	got, err := s.Article(ctx, a.ID)
	if want := []FeedRef{a.Feed, two}; err != nil || !reflect.DeepEqual(got.Sources, want) {
		t.Errorf("Sources after AddSource twice = %v, %v; want %v", got.Sources, err, want)
	}
	if err := s.AddSource(ctx, "missing", two); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddSource(missing) = %v, want ErrNotFound", err)
	}
	if got := collect(t, s, Query{Feed: two.URL}); len(got) != 1 {
		t.Errorf("Articles(Feed: two) = %v, want the article", got)
	}
	mustCheck(t, s)
}

// TestPutArticleConcurrentIdempotent stores the same articles from many
// goroutines at once: each is stored once and the indexes agree.
func TestPutArticleConcurrentIdempotent(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	const goroutines, articles = 32, 5
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*articles*2)
	for g := range goroutines {
		wg.Go(func() {
			for i := range articles {
				// Every goroutine writes the same content; odd ones also
				// record a source, which must not duplicate either.
				a := article(fmt.Sprintf("https://news.example/%d", i), "https://feed.example/rss", at(-time.Duration(i)*time.Hour), t0, "bank")
				errs <- s.PutArticle(ctx, a)
				if g%2 == 1 {
					errs <- s.AddSource(ctx, a.ID, FeedRef{URL: "https://two.example/rss"})
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent write = %v", err)
		}
	}
	mustCheck(t, s)
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != articles || st.Flagged != articles || st.FlagsByRule["bank"] != articles {
		t.Errorf("Stats = %+v, want %d articles, all flagged by bank", st, articles)
	}
	for i := range articles {
		a, err := s.Article(ctx, ArticleID(fmt.Sprintf("https://news.example/%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Sources) > 2 {
			t.Errorf("article %d has sources %v, want no duplicates", i, a.Sources)
		}
	}
}
