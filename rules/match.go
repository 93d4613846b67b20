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
// stale unless gen is the state's.
type wordState struct {
	gen        uint32
	head, tail int32 // first and last occurrence
	fields     uint8 // the fields it occurs in
}

// state is the per-document scratch of a Set, reused through its pool.
type state struct {
	tokens
	terms    termTable
	gen      uint32
	words    []wordState // by query word id
	occs     []occ
	ruleSeen []uint32
	cands    []int32
	matched  []int32
	spans    []span
	raw      []span
	cursors  []int32
	// the hits being explained
	pendHits    []pendingHit
	pendMatches []pendingMatch
	snippets    []byte
}

func (s *Set) get() *state {
	if st, ok := s.pool.Get().(*state); ok {
		return st
	}
	n := len(s.dict.words)
	return &state{words: make([]wordState, n), ruleSeen: make([]uint32, len(s.rules))}
}

// begin starts a new document.
func (st *state) begin() {
	st.gen++
	if st.gen == 0 {
		clear(st.words)
		clear(st.ruleSeen)
		st.gen = 1
	}
	st.occs, st.cands, st.matched = st.occs[:0], st.cands[:0], st.matched[:0]
}

// addOcc records an occurrence of word id at position pos of field f. It
// reports whether it is the word's first in the document.
func (st *state) addOcc(id int32, f uint8, pos int32) bool {
	o := int32(len(st.occs))
	st.occs = append(st.occs, occ{field: f, pos: pos, next: -1})
	ws := &st.words[id]
	if ws.gen != st.gen {
		*ws = wordState{gen: st.gen, head: o, tail: o, fields: 1 << f}
		return true
	}
	st.occs[ws.tail].next = o
	ws.tail = o
	ws.fields |= 1 << f
	return false
}

// addCands collects the rules of post not collected yet.
func (st *state) addCands(post []int32) {
	for _, r := range post {
		if st.ruleSeen[r] != st.gen {
			st.ruleSeen[r] = st.gen
			st.cands = append(st.cands, r)
		}
	}
}

// present reports whether word id occurs in one of fields.
func (st *state) present(id int32, fields uint8) bool {
	ws := &st.words[id]
	return ws.gen == st.gen && ws.fields&fields != 0
}

// check reports whether the current document satisfies every clause of
// q, a cheap test that most candidates fail before evaluation.
func (st *state) check(cs *clauseSet, q *query) bool {
	for _, c := range cs.clauses[q.lo:q.hi] {
		ok := false
		for _, a := range cs.atoms[c.lo:c.hi] {
			if st.present(a.id, a.fields) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
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
	st.lookup(&s.dict, p.post)
	for _, list := range [2][]int32{st.cands, p.always} {
		for _, r := range list {
			q := &s.rules[r].q
			if pre {
				q = &s.rules[r].p
			}
			if st.check(&s.checks, q) && st.match(q.root) {
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
	defer s.pool.Put(st)
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
	defer s.pool.Put(st)
	return len(s.run(st, doc, true, true)) > 0
}
