package crawler

import (
	"context"
	"sync"
	"time"
)

// hostLimiter keeps newshound polite per host, for feeds, robots.txt and
// articles together: at most conc requests in flight to a host and at least
// delay between the starts of two of them.
//
// colly's own LimitRule cannot do this: its rules are per glob, not per
// host (one "*" rule throttles every host together), and it never sees our
// feed requests. Every request goes through the shared transport instead.
type hostLimiter struct {
	conc  int
	delay time.Duration

	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	sem  chan struct{}
	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

func newHostLimiter(conc int, delay time.Duration) *hostLimiter {
	return &hostLimiter{conc: max(conc, 1), delay: delay, hosts: map[string]*hostSlot{}}
}

func (l *hostLimiter) slot(host string) *hostSlot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.hosts[host]
	if !ok {
		s = &hostSlot{sem: make(chan struct{}, l.conc)}
		l.hosts[host] = s
	}
	return s
}

// acquire waits for a free slot on host and for its delay to pass; the
// returned release must be called once the response has been read.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	s := l.slot(host)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-s.sem }
	if l.delay <= 0 {
		return release, nil
	}
	s.mu.Lock()
	now := time.Now()
	start := s.next
	if start.Before(now) {
		start = now
	}
	s.next = start.Add(l.delay)
	s.mu.Unlock()
	if wait := time.Until(start); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			release()
			return nil, ctx.Err()
		}
	}
	return release, nil
}
