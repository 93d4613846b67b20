// Package schedule decides when each feed is polled, for the daemon: a
// Scheduler keeps every feed in a heap by its next due time and hands due
// feeds to a few workers that run the crawler's pipeline
// (crawler.Crawler.PollFeed) on them.
//
// A feed's interval follows its publishing rate, clamped between
// Options.MinInterval and Options.MaxInterval, and is never shorter than
// what the feed itself asks for (RSS ttl, the syndication module,
// Cache-Control or Expires, read by crawler/fetch); failures back off
// exponentially up to Options.MaxBackoff, and a feed marked broken is
// tried once every Options.BrokenRetry (plan.go). The plan is stored on
// the feed, so a restarted daemon resumes it; PassNow runs one pass over
// every feed at once, in place of their next scheduled polls (passnow.go).
// The Scheduler also runs the crawler's article retries every
// Options.RetryEvery.
package schedule

import (
	"container/heap"
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
)

// DefaultMaxInterval is the default Options.MaxInterval: the
// longest a feed waits between two polls, however quiet it is. It suits
// monitoring: a story in a feed that publishes once a week (a regulator's
// newsroom) is found within about three hours, and such a feed costs
// eight mostly conditional (304) requests a day.
const DefaultMaxInterval = 3 * time.Hour

// DefaultInterval and DefaultMinInterval are the defaults of
// Options.Interval and Options.MinInterval, and of the configuration's
// schedule.interval and schedule.min_interval.
const (
	DefaultInterval    = 30 * time.Minute
	DefaultMinInterval = 5 * time.Minute
)

// Options configure a Scheduler. Zero values take the defaults.
type Options struct {
	// Interval is the polling interval of a feed whose publishing rate is
	// not known yet (fewer than two dated items). Default 30m.
	Interval time.Duration
	// MinInterval and MaxInterval clamp the adaptive interval, which is
	// the mean time between two items of the feed. MaxInterval also caps
	// what a feed may ask for (RSS ttl, Cache-Control, ...). Defaults 5m
	// and DefaultMaxInterval.
	MinInterval time.Duration
	MaxInterval time.Duration
	// MaxBackoff caps the delay after repeated failures. Default
	// MaxInterval.
	MaxBackoff time.Duration
	// BrokenRetry is the delay between two polls of a feed marked broken.
	// Default 24h.
	BrokenRetry time.Duration
	// Jitter is the largest fraction of the delay added at random to each
	// poll, so that feeds of one host (and feeds added together) drift
	// apart; it is never subtracted, so a poll is never sooner than the
	// feed asked. Default 0.1.
	Jitter float64
	// Workers bounds feeds polled at once. Default 4.
	Workers int
	// RetryEvery is how often article pages due for another attempt are
	// fetched again (crawler.Crawler.RetryArticles). Default 1m.
	RetryEvery time.Duration
	// OnPoll, if set, is called after every poll (for metrics and tests).
	OnPoll func(crawler.FeedResult)
	// OnRetry, if set, is called after every RetryArticles pass that had
	// something due.
	OnRetry func(crawler.RetryResult)
	// OwnerRecheck is how often a feed whose host another process owns
	// (see crawler.Coordinator) is looked at again: once its host is this
	// process's, it is polled from its stored plan. Default 5s. Unused
	// with crawler.AllHosts.
	OwnerRecheck time.Duration
	// HandoffEvery is how often the articles other processes handed to
	// this one are fetched (crawler.Crawler.TakeHandoffs). Default 5s.
	// Unused with crawler.AllHosts.
	HandoffEvery time.Duration
}

func (o *Options) defaults() {
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.MinInterval <= 0 {
		o.MinInterval = min(DefaultMinInterval, o.Interval)
	}
	if o.MaxInterval <= 0 {
		o.MaxInterval = max(DefaultMaxInterval, o.Interval)
	}
	if o.MaxInterval < o.MinInterval {
		o.MaxInterval = o.MinInterval
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = o.MaxInterval
	}
	if o.BrokenRetry <= 0 {
		o.BrokenRetry = 24 * time.Hour
	}
	if o.Jitter <= 0 {
		o.Jitter = 0.1
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.RetryEvery <= 0 {
		o.RetryEvery = time.Minute
	}
	if o.OwnerRecheck <= 0 {
		o.OwnerRecheck = 5 * time.Second
	}
	if o.HandoffEvery <= 0 {
		o.HandoffEvery = 5 * time.Second
	}
}

// Scheduler polls feeds on their intervals for the daemon. It keeps feeds
// in a heap ordered by next due time, so a tick costs O(log n) however
// many feeds it holds, and sleeps until the earliest is due. Each poll
// stores the feed's chosen Interval and NextDue, and a feed new to the
// Scheduler (at start or after SetFeeds) resumes from its stored NextDue,
// so a restarted daemon does not poll everything at once.
type Scheduler struct {
	c     *crawler.Crawler
	store crawler.Store
	log   *slog.Logger
	opts  Options

	mu    sync.Mutex
	queue dueHeap
	specs map[string]crawler.FeedSpec // the feeds currently wanted, by URL
	// queued holds the URLs with an entry in queue or a poll in flight,
	// so a feed removed and added again gets no second entry.
	queued map[string]bool
	wake   chan struct{}
}

// New builds a Scheduler over c. Call SetFeeds, then Run.
func New(c *crawler.Crawler, opts Options) *Scheduler {
	opts.defaults()
	return &Scheduler{c: c, store: c.Store(), log: c.Logger(), opts: opts, specs: map[string]crawler.FeedSpec{}, queued: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// SetFeeds replaces the watched feeds: new ones are polled at their
// stored NextDue (spread over MinInterval when that has passed), or soon
// (spread over a few seconds) when they were never polled; removed ones
// stop; kept ones keep their schedule.
func (s *Scheduler) SetFeeds(feeds []crawler.FeedSpec) {
	s.mu.Lock()
	s.specs = make(map[string]crawler.FeedSpec, len(feeds))
	now := s.c.Now()
	spread := time.Duration(min(len(feeds), 60)) * time.Second / 4
	for _, f := range feeds {
		s.specs[f.URL] = f
		if !s.queued[f.URL] {
			s.queued[f.URL] = true
			heap.Push(&s.queue, &dueItem{url: f.URL, due: now.Add(randDuration(spread)), resume: true})
		}
	}
	s.mu.Unlock()
	s.poke()
}

// Len returns the number of feeds scheduled.
func (s *Scheduler) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.specs)
}

func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// job is one due feed handed to a worker.
type job struct {
	spec    crawler.FeedSpec
	resume  bool   // first time this feed is due here: check its stored NextDue
	release func() // gives the feed's host back to the crawler.Coordinator
}

// Run polls due feeds, and fetches again the article pages due for
// another attempt, until ctx is cancelled; then it waits for the work in
// flight (which sees the same cancellation) and returns.
func (s *Scheduler) Run(ctx context.Context) error {
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range s.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				s.run(ctx, j)
			}
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done(); s.retryLoop(ctx) }()
	if _, alone := s.c.Coordinator().(crawler.AllHosts); !alone {
		wg.Add(1)
		go func() { defer wg.Done(); s.coordLoop(ctx) }()
	}
	defer func() { close(jobs); wg.Wait() }()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		j, wait, ok := s.next()
		if ok {
			select {
			case jobs <- j:
				continue
			case <-ctx.Done():
				if j.release != nil {
					j.release()
				}
				return nil
			}
		}
		timer.Reset(wait)
		select {
		case <-timer.C:
		case <-s.wake:
		case <-ctx.Done():
			return nil
		}
	}
}

// resumeAt is when a feed new to the Scheduler but polled before is due:
// its stored NextDue, and, while it is failing, no sooner than its
// backoff from its last fetch, whoever made it (a crawl from cron
// records failures but plans no next poll).
func (s *Scheduler) resumeAt(spec crawler.FeedSpec, st store.Feed) time.Time {
	due := st.NextDue
	if st.ErrorCount > 0 && !st.LastFetch.IsZero() {
		backoff := s.Delay(s.Interval(spec, st), crawler.FeedResult{Err: errStoredFailure, ErrorCount: st.ErrorCount, State: st})
		if b := st.LastFetch.Add(backoff); b.After(due) {
			due = b
		}
	}
	return due
}

// errStoredFailure stands for a failure known only from the feed's stored
// state, for Delay.
var errStoredFailure = errors.New("schedule: the feed's last poll failed")

// run polls one due feed, unless it is new here and was polled before:
// then it is put back at its resumeAt time (its stored NextDue, or its
// backoff after a failure), or, when that has passed
// (the daemon was down), at a random time within overdueSpread, so that
// overdue feeds do not all come at once.
func (s *Scheduler) run(ctx context.Context, j job) {
	// The host stays this process's own until the feed's next poll is
	// stored, so that its next owner reads that plan.
	if j.release != nil {
		defer j.release()
	}
	if j.resume {
		if st, err := s.store.Feed(ctx, j.spec.URL); err == nil && (!st.NextDue.IsZero() || st.ErrorCount > 0) {
			due, now := s.resumeAt(j.spec, st), s.c.Now()
			if !due.After(now) {
				due = now.Add(randDuration(s.overdueSpread(st.Interval)))
			}
			s.log.Debug("feed schedule resumed", "feed_url", j.spec.URL, "next_due", due, "interval", st.Interval)
			s.push(j.spec.URL, due)
			return
		}
	}
	r := s.c.PollFeed(ctx, j.spec)
	if ctx.Err() != nil {
		return
	}
	s.reschedule(ctx, j.spec, r)
	if s.opts.OnPoll != nil {
		s.opts.OnPoll(r)
	}
}

// retryLoop runs crawler.Crawler.RetryArticles every RetryEvery.
func (s *Scheduler) retryLoop(ctx context.Context) {
	if _, ok := s.store.(crawler.RetryStore); !ok {
		return // the store keeps no retry index: nothing to retry
	}
	tick := time.NewTicker(s.opts.RetryEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		r := s.c.RetryArticles(ctx)
		if r.Due > 0 && s.opts.OnRetry != nil {
			s.opts.OnRetry(r)
		}
	}
}

// coordLoop, when the crawler shares its hosts with other processes,
// fetches the articles handed to this one every HandoffEvery and,
// whenever hosts were taken from the others, loads the host pauses they
// saved and has every queued feed resume from its stored plan.
func (s *Scheduler) coordLoop(ctx context.Context) {
	coord := s.c.Coordinator()
	tick := time.NewTicker(s.opts.HandoffEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-coord.Gained():
			if err := s.c.ReloadPauses(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("host pauses not reloaded", "error", err)
			}
			// A feed of a host held before may have been polled by
			// another process meanwhile: each resumes from its stored plan.
			s.mu.Lock()
			for _, it := range s.queue {
				it.resume = true
			}
			s.mu.Unlock()
		case <-tick.C:
			if r := s.c.TakeHandoffs(ctx); r.Err != nil && ctx.Err() == nil {
				s.log.Warn("handed-off articles not all stored; they are taken again later", "taken", r.Taken, "error", r.Err)
			}
		}
	}
}

// next pops the earliest feed if it is due, or says how long to wait.
// Entries of removed feeds are dropped as they surface, and feeds of
// hosts another process owns are put back OwnerRecheck later, to resume
// from their stored plan once their host is this process's.
func (s *Scheduler) next() (job, time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.queue.Len() > 0 {
		it := s.queue[0]
		spec, wanted := s.specs[it.url]
		if !wanted {
			heap.Pop(&s.queue)
			delete(s.queued, it.url)
			continue
		}
		now := s.c.Now()
		if wait := it.due.Sub(now); wait > 0 {
			return job{}, wait, false
		}
		heap.Pop(&s.queue)
		release, owned := s.c.Coordinator().Acquire(feedHost(spec.URL))
		if !owned { // polled by its host's owner: look again later
			it.due, it.resume = now.Add(s.opts.OwnerRecheck), true
			heap.Push(&s.queue, it)
			continue
		}
		return job{spec: spec, resume: it.resume, release: release}, 0, true
	}
	return job{}, time.Hour, false
}

// push puts a feed back in the queue at due, if it is still wanted.
func (s *Scheduler) push(url string, due time.Time) {
	s.mu.Lock()
	if _, wanted := s.specs[url]; wanted {
		heap.Push(&s.queue, &dueItem{url: url, due: due})
	} else {
		delete(s.queued, url)
	}
	s.mu.Unlock()
	s.poke()
}

func randDuration(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}

type dueItem struct {
	url    string
	due    time.Time
	resume bool
}

type dueHeap []*dueItem

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].due.Before(h[j].due) }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(*dueItem)) }
func (h *dueHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

// overdueSpread is the window over which feeds found overdue at start are
// spread: about ten polls a second over all the feeds held (so a dozen
// feeds resume within a second or two, 10,000 within minutes), at least a
// second, and never more than MinInterval or the feed's own interval.
func (s *Scheduler) overdueSpread(interval time.Duration) time.Duration {
	s.mu.Lock()
	n := len(s.specs)
	s.mu.Unlock()
	spread := max(time.Duration(n)*100*time.Millisecond, time.Second)
	return min(spread, s.opts.MinInterval, max(interval, time.Second))
}

// NextDue returns when the feed url is next polled, and false when the
// Scheduler has no entry waiting for it: it is not wanted, or it is being
// polled (or its stored state read) right now.
func (s *Scheduler) NextDue(url string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, wanted := s.specs[url]; !wanted {
		return time.Time{}, false
	}
	for _, it := range s.queue {
		if it.url == url && !it.resume {
			return it.due, true
		}
	}
	return time.Time{}, false
}

// Due counts the feeds whose poll time has come but that wait for a free
// worker: the scheduler's backlog.
func (s *Scheduler) Due() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.c.Now()
	n := 0
	for _, it := range s.queue {
		if _, wanted := s.specs[it.url]; wanted && !it.due.After(now) {
			n++
		}
	}
	return n
}

// feedHost is a feed URL's host, the crawler.Coordinator's key ("" when
// it does not parse; such a feed fails at once anyway).
func feedHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
