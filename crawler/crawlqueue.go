package crawler

import (
	"context"
	"net/url"
	"sort"
	"sync"
	"time"
)

// crawlQueue hands Crawl's workers feeds from hosts that are free, so the
// order of the feeds given (a config lists them site by site) does not
// matter: feeds wait in one queue per host, and a worker takes a feed
// from a host that has fewer than perHost of its feeds in flight and whose
// limiter would start a request now. Among those it takes the host with
// the most feeds left (round-robin between equals), so the busiest host,
// which sets the least time of the pass, is never left idle. When no host
// is free the worker sleeps until the earliest host's delay ends or a feed
// finishes.
type crawlQueue struct {
	limiter readier
	perHost int

	mu      sync.Mutex
	hosts   []*hostQueue  // by feeds left, most first (see pick)
	left    int           // feeds not yet handed out
	changed chan struct{} // closed and replaced when a feed finishes
}

// readier tells when a host may start its next request;
// *fetch.Fetcher implements it.
type readier interface {
	ReadyAt(host string) time.Time
}

// hostQueue is the feeds of one host not yet handed out.
type hostQueue struct {
	host     string
	feeds    []int // indexes into Crawl's feeds, in the order given
	inflight int
}

func newCrawlQueue(feeds []FeedSpec, l readier, perHost int) *crawlQueue {
	q := &crawlQueue{limiter: l, perHost: max(perHost, 1), left: len(feeds), changed: make(chan struct{})}
	byHost := map[string]*hostQueue{}
	for i, f := range feeds {
		h := feedHost(f.URL)
		hq, ok := byHost[h]
		if !ok {
			hq = &hostQueue{host: h}
			byHost[h] = hq
			q.hosts = append(q.hosts, hq)
		}
		hq.feeds = append(hq.feeds, i)
	}
	sort.SliceStable(q.hosts, func(a, b int) bool { return len(q.hosts[a].feeds) > len(q.hosts[b].feeds) })
	return q
}

// feedHost is the limiter's key for a feed URL ("" when it does not
// parse; such a feed fails at once anyway).
func feedHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// take waits for a feed whose host is free and returns its index and
// host; ok is false once every feed has been handed out or ctx is done.
func (q *crawlQueue) take(ctx context.Context) (i int, host *hostQueue, ok bool) {
	for {
		i, host, wait, changed := q.pick()
		if host != nil {
			return i, host, true
		}
		if wait < 0 { // nothing left
			return 0, nil, false
		}
		var tick <-chan time.Time
		stop := func() bool { return false }
		if wait > 0 {
			t := time.NewTimer(wait)
			tick, stop = t.C, t.Stop
		}
		select {
		case <-tick:
		case <-changed:
		case <-ctx.Done():
		}
		stop()
		if ctx.Err() != nil {
			return 0, nil, false
		}
	}
}

// pick takes a feed of a free host if there is one. Otherwise it returns
// how long until a host's delay ends (0: only a finishing feed can free
// one; negative: no feed is left) and the channel closed when a feed
// finishes.
//
// q.hosts is kept sorted by feeds left, most first, so the first free
// host found is the one to take; the host taken moves behind the hosts
// left with as many feeds as it has, which makes equals take turns.
func (q *crawlQueue) pick() (int, *hostQueue, time.Duration, <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.left == 0 {
		return 0, nil, -1, nil
	}
	now := time.Now()
	var soonest time.Time
	for at, hq := range q.hosts {
		if len(hq.feeds) == 0 {
			break // the rest are empty too
		}
		if hq.inflight >= q.perHost {
			continue
		}
		if ready := q.limiter.ReadyAt(hq.host); ready.After(now) {
			if soonest.IsZero() || ready.Before(soonest) {
				soonest = ready
			}
			continue
		}
		i := hq.feeds[0]
		hq.feeds = hq.feeds[1:]
		hq.inflight++
		q.left--
		q.sink(at)
		return i, hq, 0, nil
	}
	var wait time.Duration
	if !soonest.IsZero() {
		wait = max(soonest.Sub(now), time.Millisecond)
	}
	return 0, nil, wait, q.changed
}

// sink moves q.hosts[at], which just gave a feed, behind every host with
// at least as many feeds left. q.mu is held.
func (q *crawlQueue) sink(at int) {
	hq := q.hosts[at]
	j := at + 1
	for j < len(q.hosts) && len(q.hosts[j].feeds) >= len(hq.feeds) {
		j++
	}
	copy(q.hosts[at:j-1], q.hosts[at+1:j])
	q.hosts[j-1] = hq
}

// done marks a feed of hq finished and wakes the waiting workers.
func (q *crawlQueue) done(hq *hostQueue) {
	q.mu.Lock()
	hq.inflight--
	close(q.changed)
	q.changed = make(chan struct{})
	q.mu.Unlock()
}

// rest returns the indexes of the feeds never handed out.
func (q *crawlQueue) rest() []int {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []int
	for _, hq := range q.hosts {
		out = append(out, hq.feeds...)
		hq.feeds = nil
	}
	q.left = 0
	return out
}
