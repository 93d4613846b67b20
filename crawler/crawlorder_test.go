package crawler_test

import (
	"log/slog"
	"sort"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// TestCrawlSpreadsSiteOrderAcrossHosts gives Crawl the feeds site by site
// (as a config file lists them) with a politeness delay, and checks that
// the workers start on every host at once instead of queueing on the
// first host's limiter; that each host's requests stay spaced by the
// delay; and that robots.txt is fetched once per host in the pass.
func TestCrawlSpreadsSiteOrderAcrossHosts(t *testing.T) {
	const hosts, perHost, delay = 4, 3, 100 * time.Millisecond
	web := testkit.Web(t, simweb.Options{Hosts: hosts, FeedsPerHost: perHost, ArticlesPerHost: perHost})
	st := testkit.Store(t)
	set := testkit.Rules(t, testkit.BankRules)
	c, err := crawler.New(t.Context(), crawler.Options{
		Logger: slog.New(slog.DiscardHandler), Timeout: 10 * time.Second, AllowPrivateNetworks: true,
		FeedWorkers: hosts, HostConcurrency: 2, HostDelay: delay,
	}, st, set)
	if err != nil {
		t.Fatal(err)
	}
	sum := c.Crawl(t.Context(), testkit.Specs(web.FeedURLs()), nil) // site by site
	if f := sum.Failed(); len(f) != 0 || sum.NewArticles != len(web.Articles()) {
		t.Fatalf("crawl: %d failed, %d new; want 0 failed and %d new", len(f), sum.NewArticles, len(web.Articles()))
	}

	reqs := web.Requests()
	sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].Time.Before(reqs[j].Time) })
	var firstFeeds []string
	starts := map[string][]time.Time{}
	robots := map[string]int{}
	for _, r := range reqs {
		starts[r.Host] = append(starts[r.Host], r.Time)
		switch r.Resource {
		case simweb.ResourceFeed:
			if len(firstFeeds) < hosts {
				firstFeeds = append(firstFeeds, r.Host)
			}
		case simweb.ResourceRobots:
			robots[r.Host]++
		}
	}
	distinct := map[string]bool{}
	for _, h := range firstFeeds {
		distinct[h] = true
	}
	if len(distinct) != hosts {
		t.Errorf("first %d feed requests went to %d hosts (%v), want %d: workers queued on one host", hosts, len(distinct), firstFeeds, hosts)
	}
	for h, ts := range starts {
		// The limiter spaces request starts by delay; arrival times at the
		// server jitter, so only the span of a host's requests is checked.
		span, want := ts[len(ts)-1].Sub(ts[0]), time.Duration(len(ts)-1)*delay-delay/2
		if span < want {
			t.Errorf("host %s: %d requests within %s, want at least %s", h, len(ts), span, want)
		}
	}
	if len(robots) != hosts {
		t.Errorf("robots.txt fetched on %d hosts, want %d", len(robots), hosts)
	}
	for h, n := range robots {
		if n != 1 {
			t.Errorf("host %s: robots.txt fetched %d times in one pass, want 1", h, n)
		}
	}
}
