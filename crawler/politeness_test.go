package crawler_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// recorder is a test site that logs every request it gets, in order.
type recorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *recorder) add(req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reqs = append(r.reqs, req)
}

// total returns how many requests were made.
func (r *recorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// count returns how many requests had a path with the prefix.
func (r *recorder) count(prefix string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, q := range r.reqs {
		if strings.HasPrefix(q.URL.Path, prefix) {
			n++
		}
	}
	return n
}

// TestRetryAfterPausesTheHost: a 429 with Retry-After on one article stops
// every request to its host (the other articles, the feed itself) until
// the pause ends, without a single request reaching the server; the
// articles are retried once it has passed.
func TestRetryAfterPausesTheHost(t *testing.T) {
	clk := clock.New()
	rec := &recorder{}
	var mu sync.Mutex
	limited := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/feed.xml":
			w.Write([]byte(testkit.RSS(testkit.Host(r), clk.Now(), "/a1", "/a2", "/a3")))
		default:
			mu.Lock()
			first := limited
			limited = false
			mu.Unlock()
			if first {
				w.Header().Set("Retry-After", "120")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	st, c := testkit.ClockedCrawler(t, clk.Now, func(o *crawler.Options) { o.HostConcurrency = 1 })
	feed := crawler.FeedSpec{URL: srv.URL + "/feed.xml"}

	r := c.PollFeed(t.Context(), feed)
	if r.Err != nil || r.New != 3 || r.ArticleErrors != 3 {
		t.Fatalf("PollFeed = err %v, new %d, article errors %d; want 3 new articles, all failed", r.Err, r.New, r.ArticleErrors)
	}
	if n := rec.count("/a"); n != 1 {
		t.Errorf("server got %d article requests, want 1: the pause must stop the others before they are sent", n)
	}
	retries, err := st.Retries(t.Context())
	if err != nil || len(retries) != 3 {
		t.Fatalf("Retries = %d, %v; want 3", len(retries), err)
	}
	for _, rt := range retries {
		if want := clk.Now().Add(120 * time.Second); !rt.Due.Equal(want) {
			t.Errorf("retry of %s due %s, want %s (the end of the Retry-After)", rt.URL, rt.Due, want)
		}
	}

	clk.Add(time.Minute)
	before := rec.total()
	r = c.PollFeed(t.Context(), feed)
	if !errors.Is(r.Err, fetch.ErrHostPaused) || r.Class != fetch.ClassRateLimited || r.RetryAfter != time.Minute {
		t.Errorf("PollFeed during the pause = err %v, class %q, retry after %s; want ErrHostPaused, rate_limited, 1m", r.Err, r.Class, r.RetryAfter)
	}
	if r.State.Broken {
		t.Errorf("a paused feed was marked broken")
	}
	if got := c.RetryArticles(t.Context()); got.Due != 0 {
		t.Errorf("RetryArticles during the pause took %d articles, want 0", got.Due)
	}
	if n := rec.total() - before; n != 0 {
		t.Errorf("server got %d requests during the pause, want 0", n)
	}

	clk.Add(61 * time.Second)
	got := c.RetryArticles(t.Context())
	if got.Due != 3 || got.Fetched != 3 {
		t.Errorf("RetryArticles after the pause = %+v, want 3 due and fetched", got)
	}
	for _, p := range []string{"/a1", "/a2", "/a3"} {
		a, err := st.Article(t.Context(), store.ArticleID(srv.URL+p))
		if err != nil || a.FetchError != "" || !strings.Contains(a.Text, "normal paragraph") {
			t.Errorf("article %s after retry: %v, FetchError %q; want the page's text", p, err, a.FetchError)
		}
	}
	if left, _ := st.Retries(t.Context()); len(left) != 0 {
		t.Errorf("retry index keeps %d entries after success, want 0", len(left))
	}
	if n := rec.count("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
}

// TestArticleRetriesAreBounded: a page failing with 500 is fetched again
// after 1h, 6h and 24h, never sooner, then given up with its feed text
// kept; a 404 page is never retried.
func TestArticleRetriesAreBounded(t *testing.T) {
	clk := clock.New()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		switch r.URL.Path {
		case "/robots.txt", "/gone":
			http.NotFound(w, r)
		case "/feed.xml":
			w.Write([]byte(testkit.RSS(testkit.Host(r), clk.Now(), "/down", "/gone")))
		default:
			http.Error(w, "oops", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(srv.Close)
	st, c := testkit.ClockedCrawler(t, clk.Now)
	if r := c.PollFeed(t.Context(), crawler.FeedSpec{URL: srv.URL + "/feed.xml"}); r.Err != nil || r.ArticleErrors != 2 {
		t.Fatalf("PollFeed = err %v, article errors %d; want 2", r.Err, r.ArticleErrors)
	}
	steps := []struct {
		advance  time.Duration
		wantDue  int
		wantHits int // requests for /down so far
	}{
		{59 * time.Minute, 0, 1},
		{time.Minute, 1, 2},
		{5 * time.Hour, 0, 2},
		{time.Hour, 1, 3},
		{24 * time.Hour, 1, 4},
		{72 * time.Hour, 0, 4},
	}
	for i, s := range steps {
		clk.Add(s.advance)
		r := c.RetryArticles(t.Context())
		if r.Due != s.wantDue || r.Fetched != 0 {
			t.Errorf("step %d: RetryArticles = %+v, want %d due, none fetched", i, r, s.wantDue)
		}
		if n := rec.count("/down"); n != s.wantHits {
			t.Errorf("step %d: /down requested %d times, want %d", i, n, s.wantHits)
		}
	}
	if n := rec.count("/gone"); n != 1 {
		t.Errorf("/gone (404) requested %d times, want 1: a 404 is not retried", n)
	}
	if left, _ := st.Retries(t.Context()); len(left) != 0 {
		t.Errorf("retry index keeps %+v after the last attempt, want nothing", left)
	}
	a, err := st.Article(t.Context(), store.ArticleID(srv.URL+"/down"))
	if err != nil || !strings.Contains(a.FetchError, "500") || !strings.Contains(a.Text, "Feed text") {
		t.Errorf("given-up article: %v, FetchError %q, text %q; want the 500 recorded and the feed text kept", err, a.FetchError, a.Text)
	}
}

// TestPausedHostGetsNoRobotsRequest: once a feed's 429 has paused its
// host, an article page of that host is refused before even robots.txt is
// asked for; the pause ends on the crawler's clock.
func TestPausedHostGetsNoRobotsRequest(t *testing.T) {
	clk := clock.New()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.add(r)
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Retry-After", clk.Now().Add(10*time.Minute).Format(http.TimeFormat))
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case "/robots.txt":
			http.NotFound(w, r)
		default:
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	_, c := testkit.ClockedCrawler(t, clk.Now)
	r := c.PollFeed(t.Context(), crawler.FeedSpec{URL: srv.URL + "/feed.xml"})
	if r.Class != fetch.ClassRateLimited || r.RetryAfter != 10*time.Minute {
		t.Fatalf("PollFeed = class %q, retry after %s (err %v); want rate_limited, 10m", r.Class, r.RetryAfter, r.Err)
	}
	_, err := c.FetchPage(t.Context(), srv.URL+"/story")
	var pe *fetch.PauseError
	if !errors.As(err, &pe) || !pe.Until.Equal(clk.Now().Add(10*time.Minute)) {
		t.Errorf("FetchPage during the pause = %v, want a *PauseError until %s", err, clk.Now().Add(10*time.Minute))
	}
	if n := rec.total(); n != 1 {
		t.Errorf("server got %d requests, want only the feed's", n)
	}
	clk.Add(10 * time.Minute)
	if _, err := c.FetchPage(t.Context(), srv.URL+"/story"); err != nil {
		t.Errorf("FetchPage after the pause = %v, want the page", err)
	}
	if rec.count("/robots.txt") != 1 || rec.count("/story") != 1 {
		t.Errorf("after the pause: robots.txt %d, story %d requests; want 1 and 1", rec.count("/robots.txt"), rec.count("/story"))
	}
}

// TestCrawlRetriesDueArticles: a one-shot crawl (from cron, say) also
// fetches again the pages whose retry is due, after the feeds.
func TestCrawlRetriesDueArticles(t *testing.T) {
	clk := clock.New()
	srv, down := storyServer(t, http.StatusBadGateway)
	st, c := testkit.ClockedCrawler(t, clk.Now)
	feeds := []crawler.FeedSpec{{URL: srv.URL + "/feed.xml"}}
	if sum := c.Crawl(t.Context(), feeds, nil); sum.ArticleErrors != 1 || sum.Retried.Due != 0 {
		t.Fatalf("first crawl: %d article errors, %d retries due; want 1 and 0", sum.ArticleErrors, sum.Retried.Due)
	}
	down.Store(false)
	clk.Add(time.Hour)
	sum := c.Crawl(t.Context(), feeds, nil)
	if sum.NewArticles != 0 || sum.Retried.Due != 1 || sum.Retried.Fetched != 1 {
		t.Errorf("second crawl: %d new, retried %+v; want 0 new and the story fetched on retry", sum.NewArticles, sum.Retried)
	}
	if a, err := st.Article(t.Context(), store.ArticleID(srv.URL+"/story")); err != nil || a.FetchError != "" {
		t.Errorf("story after the second crawl: %v, FetchError %q; want it fetched", err, a.FetchError)
	}
}

// TestRetryRerunsRules: a story whose page failed is flagged once its
// retry brings the page's text, and the flag is dated at the retry.
func TestRetryRerunsRules(t *testing.T) {
	clk := clock.New()
	srv, down := storyServer(t, http.StatusServiceUnavailable)
	st, c := testkit.ClockedCrawler(t, clk.Now)
	set, err := rules.Compile([]rules.Definition{{Name: "page-only", Query: "paragraph"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.SetMatcher(set)
	if r := c.PollFeed(t.Context(), crawler.FeedSpec{URL: srv.URL + "/feed.xml"}); r.ArticleErrors != 1 || len(r.Flagged) != 0 {
		t.Fatalf("PollFeed: %d article errors, flagged %v; want 1 error, nothing flagged from the feed text", r.ArticleErrors, r.Flagged)
	}
	down.Store(false)
	clk.Add(time.Hour)
	if r := c.RetryArticles(t.Context()); r.Fetched != 1 || r.Flagged["page-only"] != 1 {
		t.Errorf("RetryArticles = %+v, want the story fetched and flagged by page-only", r)
	}
	a, err := st.Article(t.Context(), store.ArticleID(srv.URL+"/story"))
	if err != nil || len(a.Flags) != 1 || !a.Flags[0].Flagged.Equal(clk.Now()) {
		t.Fatalf("stored story: %v, flags %+v; want one flag dated %s (the retry)", err, a.Flags, clk.Now())
	}
	n := 0
	err = st.Articles(t.Context(), store.Query{Rule: "page-only"}, func(*store.Article) error { n++; return nil })
	if err != nil || n != 1 {
		t.Errorf("stories indexed under page-only = %d, %v; want 1", n, err)
	}
}

// storyServer serves a feed of one story, /story, whose page answers
// status until the returned flag is cleared; robots.txt is absent.
func storyServer(t *testing.T, status int) (*httptest.Server, *atomic.Bool) {
	t.Helper()
	down := new(atomic.Bool)
	down.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/feed.xml":
			w.Write([]byte(testkit.RSS(testkit.Host(r), clock.New().Now(), "/story")))
		case down.Load():
			http.Error(w, "down", status)
		default:
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, down
}
