package rules

import (
	"math/bits"
	"slices"
)

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

// state is the per-document scratch of a Set, reused through its pool.
type state struct {
	tokens
	gen      uint32
	seen     []uint32 // by word id: gen when the word occurs
	head     []int32  // by word id: first occurrence
	tail     []int32
	fmask    []uint8 // by word id: fields it occurs in
	occs     []occ
	ruleSeen []uint32
	cands    []int32
	matched  []int32
	spans    []span
	raw      []span
	cursors  []int32
	stemBuf  []byte
}

func (s *Set) get() *state {
	if st, ok := s.pool.Get().(*state); ok {
		return st
	}
	n := len(s.dict.words)
	return &state{seen: make([]uint32, n), head: make([]int32, n), tail: make([]int32, n),
		fmask: make([]uint8, n), ruleSeen: make([]uint32, len(s.rules))}
}

// begin starts a new document.
func (st *state) begin() {
	st.gen++
	if st.gen == 0 {
		clear(st.seen)
		clear(st.ruleSeen)
		st.gen = 1
	}
	st.occs, st.cands, st.matched = st.occs[:0], st.cands[:0], st.matched[:0]
}

// lookup finds the query words of every document word and collects the
// rules of post whose required words occur.
func (st *state) lookup(d *dict, post [][]int32) {
	for f := range numFields {
		for i, tk := range st.toks[f] {
			w := st.fold[tk.fs:tk.fe]
			if d.prefixLens != 0 {
				for lens := d.prefixLens & (1<<(min(len(w), maxPrefixBytes)+1) - 1); lens != 0; lens &= lens - 1 {
					l := bits.TrailingZeros64(lens)
					if id := d.prefix.find(hashWord(w[:l]), w[:l], d.words); id >= 0 {
						st.add(id, uint8(f), int32(i), post)
					}
				}
			}
			h := hashWord(w)
			if k := filterIndex(h); d.filter[k/64]&(1<<(k%64)) != 0 {
				if id := d.exact.find(h, w, d.words); id >= 0 {
					st.add(id, uint8(f), int32(i), post)
				}
			}
			if d.stemTri != nil {
				if d.mayStem(w) {
					st.stemBuf = stem(st.stemBuf, w)
					if id := d.stem.find(hashWord(st.stemBuf), st.stemBuf, d.words); id >= 0 {
						st.add(id, uint8(f), int32(i), post)
					}
				}
			}
		}
	}
}

// add records an occurrence of word id.
func (st *state) add(id int32, f uint8, pos int32, post [][]int32) {
	o := int32(len(st.occs))
	st.occs = append(st.occs, occ{field: f, pos: pos, next: -1})
	if st.seen[id] != st.gen {
		st.seen[id] = st.gen
		st.head[id], st.tail[id], st.fmask[id] = o, o, 1<<f
		for _, r := range post[id] {
			if st.ruleSeen[r] != st.gen {
				st.ruleSeen[r] = st.gen
				st.cands = append(st.cands, r)
			}
		}
		return
	}
	st.occs[st.tail[id]].next = o
	st.tail[id] = o
	st.fmask[id] |= 1 << f
}

// Match returns a Hit for every rule of s that matches doc with a score of
// at least its MinScore, in rule name order. It tokenizes doc once and
// evaluates only the rules that one of doc's words can satisfy.
func (s *Set) Match(doc *Doc) []Hit {
	if s == nil || len(s.rules) == 0 || doc == nil {
		return nil
	}
	st := s.get()
	defer s.pool.Put(st)
	st.begin()
	st.tokenizeDoc(doc)
	st.lookup(&s.dict, s.post)
	for _, list := range [2][]int32{st.cands, s.always} {
		for _, r := range list {
			if st.match(s.rules[r].root) {
				st.matched = append(st.matched, r)
			}
		}
	}
	if len(st.matched) == 0 {
		return nil
	}
	slices.Sort(st.matched)
	var hits []Hit
	for _, r := range st.matched {
		if h, ok := s.hit(st, &s.rules[r]); ok {
			hits = append(hits, h)
		}
	}
	return hits
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
	st := s.get()
	defer s.pool.Put(st)
	st.begin()
	st.tokenizeDoc(doc)
	st.lookup(&s.dict, s.prePost)
	for _, list := range [2][]int32{st.cands, s.preAlways} {
		for _, r := range list {
			if st.match(s.rules[r].pre) {
				return true
			}
		}
	}
	return false
}
