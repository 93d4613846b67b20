package crawler_test

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// pollEnv is a crawler over a fresh database and a simulated web.
type pollEnv struct {
	web *simweb.Web
	c   *crawler.Crawler
}

func newPollEnv(b *testing.B, web *simweb.Web, opts crawler.Options) *pollEnv {
	b.Helper()
	st := testkit.Store(b)
	set := testkit.Rules(b, testkit.BankRules)
	opts.Logger = slog.New(slog.DiscardHandler)
	opts.AllowPrivateNetworks = true
	opts.Timeout = 30 * time.Second
	c, err := crawler.New(b.Context(), opts, st, set)
	if err != nil {
		b.Fatal(err)
	}
	return &pollEnv{web: web, c: c}
}

// pass crawls feeds once and fails the benchmark on any failed feed.
func (e *pollEnv) pass(b *testing.B, feeds []crawler.FeedSpec) *crawler.Summary {
	b.Helper()
	sum := e.c.Crawl(b.Context(), feeds, nil)
	if f := sum.Failed(); len(f) > 0 {
		b.Fatalf("%d feeds failed, first %s: %v", len(f), f[0].URL, f[0].Err)
	}
	return sum
}

// politeBound is the least time the host limiter allows for the requests
// recorded since the last Reset: it spaces the starts of two requests to
// one host by at least delay (whatever host_concurrency is), so a host
// that got n requests needs (n-1)*delay; the pass needs the most of any
// host.
func politeBound(web *simweb.Web, delay time.Duration) time.Duration {
	perHost := map[string]int{}
	for _, r := range web.Requests() {
		perHost[r.Host]++
	}
	var bound time.Duration
	for _, n := range perHost {
		bound = max(bound, time.Duration(n-1)*delay)
	}
	return bound
}

// interleave orders feeds host by host in turn (feed 0 of every host,
// then feed 1, ...), as a scheduler spreading due times would.
func interleave(urls []string, perHost int) []crawler.FeedSpec {
	hosts := len(urls) / perHost
	out := make([]crawler.FeedSpec, 0, len(urls))
	for f := range perHost {
		for h := range hosts {
			out = append(out, crawler.FeedSpec{URL: urls[h*perHost+f]})
		}
	}
	return out
}

// BenchmarkPollPass polls a simulated web of 2,000 feeds across 100
// loopback hosts (one article per feed) with no politeness delay and the
// default 8 feed workers. The first, cold pass (every feed new, every
// article fetched, extracted and stored) runs once and is reported as
// cold-feeds/s; each iteration is then a warm pass over the unchanged web
// (conditional requests, 304 or unchanged body), reported as feeds/s.
//
//	go test -run '^$' -bench PollPass -benchtime 3x ./crawler/
func BenchmarkPollPass(b *testing.B) {
	const hosts, perHost = 100, 20
	web := simweb.New(simweb.Options{Hosts: hosts, FeedsPerHost: perHost, ArticlesPerHost: perHost})
	defer web.Close()
	feeds := interleave(web.FeedURLs(), perHost)
	e := newPollEnv(b, web, crawler.Options{Workers: 64})
	cold := e.pass(b, feeds)
	if cold.NewArticles != len(web.Articles()) {
		b.Fatalf("cold pass stored %d articles, want %d", cold.NewArticles, len(web.Articles()))
	}
	coldRate := float64(len(feeds)) / cold.Duration.Seconds()
	var polled int
	var elapsed time.Duration
	for b.Loop() {
		web.Reset()
		sum := e.pass(b, feeds)
		polled += len(sum.Feeds)
		elapsed += sum.Duration
		if sum.NewArticles != 0 {
			b.Fatalf("warm pass stored %d new articles, want 0", sum.NewArticles)
		}
	}
	b.ReportMetric(float64(polled)/elapsed.Seconds(), "feeds/s")
	b.ReportMetric(coldRate, "cold-feeds/s") // after b.Loop, which resets metrics
}

// BenchmarkPolitePass polls 200 feeds across 20 loopback hosts (one
// article per feed) with host_delay 200ms and host_concurrency 2, and
// reports a pass's wall time over the politeness lower bound (see
// politeBound): 1.0 means the limiter alone set the pace. The cold pass
// runs once (cold-wall/bound); each iteration is a warm pass
// (wall/bound). Feeds are given interleaved by host, or site by site, the
// order of the configuration file. Under a host delay Crawl runs one feed
// worker per host (see Crawler.feedWorkers): a cold poll holds its worker
// while it waits out the host's delay before its article, so the default
// 8 workers could not keep 20 hosts busy.
//
//	go test -run '^$' -bench PolitePass -benchtime 2x ./crawler/
func BenchmarkPolitePass(b *testing.B) {
	const hosts, perHost, delay = 20, 10, 200 * time.Millisecond
	for _, bc := range []struct {
		order   string
		workers int
	}{{"interleaved", 0}, {"site", 0}} {
		name := fmt.Sprintf("order=%s/feed_workers=%d", bc.order, bc.workers)
		if bc.workers == 0 {
			name = fmt.Sprintf("order=%s/feed_workers=default", bc.order)
		}
		b.Run(name, func(b *testing.B) {
			web := simweb.New(simweb.Options{Hosts: hosts, FeedsPerHost: perHost, ArticlesPerHost: perHost})
			defer web.Close()
			feeds := interleave(web.FeedURLs(), perHost)
			if bc.order == "site" {
				feeds = testkit.Specs(web.FeedURLs())
			}
			e := newPollEnv(b, web, crawler.Options{HostDelay: delay, HostConcurrency: 2, FeedWorkers: bc.workers})
			cold := e.pass(b, feeds)
			coldRatio := cold.Duration.Seconds() / politeBound(web, delay).Seconds()
			var wall, bound time.Duration
			for b.Loop() {
				web.Reset()
				sum := e.pass(b, feeds)
				wall += sum.Duration
				bound += politeBound(web, delay)
			}
			b.ReportMetric(wall.Seconds()/bound.Seconds(), "wall/bound")
			b.ReportMetric(bound.Seconds()/float64(b.N), "bound-s")
			b.ReportMetric(coldRatio, "cold-wall/bound")
		})
	}
}
