package crawler_test

import (
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// TestSecondCrawlIsConditional crawls a simulated web of 200 feeds (100
// articles, so half the feeds are empty) twice
// with nothing changed in between, each time with a fresh Crawler over the
// same database (as `newshound crawl` from cron). The second crawl must
// send only feed requests, conditional wherever the site gave validators,
// fetch no article again, and store nothing new. Sites differ: most honour
// validators (304), some ignore them and some send none (both answered
// 200 with the same body, skipped by its hash).
func TestSecondCrawlIsConditional(t *testing.T) {
	web := testkit.Web(t, simweb.Options{Hosts: 20, FeedsPerHost: 10, ArticlesPerHost: 5, Gzip: true})
	hosts := web.Hosts()
	mode := map[string]simweb.Validators{}
	for i, h := range hosts {
		v := simweb.ValidatorsHonoured
		switch {
		case i >= 17:
			v = simweb.ValidatorsNone
		case i >= 14:
			v = simweb.ValidatorsIgnored
		}
		if err := web.SetValidators(h, v); err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(h)
		mode[u.Host] = v
	}
	feeds := testkit.Specs(web.FeedURLs())
	if len(feeds) != 200 {
		t.Fatalf("simulated web has %d feeds, want 200", len(feeds))
	}
	st := testkit.Store(t)
	set := testkit.Rules(t, testkit.BankRules)
	crawl := func() *crawler.Summary {
		c, err := crawler.New(t.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler), Timeout: 10 * time.Second, AllowPrivateNetworks: true, FeedWorkers: 16}, st, set)
		if err != nil {
			t.Fatal(err)
		}
		return c.Crawl(t.Context(), feeds, nil)
	}

	first := crawl()
	s1 := web.Stats()
	t.Logf("first crawl: %d requests (%d feed, %d article, %d robots), %d bytes, %d new articles, in %s",
		s1.Requests, web.Stats(simweb.ResourceFeed).Requests, web.Stats(simweb.ResourceArticle).Requests, web.Stats(simweb.ResourceRobots).Requests,
		s1.Bytes, first.NewArticles, first.Duration.Round(time.Millisecond))
	if len(first.Failed()) != 0 || first.NewArticles != len(web.Articles()) {
		t.Fatalf("first crawl: %d failed, %d new; want 0 failed and %d new", len(first.Failed()), first.NewArticles, len(web.Articles()))
	}

	robots := map[string]int{}
	for _, rq := range web.Requests() {
		if rq.Resource == simweb.ResourceRobots {
			robots[rq.Host]++
		}
	}
	for h, n := range robots {
		if n != 1 {
			t.Errorf("first crawl fetched %s/robots.txt %d times, want once per host per pass", h, n)
		}
	}
	if len(robots) != len(hosts) {
		t.Errorf("first crawl fetched robots.txt on %d hosts, want all %d (each has articles)", len(robots), len(hosts))
	}

	web.Reset()
	second := crawl()
	s2 := web.Stats()
	t.Logf("second crawl: %d requests (%d answered 304), %d bytes, %d new articles, in %s",
		s2.Requests, s2.NotModified, s2.Bytes, second.NewArticles, second.Duration.Round(time.Millisecond))
	if len(second.Failed()) != 0 || second.NewArticles != 0 {
		t.Errorf("second crawl: %d failed, %d new; want none", len(second.Failed()), second.NewArticles)
	}
	for _, r := range second.Feeds {
		if !r.NotModified {
			t.Errorf("second crawl of %s: NotModified false, want true (304 or unchanged body)", r.URL)
		}
	}
	if s2.Requests != len(feeds) {
		t.Errorf("second crawl made %d requests, want exactly one per feed (%d)", s2.Requests, len(feeds))
	}
	for _, rq := range web.Requests() {
		conditional := rq.Header.Get("If-None-Match") != "" || rq.Header.Get("If-Modified-Since") != ""
		v := mode[rq.Host]
		switch {
		case rq.Resource != simweb.ResourceFeed:
			t.Errorf("second crawl requested %s %s (%s), want feeds only", rq.Host, rq.Path, rq.Resource)
		case v == simweb.ValidatorsHonoured && (!conditional || rq.Status != 304):
			t.Errorf("feed %s%s: conditional %v, status %d; want a conditional request answered 304", rq.Host, rq.Path, conditional, rq.Status)
		case v == simweb.ValidatorsIgnored && !conditional:
			t.Errorf("feed %s%s: sent no validators though the site gave some", rq.Host, rq.Path)
		}
	}
	if s2.Bytes*10 > s1.Bytes {
		t.Errorf("second crawl read %d bytes, more than a tenth of the first (%d)", s2.Bytes, s1.Bytes)
	}
}
