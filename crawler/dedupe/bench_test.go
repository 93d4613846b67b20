package dedupe

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// BenchmarkSignAndStore measures what clustering adds to storing a new
// article: signing its text and, inside PutArticle's write transaction,
// looking up band candidates among prefilled articles of the same window
// and comparing them. "unsigned" is the same PutArticle without a
// signature. Writes come from 8 goroutines per CPU, as in a crawl.
func BenchmarkSignAndStore(b *testing.B) {
	const prefill = 3000
	docs := simCorpus(b, 3, 8, 30)
	s := New(Options{})
	for _, signed := range []bool{false, true} {
		b.Run(fmt.Sprintf("signed=%v", signed), func(b *testing.B) {
			ctx := context.Background()
			st, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.db"), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			put := func(i int) error {
				d := docs[i%len(docs)]
				pub := d.t.Add(time.Duration(i/len(docs)) * time.Minute)
				a := &store.Article{URL: fmt.Sprintf("https://example.com/%d", i), Text: d.text, Published: &pub, Fetched: pub}
				if signed {
					a.Signature = s.Sign(d.text)
				}
				return st.PutArticle(ctx, a)
			}
			var wg sync.WaitGroup
			for g := range 64 { // a window's worth of stories already stored
				wg.Go(func() {
					for i := g; i < prefill; i += 64 {
						if err := put(i); err != nil {
							b.Error(err)
						}
					}
				})
			}
			wg.Wait()
			var n atomic.Int64
			n.Store(prefill)
			b.SetParallelism(8)
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := put(int(n.Add(1))); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(n.Load()-prefill)/time.Since(start).Seconds(), "articles/s")
		})
	}
}
