package crawler_test

import (
	"log/slog"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// BenchmarkPipeline measures the whole pipeline over a simulated web of
// 1,000 articles across 20 hosts with no politeness delay: feed fetch and
// parse, article fetch through colly, extraction, rules and a real bbolt
// store. Each iteration crawls the web into a fresh database.
//
//	go test -run '^$' -bench Pipeline -benchtime 3x ./crawler/
func BenchmarkPipeline(b *testing.B) {
	web := simweb.New(simweb.Options{Hosts: 20, ArticlesPerHost: 50})
	defer web.Close()
	feeds := testkit.Specs(web.FeedURLs())
	set := testkit.Rules(b, testkit.BankRules)
	dir := b.TempDir()
	var articles int
	var elapsed time.Duration
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	i := 0
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(b.Context(), filepath.Join(dir, "bench"+string(rune('a'+i%26))+".db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		c, err := crawler.New(b.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler), Timeout: 10 * time.Second, AllowPrivateNetworks: true, HostConcurrency: 2, Workers: 64, FeedWorkers: 20}, st, set)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sum := c.Crawl(b.Context(), feeds, nil)
		elapsed += time.Since(start)
		b.StopTimer()
		if len(sum.Failed()) > 0 || sum.NewArticles != 1000 {
			b.Fatalf("crawl: %d failed feeds, %d new articles; want 0 and 1000", len(sum.Failed()), sum.NewArticles)
		}
		articles += sum.NewArticles
		st.Close()
		i++
		b.StartTimer()
	}
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(articles)/elapsed.Seconds(), "articles/s")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(articles), "B/article")
}
