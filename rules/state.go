package rules

import (
	"runtime"
	"sync"
)

// This file holds the matching state of the indexed matcher, Set, and
// the one description of its data layout.
//
// # What Compile builds (read-only, shared by all goroutines)
//
//   - Set.rules: each Definition with its parsed query, a tree of *node
//     (parse.go) that compile resolved: the fields of every term, its
//     effective weight, its words as dictionary ids, its list.
//   - Set.terms: the display text of every clause and list entry, by
//     node.term and entry.term: what Match.Term says.
//   - Set.dict (dict.go): every distinct query word
//     once, by id (its folded key and kind: exact, prefix bank*, or
//     stem). Three open-addressing hash tables (exact, prefix, stem) map
//     a key to its id; a slot is hash<<32 | id+1, 0 empty, and the keys
//     lie back to back in a keyArena. In front of them sit cheap filters
//     that most story words fail: a bitmap of the hashes of exact and
//     prefix words, the lengths and first bytes of prefix words, the
//     stemFilter (stemfilter.go), and formTable, inflected forms of the
//     stemmed words with their stem id, so that most words need no
//     stemming.
//   - Set.main and Set.pre (index.go): the postings of the queries and
//     of the prefilters. Compile derives from each query the clauses any
//     matching story satisfies (clauseSet) and posts the rule under the
//     words of its rarest clause, and of its second rarest when that
//     pays: for word id, flat[off[id]:off[id+1]] are postings {rule, the
//     key clauses holding the word, the key clauses the rule has}, and
//     aux, at the same index, the candidate {rule, check, guard}, read
//     only when the rule becomes one. always are the rules without a key
//     clause (NOT only).
//   - Set.prog (check.go): every query's check, a necessary condition on
//     which words occur in which fields, as a tree in one run of
//     uint32s; a candidate's guard is the one word its check needs first,
//     kept beside it so that most candidates fail without reading prog.
//
// # What a story leaves in the state (one state per goroutine, pooled)
//
//   - tokens (token.go): per field, its text and words (byte offsets in
//     the text, offsets of the folded form in one shared buffer), and the
//     sentence and paragraph of each word, computed on first use.
//   - cache (wordcache.go, midcache.go): the query word ids of every
//     folded word the state has met, across stories, so that a word is
//     looked up in dict once. Words of up to 8 bytes are keyed by their
//     bytes read as one integer, of 9 to 16 bytes by two, longer ones by
//     hash and bytes; a short word with one query word keeps it in its
//     slot (hi -1) instead of in ids. resolve reads the cache for a whole
//     field in a loop without branches on what it finds, which is 9%
//     faster at 10,000 rules than with them.
//   - fields, words, touched, occs: for each query word id that occurs,
//     the fields it occurs in (a bit per field), and its occurrences in
//     document order as a list linked through occs (head, tail); touched
//     lists the ids to reset for the next story.
//   - keysSeen, cands, matched: the key clauses each rule's words
//     satisfy (a byte per rule), the rules whose keys are all satisfied,
//     and those whose query matched.
//   - spans, raw, runs, cursors, byEnd, mergeBuf, memo, nearMemo:
//     evaluation's scratch (eval.go, near.go): spans is a stack, each
//     call appends its places and its caller cuts them off; memo keeps
//     the places of lists for the story, nearMemo those of NEARs while
//     explaining; raw collects what an explanation shows.
//   - pendHits, pendMatches, snippets: the hits being built (explain.go),
//     which share one allocation of matches and one of snippet text.
//
// Match tokenizes once, looks words up through the cache, collects
// candidates from the postings of the words found (addCands), runs each
// candidate's guard and check, evaluates the queries that pass, and
// explains the ones that match.

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
	// While explaining, the spans of each NEAR node found for the story
	// are nearSpans[nearMemo[n][0]:nearMemo[n][1]].
	explaining bool
	nearMemo   map[*node][2]int
	nearSpans  []span
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
	clear(st.nearMemo)
	st.nearSpans = st.nearSpans[:0]
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
