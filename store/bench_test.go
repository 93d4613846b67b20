package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// benchArticle is a realistic article: about 4 KB of text, some flagged.
func benchArticle(i int) *Article {
	var rules []string
	if i%20 == 0 {
		rules = []string{"bank-facebook-data-sharing"}
	}
	a := article(fmt.Sprintf("https://news%d.example/2025/03/story-%d", i%20, i), fmt.Sprintf("https://news%d.example/rss", i%20),
		at(-time.Duration(i)*time.Minute), t0, rules...)
	a.Text = strings.Repeat("The bank said on Monday that it had shared customer data with the platform. ", 55)
	a.Summary = a.Text[:300]
	return a
}

func BenchmarkPutArticle(b *testing.B) {
	ctx := context.Background()
	b.Run("serial", func(b *testing.B) {
		s := openTest(b)
		i := 0
		start := time.Now()
		for b.Loop() {
			if err := s.PutArticle(ctx, benchArticle(i)); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(i)/time.Since(start).Seconds(), "articles/s")
	})
	for _, par := range []int{8, 64} {
		b.Run(fmt.Sprintf("goroutines=%d", par), func(b *testing.B) {
			s := openTest(b)
			var n atomic.Int64
			b.SetParallelism(par) // par × GOMAXPROCS goroutines
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := s.PutArticle(ctx, benchArticle(int(n.Add(1)))); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "articles/s")
		})
	}
}

func BenchmarkArticles(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	const n = 5000
	arts := make([]*Article, n)
	var bytes int64
	for i := range arts {
		arts[i] = benchArticle(i)
	}
	putParallel(b, s, arts)
	for _, a := range arts {
		v, _ := json.Marshal(a)
		bytes += int64(len(v))
	}
	for _, tc := range []struct {
		name  string
		q     Query
		count int
	}{
		{"all", Query{}, n},
		{"flagged", Query{FlaggedOnly: true}, n / 20},
		{"feed", Query{Feed: "https://news3.example/rss"}, n / 20},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if tc.q == (Query{}) {
				b.SetBytes(bytes) // MB/s of stored JSON read and decoded
			}
			seen := 0
			start := time.Now()
			for b.Loop() {
				got := 0
				if err := s.Articles(ctx, tc.q, func(*Article) error { got++; return nil }); err != nil {
					b.Fatal(err)
				}
				if got != tc.count {
					b.Fatalf("Articles(%+v) gave %d, want %d", tc.q, got, tc.count)
				}
				seen += got
			}
			b.ReportMetric(float64(seen)/time.Since(start).Seconds(), "articles/s")
		})
	}
}
