package schedule_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/schedule"
	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// hit is one request a test host received.
type hit struct {
	agent, path string
	at          time.Time
}

// host is a test web host that serves one feed (of items on any host),
// no robots.txt and an article page at every other path, and records
// every request.
type host struct {
	srv   *httptest.Server
	mu    sync.Mutex
	feed  string
	hits  []hit
	polls map[string]int // feed requests by user agent
}

func newHost(t *testing.T) *host {
	h := &host{polls: map[string]int{}}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.hits = append(h.hits, hit{r.UserAgent(), r.URL.Path, time.Now()})
		feed := h.feed
		if r.URL.Path == "/feed.xml" {
			h.polls[r.UserAgent()]++
		}
		h.mu.Unlock()
		switch r.URL.Path {
		case "/feed.xml":
			w.Write([]byte(feed))
		case "/robots.txt":
			http.NotFound(w, r)
		default:
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// name is the host as the crawler keys it: address and port.
func (h *host) name() string { return strings.TrimPrefix(h.srv.URL, "http://") }

func (h *host) feedPolls(agent string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.polls[agent]
}

// rss is a feed of items at the URLs.
func rss(urls ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>`)
	for i, u := range urls {
		fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s</link><description>Feed text of story %d, long enough to keep.</description></item>`, i, u, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// process is one crawler process on the shared database.
type process struct {
	agent string
	st    *postgres.Store
	coord *postgres.Coordinator
	stop  context.CancelFunc
	done  sync.WaitGroup
}

// TestProcessesShareHosts runs two crawler processes on one PostgreSQL
// over two hosts, each host owned by one process, each feed listing
// articles of both hosts and one story in both feeds: every request to a
// host comes from its owner, the new owner's first no sooner than the
// host delay after the old owner's last, every
// article page is fetched once and stored once, the story in both feeds
// with both as sources. Then one process stops: the other polls its
// host's feed within the documented bound.
func TestProcessesShareHosts(t *testing.T) {
	dsn := pgtest.DSN(t)
	const delay = 50 * time.Millisecond
	tick := 50 * time.Millisecond
	procs := make([]*process, 2)
	for i := range procs {
		p := &process{agent: fmt.Sprintf("newshound-p%d", i)}
		st, err := postgres.Open(t.Context(), dsn, postgres.Options{MaxConns: 6})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		coord, err := postgres.NewCoordinator(t.Context(), st, postgres.CoordinatorOptions{Tick: tick, Settle: delay})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { coord.Close() })
		ctx, stop := context.WithCancel(t.Context())
		p.st, p.coord, p.stop = st, coord, stop
		p.done.Go(func() { coord.Run(ctx) })
		procs[i] = p
	}
	defer func() {
		for _, p := range procs {
			p.stop()
			p.done.Wait()
		}
	}()
	testkit.WaitFor(t, "the processes to share the buckets", 5*time.Second, func() bool {
		return len(procs[1].coord.Owned()) == postgres.HostBuckets/2 && len(procs[0].coord.Owned()) == postgres.HostBuckets/2
	})
	// A host owned by each process (the ports decide the buckets).
	var hosts [2]*host
	for hosts[0] == nil || hosts[1] == nil {
		h := newHost(t)
		for i, p := range procs {
			if release, ok := p.coord.Acquire(h.name()); ok {
				release()
				if hosts[i] == nil {
					hosts[i] = h
				}
			}
		}
	}
	a, b := hosts[0].srv.URL, hosts[1].srv.URL
	hosts[0].feed = rss(b+"/b1", a+"/a1", b+"/shared")
	hosts[1].feed = rss(a+"/a2", b+"/b2", b+"/shared")
	feeds := []crawler.FeedSpec{{URL: a + "/feed.xml"}, {URL: b + "/feed.xml"}}

	var handedOff atomic.Int64
	for _, p := range procs {
		c, err := crawler.New(t.Context(), crawler.Options{
			Logger: slog.New(slog.DiscardHandler), UserAgent: p.agent, Timeout: 5 * time.Second,
			AllowPrivateNetworks: true, HostDelay: delay, Coordinator: p.coord,
		}, p.st, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := schedule.New(c, schedule.Options{Interval: 300 * time.Millisecond, OwnerRecheck: tick, HandoffEvery: tick,
			OnPoll: func(r crawler.FeedResult) { handedOff.Add(int64(r.HandedOff)) }})
		s.SetFeeds(feeds)
		ctx, stop := context.WithCancel(t.Context())
		stopCoord := p.stop
		p.stop = func() { stop(); stopCoord() }
		p.done.Go(func() { s.Run(ctx) })
	}
	shared := store.ArticleID(b + "/shared")
	testkit.WaitFor(t, "five articles stored, the shared one from both feeds", 10*time.Second, func() bool {
		st, err := procs[0].st.Stats(t.Context())
		if err != nil || st.Articles != 5 {
			return false
		}
		art, err := procs[0].st.Article(t.Context(), shared)
		n, _ := procs[0].coord.Handoffs(t.Context())
		return err == nil && len(art.Sources) == 2 && n == 0
	})

	// Process 1 stops; process 0 polls host b's feed within the bound.
	procs[1].stop()
	procs[1].done.Wait()
	procs[1].coord.Close()
	before := hosts[1].feedPolls(procs[0].agent)
	start := time.Now()
	testkit.WaitFor(t, "the survivor to poll the stopped process's feed", 10*time.Second, func() bool {
		return hosts[1].feedPolls(procs[0].agent) > before
	})
	t.Logf("feed of the stopped process polled again after %v (tick %v, recheck %v, interval 300ms)", time.Since(start).Round(time.Millisecond), tick, tick)
	procs[0].stop()
	procs[0].done.Wait()

	pages := map[string]int{}
	for i, h := range hosts {
		h.mu.Lock()
		for j, x := range h.hits {
			if i == 0 && x.agent != procs[0].agent || i == 1 && x.agent != procs[1].agent && x.at.Before(start) {
				t.Errorf("host %d got %s from %s, which does not own it", i, x.path, x.agent)
			}
			// One process's own delays are its limiter's (politeness_test);
			// here, the first request of a new owner comes no sooner than
			// the delay after the last of the old one (Settle). Arrival
			// times jitter by a few milliseconds.
			if prev := h.hits[max(j-1, 0)]; j > 0 && prev.agent != x.agent {
				if gap := x.at.Sub(prev.at); gap < delay-10*time.Millisecond {
					t.Errorf("host %d: %s from %s %v after %s's last request, want at least the host delay %v", i, x.path, x.agent, gap, prev.agent, delay)
				}
			}
			if x.path != "/feed.xml" && x.path != "/robots.txt" {
				pages[h.srv.URL+x.path]++
			}
		}
		h.mu.Unlock()
	}
	if n := handedOff.Load(); n < 2 { // b1 by process 0, a2 by process 1 (and shared, unless stored already)
		t.Errorf("%d items handed off, want at least 2", n)
	}
	for _, u := range []string{a + "/a1", a + "/a2", b + "/b1", b + "/b2", b + "/shared"} {
		if pages[u] != 1 {
			t.Errorf("%s fetched %d times, want once", u, pages[u])
		}
	}
}
