package rules

// addCands notes the key clauses that the words ids satisfy, from their
// postings in p, and collects the rules whose key clauses are all
// satisfied, as candidates.
func (st *state) addCands(p *postings, ids []int32) {
	for _, id := range ids {
		lo, hi := p.off[id], p.off[id+1]
		for k, e := range p.flat[lo:hi] {
			old := st.keysSeen[e.rule]
			seen := old | e.keys
			if seen == old {
				continue // nothing new for this rule
			}
			st.keysSeen[e.rule] = seen
			if seen == e.need {
				st.cands = append(st.cands, p.aux[lo+uint32(k)])
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
	for _, list := range [2][]candidate{st.cands, p.always} {
		for _, c := range list {
			r := c.rule
			if g := c.guard; g != noGuard && st.fields[g>>8]&uint8(g) == 0 || !st.passes(s.prog, c.check) {
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

// lookup finds the query words of every word of the document, records
// their occurrences and collects the rules of p that they select.
//
// It works a field at a time in two passes. The first (resolve) only
// looks up the words that are already in the cache and keeps those with
// query words; its iterations neither branch on what they find nor
// depend on each other, so the processor has the cache reads of several
// words in flight at once instead of one. The second records the
// occurrences of what the first kept, and looks up the words it could
// not resolve.
func (st *state) lookup(d *dict, p *postings) {
	for f := range numFields {
		st.record(d, uint8(f), st.resolveField(f))
	}
	// The postings of the words found are read after the scan, in a loop
	// whose iterations have their reads in flight together.
	st.addCands(p, st.touched)
}

// record records the occurrences of the words res of field f: the
// fields of each query word, and its occurrences linked in order; the
// first occurrence of a word in the document adds it to touched.
//
// Looking up a word that resolve left may empty the cache; the words
// that resolve found in the cache with several query words are then
// looked up again, as their ids were in the cache.
func (st *state) record(d *dict, f uint8, res []resolved) {
	resets := st.cache.resets
	var one [1]int32
	for _, r := range res {
		ids := one[:]
		if r.hi == -1 {
			one[0] = r.lo
		} else {
			if r.hi >= 0 && st.cache.resets != resets {
				r.hi = unresolved
			}
			ids = st.idsOf(d, st.toks[f], r)
		}
		for _, id := range ids {
			o := int32(len(st.occs))
			st.occs = append(st.occs, occ{field: f, pos: r.pos, next: -1})
			w := &st.words[id]
			if st.fields[id] == 0 {
				w.head = o // the first occurrence in the document
				st.touched = append(st.touched, id)
			} else {
				st.occs[w.tail].next = o
			}
			w.tail = o
			st.fields[id] |= 1 << f
		}
	}
}

// resolveField returns the words of field f that have query words or
// are not in the cache's short and mid tables (see resolve).
func (st *state) resolveField(f int) []resolved {
	c := &st.cache
	if len(c.short) == 0 {
		c.reset()
	}
	toks := st.toks[f]
	if len(toks) == 0 {
		return nil
	}
	// Eight spare bytes after the last word let every word of up to
	// sixteen bytes be read as whole integers.
	if cap(st.fold)-len(st.fold) < 8 {
		st.fold = append(st.fold, make([]byte, 8)...)[:len(st.fold)]
	}
	if cap(st.res) < len(toks) {
		st.res = make([]resolved, len(toks)+len(toks)/4)
	}
	return st.res[:c.resolve(st.fold, toks, st.res[:len(toks)])]
}

// idsOf returns the query words of r, a word of toks with more than one
// query word or unresolved, valid until the next lookup in the cache.
func (st *state) idsOf(d *dict, toks []token, r resolved) []int32 {
	c := &st.cache
	if r.hi != unresolved {
		return c.ids[r.lo:r.hi]
	}
	tk := toks[r.pos]
	w := st.fold[tk.fs:tk.fe]
	if n := len(w); n > 8 && n <= 16 {
		return c.getMid(d, w)
	}
	return c.get(d, w)
}
