package api

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// seedArticles stores n articles with full texts of 4 to 20 KB (a news
// page's extracted text), one a minute, a third of them flagged, from
// many goroutines so that they share bbolt batches.
func seedArticles(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	words := strings.Fields("the bank said it shared customer data with meta for advertising while regulators in several countries asked how the transfers were approved and who saw them")
	r := rand.New(rand.NewPCG(1, 2))
	arts := make([]*store.Article, n)
	for i := range arts {
		var b strings.Builder
		for size := 4<<10 + r.IntN(16<<10); b.Len() < size; {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		at := t0.Add(-time.Duration(i) * time.Minute)
		a := &store.Article{
			URL: fmt.Sprintf("https://news%d.example/2026/story-%d", i%40, i), Title: fmt.Sprintf("Story %d about banks and data", i),
			Author: "A. Reporter", Published: &at, Fetched: at, Feed: store.FeedRef{URL: fmt.Sprintf("https://news%d.example/rss", i%40)},
			Summary: "A bank sent data to Meta, the regulator said on Tuesday.", Text: b.String(), Lang: "en",
		}
		if i%3 == 0 {
			a.Flags = []store.Flag{flag("bank-facebook-data-sharing", at,
				match("text", "bank", "the bank said it shared customer data"),
				match("text", "meta", "customer data with meta for advertising"))}
		}
		arts[i] = a
	}
	var wg sync.WaitGroup
	next := make(chan *store.Article)
	var failed atomic.Pointer[error]
	for range 32 {
		wg.Go(func() {
			for a := range next {
				if err := st.PutArticle(context.Background(), a); err != nil {
					failed.Store(&err)
				}
			}
		})
	}
	for _, a := range arts {
		next <- a
	}
	close(next)
	wg.Wait()
	if err := failed.Load(); err != nil {
		tb.Fatal(*err)
	}
}

// peakHeap samples the heap every millisecond until stop is called, which
// returns the highest heap in use (live and not yet swept objects) and the
// highest memory the runtime held from the system, in bytes.
func peakHeap() (stop func() (heap, total uint64)) {
	samples := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	var heap, total uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(samples)
			heap = max(heap, samples[0].Value.Uint64())
			total = max(total, samples[1].Value.Uint64()-samples[2].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() (uint64, uint64) {
		close(done)
		wg.Wait()
		return heap, total
	}
}

// BenchmarkAPIStoriesConcurrent is the trial's load on the stories API:
// 50 clients at once, each asking for pages of 1,000 stories (every story,
// flagged ones, a text search) over 5,000 stored articles with full texts
// (4 to 20 KB each). One op is one round of 50 concurrent requests. It
// reports the peak heap in use and the peak memory the Go runtime held
// (heap, stacks and the rest, without what it returned to the system,
// which it is made to do before the load), sampled every millisecond;
// the target is under 200 MB.
func BenchmarkAPIStoriesConcurrent(b *testing.B) {
	const clients, articles = 50, 5000
	st, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "load.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	seedArticles(b, st, articles)
	srv := httptest.NewServer((&Server{Store: st}).Handler())
	b.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	queries := []string{"all=true&limit=1000", "limit=1000", "all=true&limit=1000&q=regulators+bank"}
	debug.FreeOSMemory() // what seeding took is not the load's
	stop := peakHeap()
	requests := 0
	start := time.Now()
	for b.Loop() {
		var wg sync.WaitGroup
		for c := range clients {
			q := queries[(requests+c)%len(queries)]
			wg.Go(func() {
				resp, err := client.Get(srv.URL + "/api/v1/stories?" + q)
				if err != nil {
					b.Error(err)
					return
				}
				defer resp.Body.Close()
				if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
					b.Errorf("GET %s: %s, %v", q, resp.Status, err)
				}
			})
		}
		wg.Wait()
		requests += clients
	}
	elapsed := time.Since(start)
	heap, total := stop()
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(total)/(1<<20), "peak-runtime-MB")
	b.ReportMetric(float64(requests)/elapsed.Seconds(), "requests/s")
}
