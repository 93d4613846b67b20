package eval

import (
	"bytes"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/testkit/seeds"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// costPage is one evaluation page as the benchmark's web serves it.
type costPage struct {
	body        []byte
	contentType string
	url         *url.URL // the page's original address, for go-trafilatura alone
}

// loadCostPages reads every page of both corpora (the split does not matter
// for cost).
func loadCostPages(tb testing.TB, dir string) []costPage {
	tb.Helper()
	scored := loadScoredPages(tb, dir)
	pages := make([]costPage, len(scored))
	for i, p := range scored {
		pages[i] = p.costPage
	}
	return pages
}

// cpuTime returns the process's user and system CPU time so far.
func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// costWeb serves the pages at /p/N and lists them in RSS feeds of 50 items at
// /feed/K.xml, as a news site would.
func costWeb(pages []costPage) (*httptest.Server, []crawler.FeedSpec) {
	const perFeed = 50
	feeds := make(map[string][]byte)
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	var specs []crawler.FeedSpec
	for k := 0; k*perFeed < len(pages); k++ {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed %d</title><link>%s/</link>`, k, srv.URL)
		for i := k * perFeed; i < min(len(pages), (k+1)*perFeed); i++ {
			fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s/p/%d</link><guid>%s/p/%d</guid><pubDate>%s</pubDate></item>`,
				i, srv.URL, i, srv.URL, i, html.EscapeString(time.Date(2024, 1, 1+i%28, 8, 0, 0, 0, time.UTC).Format(time.RFC1123Z)))
		}
		b.WriteString(`</channel></rss>`)
		path := fmt.Sprintf("/feed/%d.xml", k)
		feeds[path] = []byte(b.String())
		specs = append(specs, crawler.FeedSpec{URL: srv.URL + path})
	}
	mux.HandleFunc("/feed/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	})
	mux.HandleFunc("/p/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscan(r.PathValue("n"), &n); err != nil || n < 0 || n >= len(pages) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", pages[n].contentType)
		w.Write(pages[n].body)
	})
	return srv, specs
}

// BenchmarkPipelineCost measures, in one run on the same 420 real evaluation
// pages, the CPU time per article of the whole crawl path (feeds and pages
// fetched from a loopback server, extraction, rules, dedupe signatures, stored
// into a real bbolt file) and of go-trafilatura alone on the same bodies, and
// their ratio. CPU time is the process's (getrusage user + system), so it
// counts every goroutine and the garbage collector, and the loopback server's
// share of the fetch.
//
//	NEWSHOUND_DATA=../shared/data go test -run '^$' -bench PipelineCost -benchtime 3x ./crawler/extract/eval/
func BenchmarkPipelineCost(b *testing.B) {
	if os.Getenv("NEWSHOUND_DATA") == "" {
		b.Skip("set NEWSHOUND_DATA to the shared data directory to run the cost benchmark")
	}
	dir, err := findData(seeds.DataDir())
	if err != nil {
		b.Fatal(err) // asked for by NEWSHOUND_DATA, so a wrong folder is an error, not a skip
	}
	pages := loadCostPages(b, dir)
	srv, specs := costWeb(pages)
	defer srv.Close()
	set, err := rules.Compile([]rules.Definition{{Name: "bank-facebook-data-sharing",
		Query: `@facebook AND @banks AND (@personal_data OR (data NEAR/8 @sharing))`}}, map[string][]string{
		"facebook":      {"facebook", "meta", "messenger", "instagram", "whatsapp"},
		"banks":         {"bank", "banks", "lender", "lenders", "financial firms"},
		"personal_data": {"customer data", "financial data", "personal data", "transaction data"},
		"sharing":       {"share", "shares", "shared", "sharing", "access to"},
	})
	if err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	var pipeCPU, trafCPU time.Duration
	var articles, trafPages int
	i := 0
	for b.Loop() {
		st, err := store.Open(b.Context(), filepath.Join(tmp, fmt.Sprintf("cost%d.db", i)), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		c, err := crawler.New(b.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler), Timeout: 30 * time.Second,
			AllowPrivateNetworks: true, HostConcurrency: 2, RetryDelays: []time.Duration{}}, st, set)
		if err != nil {
			b.Fatal(err)
		}
		start := cpuTime(b)
		sum := c.Crawl(b.Context(), specs, nil)
		pipeCPU += cpuTime(b) - start
		if len(sum.Failed()) > 0 {
			b.Fatalf("crawl: %d feeds failed, first: %v", len(sum.Failed()), sum.Failed()[0].Err)
		}
		articles += sum.NewArticles
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}

		start = cpuTime(b)
		for _, p := range pages {
			// What go-trafilatura alone is asked in production terms: the
			// article without comments, its metadata, on the raw body.
			trafilatura.Extract(bytes.NewReader(p.body), trafilatura.Options{OriginalURL: p.url, ExcludeComments: true})
		}
		trafCPU += cpuTime(b) - start
		trafPages += len(pages)
		i++
	}
	if articles < len(pages)*b.N*9/10 {
		b.Fatalf("stored %d articles over %d runs of %d pages, want nearly all", articles, b.N, len(pages))
	}
	pipe := pipeCPU.Seconds() / float64(articles)
	traf := trafCPU.Seconds() / float64(trafPages)
	b.ReportMetric(pipe*1000, "pipeline-cpu-ms/article")
	b.ReportMetric(traf*1000, "trafilatura-cpu-ms/article")
	b.ReportMetric(pipe/traf, "pipeline/trafilatura")
	b.ReportMetric(float64(articles)/float64(b.N), "articles/run")
}
