package rules

import (
	"runtime"
	"sync"
)

// statePool keeps the idle matching states of a Set. Unlike a sync.Pool
// it does not drop them at garbage collection, so that their word caches
// (see wordCache) stay warm in a process that allocates; it keeps at most
// GOMAXPROCS idle states and lets the garbage collector take the others.
// The zero value is an empty pool.
type statePool struct {
	mu   sync.Mutex
	idle []*state
}

// get returns an idle state, or nil.
func (p *statePool) get() *state {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	st := p.idle[n-1]
	p.idle[n-1] = nil
	p.idle = p.idle[:n-1]
	return st
}

// put keeps st for a later get, unless enough states are idle.
func (p *statePool) put(st *state) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) < runtime.GOMAXPROCS(0) {
		p.idle = append(p.idle, st)
	}
}
