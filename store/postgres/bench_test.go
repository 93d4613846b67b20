package postgres

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/store"
)

// benchArticle is store's benchmark article: about 4 KB of text, one in
// twenty flagged.
func benchArticle(i int) *store.Article {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pub := t0.Add(-time.Duration(i) * time.Minute)
	a := &store.Article{URL: fmt.Sprintf("https://news%d.example/2025/03/story-%d", i%20, i), Published: &pub, Fetched: t0,
		Feed: store.FeedRef{URL: fmt.Sprintf("https://news%d.example/rss", i%20)}, Title: fmt.Sprint("Story ", i)}
	if i%20 == 0 {
		a.Flags = []store.Flag{{Rule: "bank-facebook-data-sharing", Score: 1, Flagged: t0}}
	}
	a.Text = strings.Repeat("The bank said on Monday that it had shared customer data with the platform. ", 55)
	a.Summary = a.Text[:300]
	return a
}

// openBench opens a Store on a fresh database for b.
func openBench(b *testing.B) *Store {
	b.Helper()
	s, err := Open(b.Context(), pgtest.DSN(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkPutArticle(b *testing.B) {
	b.Run("serial", func(b *testing.B) {
		s := openBench(b)
		i := 0
		start := time.Now()
		for b.Loop() {
			if err := s.PutArticle(b.Context(), benchArticle(i)); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(i)/time.Since(start).Seconds(), "articles/s")
	})
	b.Run("goroutines=8", func(b *testing.B) {
		s := openBench(b)
		var n atomic.Int64
		b.SetParallelism(8)
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := s.PutArticle(b.Context(), benchArticle(int(n.Add(1)))); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "articles/s")
	})
}

// BenchmarkSearchRare searches 5,000 stored stories for a word only the
// oldest holds: the words index finds it without reading the others.
// BenchmarkSearchCommon searches them for a word every story holds: the
// ordered walk of sort_key stops after one page.
func BenchmarkSearchRare(b *testing.B) {
	const n = 5000
	s := openBench(b)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				a := benchArticle(i)
				if i == n-1 {
					a.Text += " A volcano erupted."
				}
				if err := s.PutArticle(b.Context(), a); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	// Fresh statistics, as autovacuum's analyze keeps them on a running
	// database (without, the planner guesses and may walk every story).
	if _, err := s.pool.Exec(b.Context(), `ANALYZE articles`); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		page, _, err := s.SearchPage(b.Context(), store.Query{NoText: true}, "volcano", 0)
		if err != nil || len(page) != 1 {
			b.Fatalf("SearchPage = %d stories, %v, want 1", len(page), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/search")
}

func BenchmarkSearchCommon(b *testing.B) {
	const n = 5000
	s := openBench(b)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				if err := s.PutArticle(b.Context(), benchArticle(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if _, err := s.pool.Exec(b.Context(), `ANALYZE articles`); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		page, _, err := s.SearchPage(b.Context(), store.Query{NoText: true, Limit: 100}, "customer data", 0)
		if err != nil || len(page) != 100 {
			b.Fatalf("SearchPage = %d stories, %v, want 100", len(page), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/search")
}
