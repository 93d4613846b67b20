// Package clock is a fake clock for tests that inject a time source
// (crawler.Options.Now and the like). It imports nothing of newshound, so
// that every package's tests, in-package ones included, can use it.
package clock

import (
	"sync"
	"time"
)

// Start is the time a clock from New reads first: 2 March 2026, 09:00
// UTC, a Monday.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Clock is a time source that moves only when told to. It is safe for
// concurrent use. The zero Clock reads the zero time.Time; use New.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock that reads Start.
func New() *Clock { return At(Start) }

// At returns a clock that reads t.
func At(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time; its method value fits an Options.Now.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d (backwards when d is negative).
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
