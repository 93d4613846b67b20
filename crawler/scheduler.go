package crawler

import (
	"container/heap"
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	// Interval is the default time between two polls of a feed.
	// Default 30m.
	Interval time.Duration
	// MaxBackoff caps the delay after repeated failures. Default 24h.
	MaxBackoff time.Duration
	// Jitter is the fraction of the interval by which a poll is moved at
	// random, to spread feeds of one host. Default 0.1.
	Jitter float64
	// Workers bounds feeds polled at once. Default 4.
	Workers int
	// OnPoll, if set, is called after every poll (for metrics and tests).
	OnPoll func(FeedResult)
}

// Scheduler polls feeds on their intervals for the daemon. It keeps feeds
// in a heap ordered by next due time, so a tick costs O(log n) however
// many feeds it holds, and sleeps until the earliest is due.
type Scheduler struct {
	c    *Crawler
	opts SchedulerOptions

	mu    sync.Mutex
	queue dueHeap
	specs map[string]FeedSpec // the feeds currently wanted, by URL
	// queued holds the URLs with an entry in queue or a poll in flight,
	// so a feed removed and added again gets no second entry.
	queued map[string]bool
	wake   chan struct{}
}

// NewScheduler builds a Scheduler over c. Call SetFeeds, then Run.
func NewScheduler(c *Crawler, opts SchedulerOptions) *Scheduler {
	if opts.Interval <= 0 {
		opts.Interval = 30 * time.Minute
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 24 * time.Hour
	}
	if opts.Jitter <= 0 {
		opts.Jitter = 0.1
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	return &Scheduler{c: c, opts: opts, specs: map[string]FeedSpec{}, queued: map[string]bool{}, wake: make(chan struct{}, 1)}
}

// SetFeeds replaces the watched feeds: new ones are polled soon (spread
// over a few seconds), removed ones stop, kept ones keep their schedule.
func (s *Scheduler) SetFeeds(feeds []FeedSpec) {
	s.mu.Lock()
	s.specs = make(map[string]FeedSpec, len(feeds))
	now := s.c.now()
	spread := time.Duration(min(len(feeds), 60)) * time.Second / 4
	for _, f := range feeds {
		s.specs[f.URL] = f
		if !s.queued[f.URL] {
			s.queued[f.URL] = true
			heap.Push(&s.queue, &dueItem{url: f.URL, due: now.Add(randDuration(spread))})
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

// Run polls due feeds until ctx is cancelled, then waits for the polls in
// flight (which see the same cancellation) and returns.
func (s *Scheduler) Run(ctx context.Context) error {
	jobs := make(chan FeedSpec)
	var wg sync.WaitGroup
	for range s.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for spec := range jobs {
				r := s.c.PollFeed(ctx, spec)
				s.reschedule(spec, r)
				if s.opts.OnPoll != nil {
					s.opts.OnPoll(r)
				}
			}
		}()
	}
	defer func() { close(jobs); wg.Wait() }()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		spec, wait, ok := s.next()
		if ok {
			select {
			case jobs <- spec:
				continue
			case <-ctx.Done():
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

// next pops the earliest feed if it is due, or says how long to wait.
// Entries of removed feeds are dropped as they surface.
func (s *Scheduler) next() (FeedSpec, time.Duration, bool) {
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
		if wait := it.due.Sub(s.c.now()); wait > 0 {
			return FeedSpec{}, wait, false
		}
		heap.Pop(&s.queue)
		return spec, 0, true
	}
	return FeedSpec{}, time.Hour, false
}

// reschedule puts a polled feed back: after its interval with jitter, or
// after an exponential backoff when it failed.
func (s *Scheduler) reschedule(spec FeedSpec, r FeedResult) {
	interval := spec.Interval
	if interval <= 0 {
		interval = s.opts.Interval
	}
	delay := interval
	if r.Err != nil {
		n := max(r.ErrorCount, 1)
		delay = min(time.Duration(float64(interval)*pow2(n-1)), s.opts.MaxBackoff)
	}
	j := time.Duration(float64(delay) * s.opts.Jitter)
	delay += randDuration(2*j) - j
	s.mu.Lock()
	if _, wanted := s.specs[spec.URL]; wanted {
		heap.Push(&s.queue, &dueItem{url: spec.URL, due: s.c.now().Add(delay)})
	} else {
		delete(s.queued, spec.URL)
	}
	s.mu.Unlock()
	s.poke()
}

func pow2(n int) float64 {
	return float64(uint64(1) << min(n, 20))
}

func randDuration(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}

type dueItem struct {
	url string
	due time.Time
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
