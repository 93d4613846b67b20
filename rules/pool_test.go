package rules

import (
	"runtime"
	"testing"
)

// TestStatePoolSurvivesGC checks that a Set's idle state, and so its word
// cache, outlives garbage collections, and that at most GOMAXPROCS states
// are kept idle.
func TestStatePoolSurvivesGC(t *testing.T) {
	s, err := Compile([]Definition{{Name: "a", Query: "bank AND data"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Match(&Doc{Text: "the bank shares data"})
	first := s.pool.get()
	if first == nil {
		t.Fatal("pool.get() = nil after a Match, want its state")
	}
	if first.cache.nShort == 0 {
		t.Errorf("state after a Match has an empty word cache")
	}
	s.pool.put(first)
	runtime.GC()
	runtime.GC()
	if got := s.pool.get(); got != first {
		t.Errorf("pool.get() after two collections = %p, want the state put before, %p", got, first)
	}
	n := runtime.GOMAXPROCS(0)
	var states []*state
	for range n + 3 {
		states = append(states, s.get())
	}
	for _, st := range states {
		s.pool.put(st)
	}
	if got := len(s.pool.idle); got != n {
		t.Errorf("idle states after %d puts = %d, want GOMAXPROCS = %d", n+3, got, n)
	}
}
