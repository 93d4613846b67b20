package dbfile

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// BenchmarkMigrate copies bbolt files of 1,000 and 4,000 articles of
// about 6 KB each (a tenth flagged) into a fresh PostgreSQL database per
// run, reporting articles/s and the peak of the heap in use while it
// runs, which stays flat as the file grows (the articles are streamed).
//
//	CI=true go test -run '^$' -bench Migrate -benchtime 3x ./cmd/newshound/internal/dbfile/
func BenchmarkMigrate(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			file := migrateSource(b, n)
			var peak uint64
			for b.Loop() {
				b.StopTimer()
				cfg := &config.Config{Storage: config.Storage{Backend: config.BackendPostgres, DSN: config.Secret(pgtest.DSN(b))}}
				stop := sampleHeap(&peak)
				b.StartTimer()
				if err := Migrate(b.Context(), cfg, file, false, io.Discard); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				stop()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// migrateSource writes n articles into a new bbolt file.
func migrateSource(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "source.db")
	st := testkit.OpenStore(b, path, store.Options{})
	text := strings.Repeat("The bank shared its customers' transaction data with an advertiser. ", 90)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		a := &store.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: fmt.Sprintf("Story %d", i), Published: &at, Fetched: at,
			Feed: store.FeedRef{URL: "https://news.example/feed"}, Text: text}
		if i%10 == 0 {
			a.Flags = []store.Flag{{Rule: "bank", Score: 1, Flagged: at}}
		}
		if err := st.PutArticle(b.Context(), a); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// sampleHeap records into peak the largest heap in use seen every
// millisecond until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			*peak = max(*peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
