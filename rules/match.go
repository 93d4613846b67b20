package rules

import ()

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
	cache  wordCache
	res    []resolved  // a field's words that have query words (lookup)
	fields []uint8     // by query word id: the fields it occurs in
	words  []wordState // by query word id, where fields is set
	// touchedBuf[:nTouched] are the ids whose fields are set; it has
	// room for one more (record writes it before it knows)
	touchedBuf []int32
	nTouched   int
	// occs[1:] are the occurrences of the document's words; occs[0]
	// is a sentinel (see record).
	occs     []occ
	keysSeen []uint64 // two bits a rule, 32 rules a word: the key clauses its words satisfy
	cands    []int32
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
	return &state{fields: make([]uint8, n), words: make([]wordState, n), touchedBuf: make([]int32, n+1), keysSeen: make([]uint64, (len(s.rules)+31)/32)}
}

// begin starts a new document.
func (st *state) begin() {
	clear(st.keysSeen)
	for _, id := range st.touched() {
		st.fields[id] = 0
	}
	st.nTouched = 0
	st.work = 0
	st.memo.forget()
	st.occs, st.cands, st.matched = append(st.occs[:0], occ{next: -1}), st.cands[:0], st.matched[:0]
}

// touched returns the ids of the words that occur in the document.
func (st *state) touched() []int32 { return st.touchedBuf[:st.nTouched] }

// addCands notes the key clauses that the words ids satisfy, from their
// postings in p, and collects the rules whose key clauses are all
// satisfied, with their checks and guards. The only branch of its inner
// loop is taken for a new candidate, which is rare.
func (st *state) addCands(p *postings, ids []int32) {
	for _, id := range ids {
		lo, hi := p.off[id], p.off[id+1]
		for k, e := range p.flat[lo:hi] {
			r := e >> postShift
			w, sh := &st.keysSeen[r>>5], uint(r&31)*2
			old := uint32(*w>>sh) & 3
			v := old | uint32(e&3)
			*w |= uint64(v) << sh
			if need := uint32(1 | e>>1&2); v == need && old != need {
				a := 2 * (lo + uint32(k))
				st.cands = append(st.cands, r, p.aux[a], p.aux[a+1])
			}
		}
	}
}

// present reports whether word id occurs in one of fields.
func (st *state) present(id int32, fields uint8) bool {
	return st.fields[id]&fields != 0
}

// run tokenizes doc, looks its words up and returns the rules whose
// query (pre: prefilter) matches doc, in no particular order. It stops
// at the first when first is set.
func (s *Set) run(st *state, doc *Doc, pre, first bool) []int32 {
	p := &s.main
	if pre {
		p = &s.pre
	}
	st.begin()
	st.tokenizeDoc(doc)
	st.lookup(&s.dict, p)
	for _, list := range [2][]int32{st.cands, p.always} {
		for i := 0; i+2 < len(list); i += 3 {
			r := list[i]
			if g := list[i+2]; g != noGuard && st.fields[g>>8]&uint8(g) == 0 || !st.passes(s.prog, list[i+1]) {
				continue
			}
			root := s.rules[r].q.root
			if pre {
				root = s.rules[r].p.root
			}
			if st.match(root) {
				st.matched = append(st.matched, r)
				if first {
					return st.matched
				}
			}
		}
	}
	return st.matched
}

// Match returns a Hit for every rule of s that matches doc with a score of
// at least its MinScore, in rule name order. It tokenizes doc once and
// evaluates only the rules that doc's words can satisfy.
func (s *Set) Match(doc *Doc) []Hit {
	if s == nil || len(s.rules) == 0 || doc == nil {
		return nil
	}
	st := s.get()
	defer s.pool.put(st)
	return s.hits(st, s.run(st, doc, false, false))
}

// WantsArticle reports whether any rule wants the full article of a feed
// item whose own text is doc: a rule without a Prefilter always does, a
// rule with one does when the prefilter matches doc.
func (s *Set) WantsArticle(doc *Doc) bool {
	if s == nil || len(s.rules) == 0 {
		return false
	}
	if !s.allPre {
		return true
	}
	if doc == nil {
		doc = &Doc{}
	}
	st := s.get()
	defer s.pool.put(st)
	return len(s.run(st, doc, true, true)) > 0
}
