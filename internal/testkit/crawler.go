package testkit

import (
	"log/slog"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/store"
)

// Crawler builds a crawler on st that matches with m (nil: it flags
// nothing) and has the tests' options: no log, user agent
// "newshound-test", a 5 s timeout, loopback allowed (httptest and simweb
// listen there) and no host delay. Each mod then changes the options,
// in order.
func Crawler(t testing.TB, st *store.Store, m crawler.Matcher, mods ...func(*crawler.Options)) *crawler.Crawler {
	t.Helper()
	opts := crawler.Options{
		Logger:               slog.New(slog.DiscardHandler),
		UserAgent:            "newshound-test",
		Timeout:              5 * time.Second,
		AllowPrivateNetworks: true,
	}
	for _, mod := range mods {
		mod(&opts)
	}
	c, err := crawler.New(t.Context(), opts, st, m)
	if err != nil {
		t.Fatalf("crawler.New: %v", err)
	}
	return c
}

// Web starts a simulated web with opts on loopback and closes it when the
// test ends.
func Web(t testing.TB, opts simweb.Options) *simweb.Web {
	t.Helper()
	web := simweb.New(opts)
	t.Cleanup(web.Close)
	return web
}

// Specs is one crawler.FeedSpec per URL, in order.
func Specs(urls []string) []crawler.FeedSpec {
	out := make([]crawler.FeedSpec, len(urls))
	for i, u := range urls {
		out[i] = crawler.FeedSpec{URL: u}
	}
	return out
}

// ClockedCrawler is a crawler that matches nothing on a fresh Store, with
// Crawler's options but a 2 s timeout, whose schedule decisions follow now
// (nil: the real clock), as the politeness and scheduling tests want it;
// each mod then changes the options, in order.
func ClockedCrawler(t testing.TB, now func() time.Time, mods ...func(*crawler.Options)) (*store.Store, *crawler.Crawler) {
	t.Helper()
	st := Store(t)
	clocked := func(o *crawler.Options) {
		o.Timeout = 2 * time.Second
		o.Now = now
	}
	return st, Crawler(t, st, nil, append([]func(*crawler.Options){clocked}, mods...)...)
}
