package store_test

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/storetest"
)

// archiveStories is the size of the archive BenchmarkSearchArchive
// searches.
const archiveStories = 100000

// BenchmarkSearchArchive measures the latency of a first page (100
// stories, without their texts) over 100,000 generated stories
// (storetest.ArchiveStory), p50 and p99 in milliseconds: a word of one
// story, the oldest; a word of one story in forty; a word of nearly
// every story; a phrase of two common words; a prefix. The archive is
// generated once for all of them, in a temporary folder. Not run in CI.
func BenchmarkSearchArchive(b *testing.B) {
	path := filepath.Join(b.TempDir(), "archive.db")
	s, err := store.Open(b.Context(), path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	var wg sync.WaitGroup
	const workers = 64 // bbolt's Batch shares transactions between them
	for w := range workers {
		wg.Go(func() {
			for i := w; i < archiveStories; i += workers {
				if err := s.PutArticle(b.Context(), storetest.ArchiveStory(i, archiveStories)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.Logf("generated %d stories in %v", archiveStories, time.Since(start).Round(time.Second))
	for _, tc := range []struct{ name, text string }{
		{"rare", storetest.ArchiveRare},
		{"mid", storetest.ArchiveMid},
		{"common", storetest.ArchiveCommon},
		{"phrase", `"` + storetest.ArchiveCommon + " " + storetest.ArchiveCommon + `"`},
		{"prefix", storetest.ArchiveMid[:3] + "*"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			latencies(b, func() (int, error) {
				page, _, err := s.SearchPage(b.Context(), store.Query{NoText: true}, tc.text, 0)
				return len(page), err
			})
		})
	}
}

// latencies runs search in b.Loop, failing on an error or an empty page,
// and reports its p50 and p99 in milliseconds.
func latencies(b *testing.B, search func() (int, error)) {
	var ds []time.Duration
	for b.Loop() {
		t := time.Now()
		n, err := search()
		ds = append(ds, time.Since(t))
		if err != nil || n == 0 {
			b.Fatalf("search = %d stories, %v; want some", n, err)
		}
	}
	slices.Sort(ds)
	at := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkPutArchiveStory measures PutArticle from 64 goroutines with the
// stories of storetest.ArchiveStory (about 190 words, 150 distinct): the
// write cost of the search index with words that vary as news does,
// which store's BenchmarkPutArticle (one sentence repeated) does not show.
func BenchmarkPutArchiveStory(b *testing.B) {
	s, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "put.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var mu sync.Mutex
	next := 0
	b.SetParallelism(32) // 32 × GOMAXPROCS goroutines
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			i := next
			next++
			mu.Unlock()
			if err := s.PutArticle(b.Context(), storetest.ArchiveStory(i, 1<<30)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(next)/b.Elapsed().Seconds(), "articles/s")
}
