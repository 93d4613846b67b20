package crawler_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// ownerCoord is a crawler.Coordinator that owns the hosts in own (a URL's
// host, port included), keeps what is handed off to the others, and
// gives out the handoffs in queued once.
type ownerCoord struct {
	own map[string]bool

	mu       sync.Mutex
	granted  int // Acquires granted and not yet released
	handed   []store.Handoff
	queued   []store.Handoff
	finished []int64
}

func (o *ownerCoord) Acquire(host string) (func(), bool) {
	if !o.own[host] {
		return nil, false
	}
	o.mu.Lock()
	o.granted++
	o.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			o.mu.Lock()
			o.granted--
			o.mu.Unlock()
		})
	}, true
}

func (o *ownerCoord) Gained() <-chan struct{} { return nil }

func (o *ownerCoord) HandOff(_ context.Context, h store.Handoff) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.handed = append(o.handed, h)
	return nil
}

func (o *ownerCoord) TakeHandoffs(_ context.Context, limit int) ([]store.Handoff, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := min(limit, len(o.queued))
	out := o.queued[:n]
	o.queued = o.queued[n:]
	return out, nil
}

func (o *ownerCoord) HandoffDone(_ context.Context, seq int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.finished = append(o.finished, seq)
	return nil
}

var _ crawler.Coordinator = (*ownerCoord)(nil)

// hostOf is the host (port included) of a URL.
func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// TestCrawlPollsOnlyOwnedHosts: with a Coordinator that owns some of the
// hosts, Crawl polls only their feeds; the others come back Elsewhere,
// not failed, and their hosts get no request at all.
func TestCrawlPollsOnlyOwnedHosts(t *testing.T) {
	tests := []struct {
		name string
		own  []int // indexes into the web's hosts
	}{
		{"every host", []int{0, 1, 2, 3}},
		{"two of four", []int{1, 3}},
		{"none", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			web := testkit.Web(t, simweb.Options{Hosts: 4, ArticlesPerHost: 4})
			coord := &ownerCoord{own: map[string]bool{}}
			for _, i := range tt.own {
				coord.own[hostOf(t, web.Hosts()[i])] = true
			}
			st := testkit.Store(t)
			c := testkit.Crawler(t, st, testkit.Rules(t, testkit.BankRules), func(o *crawler.Options) { o.Coordinator = coord })
			sum := c.Crawl(t.Context(), testkit.Specs(web.FeedURLs()), nil)

			if failed := sum.Failed(); len(failed) > 0 {
				t.Fatalf("Crawl: %d feeds failed, first: %v", len(failed), failed[0].Err)
			}
			polled := 0
			for _, f := range sum.Feeds {
				owned := coord.own[hostOf(t, f.URL)]
				if f.Elsewhere == owned {
					t.Errorf("feed %s: Elsewhere = %v, want %v (host owned: %v)", f.URL, f.Elsewhere, !owned, owned)
				}
				if owned {
					polled++
				}
			}
			if got, want := sum.Elsewhere(), len(sum.Feeds)-polled; got != want {
				t.Errorf("Summary.Elsewhere() = %d, want %d", got, want)
			}
			for _, r := range web.Requests() {
				if !coord.own[r.Host] {
					t.Errorf("host %s, owned by another process, got %s %s", r.Host, r.Method, r.Path)
				}
			}
			wantNew := 0
			for _, a := range web.Articles() {
				if coord.own[hostOf(t, a.URL)] {
					wantNew++
				}
			}
			if sum.NewArticles != wantNew {
				t.Errorf("NewArticles = %d, want %d (the articles of the hosts owned)", sum.NewArticles, wantNew)
			}
			if len(tt.own) > 0 && wantNew == 0 {
				t.Fatal("the hosts owned carry no article: the test proves nothing")
			}
			if coord.granted != 0 {
				t.Errorf("%d hosts still acquired after Crawl, want every one released", coord.granted)
			}
		})
	}
}

// TestCrawlHandsOffAndTakesHandoffs: an article of a host another process
// owns is handed off, never fetched; a handoff queued for a host owned is
// stored before Crawl returns, and marked done.
func TestCrawlHandsOffAndTakesHandoffs(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		testkit.Page(w, r)
	}))
	defer other.Close()
	mine := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			feed := testkit.RSS(testkit.Host(r), now, "/mine-1")
			// One item of the feed lives on the other process's host.
			feed = strings.Replace(feed, "</channel>", `<item><title>Theirs</title><link>`+other.URL+`/theirs-1</link><description>Feed text of their story, long enough to keep.</description></item></channel>`, 1)
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(feed))
		case "/robots.txt":
			http.NotFound(w, r)
		default:
			testkit.Page(w, r)
		}
	}))
	defer mine.Close()

	item, err := json.Marshal(&gofeed.Item{Title: "Handed to me", Link: mine.URL + "/handed-1", Description: "Feed text of a handed-off story, long enough to keep."})
	if err != nil {
		t.Fatal(err)
	}
	handed := store.Handoff{Seq: 7, ArticleID: store.ArticleID(mine.URL + "/handed-1"), Host: hostOf(t, mine.URL),
		Feed: store.FeedRef{URL: other.URL + "/feed.xml"}, Item: item, Queued: now}
	coord := &ownerCoord{own: map[string]bool{hostOf(t, mine.URL): true}, queued: []store.Handoff{handed}}
	st := testkit.Store(t)
	c := testkit.Crawler(t, st, testkit.Rules(t, testkit.BankRules), func(o *crawler.Options) { o.Coordinator = coord })
	sum := c.Crawl(t.Context(), []crawler.FeedSpec{{URL: mine.URL + "/feed.xml"}, {URL: other.URL + "/feed.xml"}}, nil)

	if failed := sum.Failed(); len(failed) > 0 {
		t.Fatalf("Crawl: %d feeds failed, first: %v", len(failed), failed[0].Err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other process's host got %d requests, want none", n)
	}
	if !sum.Feeds[1].Elsewhere || sum.Elsewhere() != 1 {
		t.Errorf("feeds left elsewhere: %d (the other host's: %v), want 1 (true)", sum.Elsewhere(), sum.Feeds[1].Elsewhere)
	}
	if len(coord.handed) != 1 || coord.handed[0].Host != hostOf(t, other.URL) || sum.HandedOff() != 1 {
		t.Errorf("handed off %d items (summary: %d), want the one of %s: %+v", len(coord.handed), sum.HandedOff(), other.URL, coord.handed)
	}
	if sum.NewArticles != 1 {
		t.Errorf("NewArticles = %d, want 1 (/mine-1)", sum.NewArticles)
	}
	if sum.Handoffs.Taken != 1 || sum.Handoffs.New != 1 || sum.Handoffs.Err != nil {
		t.Errorf("Handoffs = %+v, want 1 taken, 1 new, no error", sum.Handoffs)
	}
	if !slices.Equal(coord.finished, []int64{7}) {
		t.Errorf("handoffs done: %v, want [7]", coord.finished)
	}
	for _, id := range []string{store.ArticleID(mine.URL + "/mine-1"), handed.ArticleID} {
		if has, err := st.HasArticle(t.Context(), id); err != nil || !has {
			t.Errorf("HasArticle(%s) = %v, %v, want stored", id, has, err)
		}
	}
	if has, _ := st.HasArticle(t.Context(), store.ArticleID(other.URL+"/theirs-1")); has {
		t.Error("the article handed off was stored here too")
	}
}
