package fetch

import (
	"context"
	"sync"
	"time"

	"github.com/newshound/newshound/store"
)

// hostLimiter keeps newshound polite per host, for feeds, robots.txt and
// articles together: at most conc requests in flight to a host, at least
// delay between the starts of two of them, and no request at all while the
// host is paused after a 429 or 503 with Retry-After.
//
// colly's own LimitRule cannot do this: its rules are per glob, not per
// host (one "*" rule throttles every host together), and it never sees our
// feed requests. Every request goes through the shared transport instead.
//
// The map holds one small slot per host, not per URL; idle slots are
// dropped once it holds more than maxIdleHosts, so it does not grow with
// the life of the daemon.
type hostLimiter struct {
	conc  int
	delay time.Duration
	now   func() time.Time // decides pauses; delays use the real clock
	// save, if set, keeps each new or longer pause (in the database, so
	// that the next process waits too); it logs its own failures.
	save func(ctx context.Context, p store.HostPause)

	mu    sync.Mutex
	hosts map[string]*hostSlot
}

// maxIdleHosts is the size past which idle host slots are dropped.
const maxIdleHosts = 1024

type hostSlot struct {
	sem    chan struct{}
	mu     sync.Mutex
	next   time.Time // earliest start of the next request (real clock)
	paused time.Time // no request before this (limiter clock)
}

func newHostLimiter(conc int, delay time.Duration) *hostLimiter {
	return &hostLimiter{conc: max(conc, 1), delay: delay, now: time.Now, hosts: map[string]*hostSlot{}}
}

func (l *hostLimiter) slot(host string) *hostSlot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.hosts[host]
	if !ok {
		if len(l.hosts) >= maxIdleHosts {
			l.dropIdle()
		}
		s = &hostSlot{sem: make(chan struct{}, l.conc)}
		l.hosts[host] = s
	}
	return s
}

// dropIdle forgets hosts with nothing in flight, no pending delay and no
// pause. l.mu is held.
func (l *hostLimiter) dropIdle() {
	now, real := l.now(), time.Now()
	for h, s := range l.hosts {
		s.mu.Lock()
		idle := len(s.sem) == 0 && s.next.Before(real) && !s.paused.After(now)
		s.mu.Unlock()
		if idle {
			delete(l.hosts, h)
		}
	}
}

// pause stops every request to host until until (or keeps a later
// pause); a pause that begins or grows is handed to save. status is the
// HTTP status that asked for it.
func (l *hostLimiter) pause(ctx context.Context, host string, until time.Time, status int) {
	if l.restore(host, until) && l.save != nil {
		l.save(ctx, store.HostPause{Host: host, Until: until, Status: status, Since: l.now()})
	}
}

// restore pauses host until until, unless it is paused longer already,
// without saving; it reports whether the pause began or grew.
func (l *hostLimiter) restore(host string, until time.Time) bool {
	s := l.slot(host)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !until.After(s.paused) {
		return false
	}
	s.paused = until
	return true
}

// pausedUntil returns the end of host's pause, or the zero time.
func (l *hostLimiter) pausedUntil(host string) time.Time {
	s := l.slot(host)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused.After(l.now()) {
		return s.paused
	}
	return time.Time{}
}

// acquire waits for a free slot on host and for its delay to pass; the
// returned release must be called once the response has been read. While
// the host is paused it fails at once with a *PauseError.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	s := l.slot(host)
	if until := l.pausedUntil(host); !until.IsZero() {
		return nil, &PauseError{Host: host, Until: until}
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-s.sem }
	// A pause may have begun while this request waited for its slot.
	if until := l.pausedUntil(host); !until.IsZero() {
		release()
		return nil, &PauseError{Host: host, Until: until}
	}
	if l.delay <= 0 {
		return release, nil
	}
	// The delay runs from when a request really starts: a request whose
	// turn came while its goroutine waited for the CPU does not pull the
	// next one closer to it, as reserving start times in advance did (a
	// loaded machine then sent two requests 100 ms apart with a 200 ms
	// delay).
	for {
		s.mu.Lock()
		now := time.Now()
		if !now.Before(s.next) {
			s.next = now.Add(l.delay)
			s.mu.Unlock()
			return release, nil
		}
		wait := s.next.Sub(now)
		s.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			release()
			return nil, ctx.Err()
		}
	}
}

// sent pushes host's next start to delay after now, the moment a request
// to it was written, if that is later than the delay from its start.
func (l *hostLimiter) sent(host string) {
	if l.delay <= 0 {
		return
	}
	s := l.slot(host)
	s.mu.Lock()
	if next := time.Now().Add(l.delay); next.After(s.next) {
		s.next = next
	}
	s.mu.Unlock()
}

// readyAt returns the earliest real time at which host may start its next
// request: the end of its delay, or a time not after now when it could
// start one at once (a paused host is ready: its requests fail at once,
// with no request sent).
func (l *hostLimiter) readyAt(host string) time.Time {
	s := l.slot(host)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.next
}
