package crawler_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

type env struct {
	web   *simweb.Web
	store *store.Store
	c     *crawler.Crawler
}

// newEnv is a crawler with testkit.BankRules on a fresh store, beside a
// simulated web of opts.
func newEnv(t *testing.T, opts simweb.Options) *env {
	t.Helper()
	web := testkit.Web(t, opts)
	st := testkit.Store(t)
	c := testkit.Crawler(t, st, testkit.Rules(t, testkit.BankRules), func(o *crawler.Options) { o.HostConcurrency = 2 })
	return &env{web: web, store: st, c: c}
}

func TestCrawlFlagsExactlyTheRightStories(t *testing.T) {
	e := newEnv(t, simweb.Options{Hosts: 5, ArticlesPerHost: 12})
	sum := e.c.Crawl(t.Context(), testkit.Specs(e.web.FeedURLs()), nil)
	if failed := sum.Failed(); len(failed) > 0 {
		t.Fatalf("Crawl: %d feeds failed, first: %v", len(failed), failed[0].Err)
	}
	want := map[string]bool{}
	for _, a := range e.web.Articles() {
		want[a.URL] = a.Flag
	}
	if sum.NewArticles != len(want) {
		t.Errorf("NewArticles = %d, want %d", sum.NewArticles, len(want))
	}
	got := map[string]bool{}
	err := e.store.Articles(t.Context(), store.Query{}, func(a *store.Article) error {
		got[a.URL] = len(a.Flags) > 0
		if len(a.Flags) > 0 && len(a.Flags[0].Matches) == 0 {
			t.Errorf("flag on %s has no matches", a.URL)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for u, w := range want {
		g, ok := got[u]
		switch {
		case !ok:
			t.Errorf("article %s not stored", u)
		case g != w:
			t.Errorf("article %s flagged = %v, want %v", u, g, w)
		}
		if w {
			flagged++
		}
	}
	if flagged == 0 {
		t.Fatal("the simulated web has no story to flag; the test proves nothing")
	}
	if n := sum.Flagged["bank-facebook-data-sharing"]; n != flagged {
		t.Errorf("Summary.Flagged = %d, want %d", n, flagged)
	}
}

func TestCrawlObeysRobotsAndKeepsFeedText(t *testing.T) {
	e := newEnv(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	e.c.Crawl(t.Context(), testkit.Specs(e.web.FeedURLs()), nil)
	checked := 0
	for _, a := range e.web.Articles() {
		if !a.Disallowed {
			continue
		}
		checked++
		if n := e.web.Hits(a.URL); n != 0 {
			t.Errorf("disallowed page %s fetched %d times", a.URL, n)
		}
		got, err := e.store.Article(t.Context(), store.ArticleID(a.URL))
		if err != nil {
			t.Fatalf("Article(%s): %v", a.URL, err)
		}
		if !strings.Contains(got.FetchError, "robots.txt") {
			t.Errorf("FetchError = %q, want it to mention robots.txt", got.FetchError)
		}
		if got.Text == "" {
			t.Errorf("disallowed article kept no feed text")
		}
	}
	if checked == 0 {
		t.Fatal("no robots-disallowed article in the simulated web")
	}
	for _, r := range e.web.Requests() {
		if ua := r.Header.Get("User-Agent"); ua != "newshound-test" {
			t.Errorf("request %s sent User-Agent %q, want newshound-test", r.Path, ua)
		}
	}
}

func TestSecondCrawlFetchesNothingTwice(t *testing.T) {
	e := newEnv(t, simweb.Options{Hosts: 3, ArticlesPerHost: 8})
	feeds := testkit.Specs(e.web.FeedURLs())
	e.c.Crawl(t.Context(), feeds, nil)
	first := e.web.Stats(simweb.ResourceArticle).Requests
	e.web.Reset()
	sum := e.c.Crawl(t.Context(), feeds, nil)
	if got := e.web.Stats(simweb.ResourceArticle).Requests; got != 0 {
		t.Errorf("second crawl fetched %d article pages, want 0 (first fetched %d)", got, first)
	}
	if sum.NewArticles != 0 {
		t.Errorf("second crawl NewArticles = %d, want 0", sum.NewArticles)
	}
	for _, f := range sum.Feeds {
		if !f.NotModified {
			t.Errorf("feed %s not reported as not modified on the second crawl", f.URL)
		}
	}
	for _, r := range e.web.Requests() {
		if r.Resource == simweb.ResourceFeed && r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == "" {
			t.Errorf("second request for %s sent no validators", r.Path)
		}
	}
}

func TestFailuresAreRecordedAndThePassGoesOn(t *testing.T) {
	// The broken feed is JSON: a cut XML feed would be repaired.
	e := newEnv(t, simweb.Options{Hosts: 3, ArticlesPerHost: 6, Formats: []simweb.Format{simweb.JSONFeed, simweb.RSS2, simweb.Atom}})
	feeds := e.web.FeedURLs()
	if err := e.web.SetFault(feeds[0], simweb.Malformed()); err != nil {
		t.Fatal(err)
	}
	var broken simweb.Article
	for _, a := range e.web.Articles() {
		if a.FeedURL == feeds[1] && !a.Disallowed {
			broken = a
			break
		}
	}
	if err := e.web.SetFault(broken.URL, simweb.NotFound()); err != nil {
		t.Fatal(err)
	}
	unreachable, err := simweb.UnreachableURL("/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	all := append(testkit.Specs(feeds), crawler.FeedSpec{URL: unreachable})
	sum := e.c.Crawl(t.Context(), all, nil)

	if err := sum.Feeds[0].Err; !errors.Is(err, fetch.ErrParse) {
		t.Errorf("malformed feed error = %v, want ErrParse", err)
	}
	if err := sum.Feeds[3].Err; err == nil || !strings.Contains(err.Error(), "connect") {
		t.Errorf("unreachable feed error = %v, want a connection error", err)
	}
	for _, i := range []int{1, 2} {
		if sum.Feeds[i].Err != nil || sum.Feeds[i].New == 0 {
			t.Errorf("feed %d: err %v, new %d; want it crawled normally", i, sum.Feeds[i].Err, sum.Feeds[i].New)
		}
	}
	st, err := e.store.Feed(t.Context(), feeds[0])
	if err != nil || st.LastError == "" || st.ErrorCount != 1 {
		t.Errorf("stored state of the malformed feed = %+v, %v; want LastError set and ErrorCount 1", st, err)
	}
	a, err := e.store.Article(t.Context(), store.ArticleID(broken.URL))
	if err != nil {
		t.Fatalf("404 article not stored: %v", err)
	}
	if !strings.Contains(a.FetchError, "404") || a.Text == "" {
		t.Errorf("404 article: FetchError %q, text %d bytes; want the 404 recorded and the feed text kept", a.FetchError, len(a.Text))
	}
}

func TestPrefilterSkipsArticleFetches(t *testing.T) {
	e := newEnv(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	defs, lists := testkit.Definitions(t, testkit.BankRules)
	defs[0].Prefilter = "@facebook AND @banks"
	set, err := rules.Compile(defs, lists)
	if err != nil {
		t.Fatal(err)
	}
	e.c.SetMatcher(set)
	sum := e.c.Crawl(t.Context(), testkit.Specs(e.web.FeedURLs()), nil)
	fetched := e.web.Stats(simweb.ResourceArticle).Requests
	if fetched == 0 || fetched >= sum.NewArticles {
		t.Errorf("with a prefilter %d of %d article pages were fetched, want some but not all", fetched, sum.NewArticles)
	}
	for _, a := range e.web.Articles() {
		got, err := e.store.Article(t.Context(), store.ArticleID(a.URL))
		if err != nil {
			t.Fatalf("article %s not stored: %v", a.URL, err)
		}
		if a.Flag && len(got.Flags) == 0 {
			t.Errorf("story %s should be flagged even with the prefilter", a.URL)
		}
	}
}
