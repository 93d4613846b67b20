package rules

import (
	"runtime"
	"sync"
)

// LAYOUT

// occ is one occurrence of a query word in a document; occurrences of a
// word are linked in document order.
type occ struct {
	field uint8
	pos   int32
	next  int32
}

// span is a run of words matched by a clause: positions start..end
// (inclusive) of one field, and the clause's display text.
type span struct {
	field      uint8
	start, end int32
	term       int32
}

// wordState is where a query word occurs in the current document; it is
// stale unless the word's fields are set.
type wordState struct {
	head, tail int32 // first and last occurrence
}

// state is the per-document scratch of a Set, reused through its pool.
type state struct {
	tokens
	cache    wordCache
	res      []resolved  // a field's words that have query words (lookup)
	fields   []uint8     // by query word id: the fields it occurs in
	words    []wordState // by query word id, where fields is set
	touched  []int32     // the ids whose fields are set
	occs     []occ       // the occurrences of the query words in the document
	keysSeen []uint8     // by rule: the key clauses the story's words satisfy (bits 1, 2)
	cands    []candidate
	matched  []int32
	spans    []span
	raw      []span
	cursors  []int32
	byEnd    []int32 // pairNear's right spans in order of end
	runs     []int   // sorted runs of st.spans to merge (mergeRuns)
	mergeBuf []span
	memo     listMemo
	// work counts the spans that NEAR evaluation has read since begin,
	// for the tests of its cost
	work int
	// the hits being explained
	pendHits    []pendingHit
	pendMatches []pendingMatch
	snippets    []byte
}

func (s *Set) get() *state {
	if st := s.pool.get(); st != nil {
		return st
	}
	n := len(s.dict.words)
	return &state{fields: make([]uint8, n), words: make([]wordState, n), keysSeen: make([]uint8, len(s.rules))}
}

// begin starts a new document.
func (st *state) begin() {
	clear(st.keysSeen)
	for _, id := range st.touched {
		st.fields[id] = 0
	}
	st.touched = st.touched[:0]
	st.work = 0
	st.memo.forget()
	st.occs, st.cands, st.matched = st.occs[:0], st.cands[:0], st.matched[:0]
}

// listMemo keeps the spans of the lists that evaluation has found in the
// current document, so that a list named several times in a query (the
// shipped rule names @meta in six places), or in several rules, and again
// to explain a match, is looked for once.
type listMemo struct {
	gen   uint32      // the current document's; entries of another are stale
	lists []memoEntry // by list index
	spans []span      // the spans of every entry, back to back
}

// memoEntry is the spans of one list in some fields, spans[lo:hi] of its
// listMemo, when gen is the memo's.
type memoEntry struct {
	gen    uint32
	fields uint8
	lo, hi int32
}

// forget drops every entry, for a new document.
func (m *listMemo) forget() {
	m.gen++
	if m.gen == 0 { // wrapped: entries of gen 0 would look fresh
		clear(m.lists)
		m.gen = 1
	}
	m.spans = m.spans[:0]
}

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
