package store

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkPutArticleAlerts measures what enqueueing webhook deliveries in
// PutArticle's transaction costs: every article is new and flagged, stored
// from 64 goroutines, with no webhook, one, and three.
func BenchmarkPutArticleAlerts(b *testing.B) {
	ctx := context.Background()
	for _, targets := range []int{0, 1, 3} {
		b.Run(fmt.Sprintf("webhooks=%d", targets), func(b *testing.B) {
			s := openTest(b)
			if targets > 0 {
				urls := make([]string, targets)
				for i := range urls {
					urls[i] = fmt.Sprintf("https://hook%d.example/", i)
				}
				s.SetAlertPolicy(routed(func(string) []string { return urls }))
			}
			var n atomic.Int64
			b.SetParallelism(64)
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					a := benchArticle(int(n.Add(1)))
					a.Flags = article(a.URL, a.Feed.URL, nil, t0, "bank-facebook-data-sharing").Flags
					if err := s.PutArticle(ctx, a); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "articles/s")
			if c, err := s.Outbox(ctx); err != nil || c.Pending != int(n.Load())*targets {
				b.Fatalf("Outbox = %+v, %v, want %d pending", c, err, int(n.Load())*targets)
			}
		})
	}
}
