package api

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// t0 is the fixture's clock: every story is dated from it.
var t0 = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// hostileTitle tries to inject markup into every page that shows it.
const hostileTitle = `<script>document.title="pwned"</script><img src=x onerror="document.title='pwned'"> Bank & "Meta"`

// fixture is a real store seeded with flagged and unflagged stories.
type fixture struct {
	st                     *store.Store
	set                    *rules.Set
	bankMeta, ads, hostile *store.Article
	plain                  *store.Article
}

// match builds a stored match whose snippet marks term at its first
// occurrence.
func match(field, term, snippet string) store.Match {
	i := strings.Index(strings.ToLower(snippet), strings.ToLower(term))
	return store.Match{Field: field, Term: term, Snippet: snippet, SnippetOffset: i, Length: len(term)}
}

func flag(rule string, at time.Time, ms ...store.Match) store.Flag {
	return store.Flag{Rule: rule, Score: float64(len(ms)), Stage: "article", Tags: []string{"privacy"}, Matches: ms, Flagged: at}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := t.Context()
	st := testkit.Store(t)
	set, err := rules.Compile([]rules.Definition{
		{Name: "bank-facebook-data-sharing", Query: "bank AND (facebook OR meta)", Tags: []string{"privacy", "finance"}},
		{Name: "ad-tracking", Query: `"tracking pixel"`, MinScore: 1},
		{Name: "quiet", Query: "nothing"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration) *time.Time { x := t0.Add(d); return &x }
	one := store.FeedRef{URL: "https://one.example/rss", Title: "One News"}
	two := store.FeedRef{URL: "https://two.example/feed", Title: "Two Daily"}
	f := &fixture{st: st, set: set}
	f.bankMeta = &store.Article{
		URL: "https://one.example/2026/03/bank-meta", Title: "Bank shared customer data with Meta",
		Author: "A. Reporter", Published: at(-time.Hour), Fetched: t0, Feed: one,
		Sources: []store.FeedRef{one, two},
		Summary: "A bank sent data to Meta.", Text: "The bank said it shared customer data with Meta for advertising.",
		Flags: []store.Flag{flag("bank-facebook-data-sharing", t0,
			match("text", "bank", "The bank said it shared customer data"),
			match("text", "meta", "customer data with Meta for advertising."))},
	}
	f.ads = &store.Article{
		URL: "https://two.example/pixel", Title: "Tracking pixel found on tax site", Published: at(-3 * time.Hour), Fetched: t0, Feed: two,
		Text:  "A tracking pixel sent visitors' data to an ad network.",
		Flags: []store.Flag{flag("ad-tracking", t0.Add(-2*time.Hour), match("text", "tracking pixel", "A tracking pixel sent visitors' data"))},
	}
	f.hostile = &store.Article{
		URL: "https://two.example/hostile", Title: hostileTitle, Published: at(-5 * time.Hour), Fetched: t0, Feed: two,
		Text: "bank <b>meta</b>",
		Flags: []store.Flag{flag("bank-facebook-data-sharing", t0.Add(-4*time.Hour),
			match("text", "bank", `<i>bank</i> </blockquote><script>alert(1)</script>`))},
	}
	f.plain = &store.Article{URL: "https://one.example/weather", Title: "Sunny weather", Published: at(-2 * time.Hour), Fetched: t0, Feed: one, Text: "Sun."}
	for _, a := range []*store.Article{f.bankMeta, f.ads, f.hostile, f.plain} {
		if err := st.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, fd := range []store.Feed{
		{URL: one.URL, Title: one.Title, LastFetch: t0, LastSuccess: t0, NextDue: t0.Add(30 * time.Minute), Interval: 30 * time.Minute},
		{URL: two.URL, Title: two.Title, LastFetch: t0, LastSuccess: t0.Add(-time.Hour), LastError: "feed: 503 Service Unavailable", ErrorCount: 2, NextDue: t0.Add(time.Hour), Interval: time.Hour},
	} {
		if err := st.PutFeed(ctx, fd); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// serve starts the handler on loopback for the test.
func (f *fixture) serve(t testing.TB, token string) *httptest.Server {
	srv := httptest.NewUnstartedServer(nil)
	guard := &Guard{Addrs: []string{srv.Listener.Addr().String()}}
	srv.Config.Handler = guard.Wrap((&Server{Store: f.st, Backup: f.st, Rules: f.set, Token: token}).Handler())
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}
