package rules

// termTable is the distinct words of the current document that may match
// a query word: each is looked up in the dictionary (and stemmed) once
// however often it occurs.
type termTable struct {
	slots []uint64 // hash<<32 | term+1; 0 is empty
	terms []docTerm
	ids   []int32 // the query words of every term, by docTerm.lo, hi
	buf   []byte  // a stem
}

// docTerm is one distinct folded word of a document: its bytes in
// tokens.fold, and the query words it matches, ids[lo:hi].
type docTerm struct {
	fs, fe int32
	lo, hi int32
}

// reset empties t for a document of n words.
func (t *termTable) reset(n int) {
	size := 64
	for size < 2*n {
		size *= 2
	}
	if cap(t.slots) < size {
		t.slots = make([]uint64, size)
	} else {
		t.slots = t.slots[:size]
		clear(t.slots)
	}
	t.terms, t.ids = t.terms[:0], t.ids[:0]
}

// lookup finds the query words of every word of the document, records
// their occurrences and collects the rules of post that they select.
func (st *state) lookup(d *dict, post [][]int32) {
	n := 0
	for f := range numFields {
		n += len(st.toks[f])
	}
	t := &st.terms
	t.reset(n)
	mask := uint32(len(t.slots) - 1)
	for f := range numFields {
		for i, tk := range st.toks[f] {
			w := st.fold[tk.fs:tk.fe]
			h := hashWord(w)
			if !d.may(w, h) {
				continue
			}
			var dt docTerm
			for j := h & mask; ; j = (j + 1) & mask {
				s := t.slots[j]
				if s == 0 {
					dt = docTerm{fs: tk.fs, fe: tk.fe, lo: int32(len(t.ids))}
					t.ids = d.find(t.ids, w, h, &t.buf)
					dt.hi = int32(len(t.ids))
					t.slots[j] = uint64(h)<<32 | uint64(len(t.terms)+1)
					t.terms = append(t.terms, dt)
					break
				}
				if uint32(s>>32) == h {
					dt = t.terms[uint32(s)-1]
					if string(st.fold[dt.fs:dt.fe]) == string(w) {
						break
					}
				}
			}
			for _, id := range t.ids[dt.lo:dt.hi] {
				if st.addOcc(id, uint8(f), int32(i)) {
					st.addCands(post[id])
				}
			}
		}
	}
}
