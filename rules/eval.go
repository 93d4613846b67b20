package rules

import "slices"

// match reports whether n matches the current document. It leaves
// st.spans as it found it.
func (st *state) match(n *node) bool {
	if n.count > 1 {
		return st.places(n) >= n.count
	}
	switch n.kind {
	case nodeText:
		if len(n.words) == 1 {
			return st.present(n.words[0].id, n.fields)
		}
		mark := len(st.spans)
		ok := st.phrase(n.words, n.fields, n.term, true)
		st.spans = st.spans[:mark]
		return ok
	case nodeList:
		mark := len(st.spans)
		defer func() { st.spans = st.spans[:mark] }()
		for _, e := range n.list.entries {
			if len(e.words) == 1 {
				if st.present(e.words[0].id, n.fields) {
					return true
				}
			} else if st.phrase(e.words, n.fields, e.term, true) {
				return true
			}
		}
		return false
	case nodeAnd:
		for _, k := range n.kids {
			if !st.match(k) {
				return false
			}
		}
		return true
	case nodeOr:
		for _, k := range n.kids {
			if st.match(k) {
				return true
			}
		}
		return false
	case nodeNot:
		return !st.match(n.kids[0])
	case nodeNear:
		mark := len(st.spans)
		st.spansOf(n, modeFirst)
		ok := len(st.spans) > mark
		st.spans = st.spans[:mark]
		return ok
	}
	return false
}

// phrase appends to st.spans the places where words occur in a row in one
// of fields, stopping at the first when first is set. It reports whether
// there was any.
func (st *state) phrase(words []word, fields uint8, term int32, first bool) bool {
	for _, w := range words {
		if !st.present(w.id, fields) {
			return false
		}
	}
	cur := st.cursors[:0]
	for _, w := range words[1:] {
		cur = append(cur, st.words[w.id].head)
	}
	st.cursors = cur
	found := false
	last := int32(len(words) - 1)
	for o := st.words[words[0].id].head; o >= 0; o = st.occs[o].next {
		oc := st.occs[o]
		if fields&(1<<oc.field) == 0 {
			continue
		}
		ok := true
		for k := range cur {
			wantP := oc.pos + int32(k+1)
			c := cur[k]
			for c >= 0 && (st.occs[c].field < oc.field || st.occs[c].field == oc.field && st.occs[c].pos < wantP) {
				c = st.occs[c].next
			}
			cur[k] = c
			if c < 0 {
				return found
			}
			if st.occs[c].field != oc.field || st.occs[c].pos != wantP {
				ok = false
				break
			}
		}
		if ok {
			found = true
			st.spans = append(st.spans, span{field: oc.field, start: oc.pos, end: oc.pos + last, term: term})
			if first {
				return true
			}
		}
	}
	return found
}

// Modes of spansOf.
const (
	modeAll     = iota // every span, sorted
	modeFirst          // stop at the first span
	modeExplain        // NEAR: append its first maxExplainPairs pairs to st.raw
	modePairs          // NEAR: append all its pairs to st.raw
)

// spansOf appends the spans of a positional node to st.spans, sorted by
// field and position, and leaves nothing else after them.
func (st *state) spansOf(n *node, mode int) {
	lo := len(st.spans)
	first := mode == modeFirst
	switch n.kind {
	case nodeText:
		st.phrase(n.words, n.fields, n.term, first)
		return
	case nodeList:
		if !first && st.recall(n) {
			return
		}
		// Each entry's spans come sorted: merge them.
		runs := len(st.runs)
		for _, e := range n.list.entries {
			start := len(st.spans)
			if st.phrase(e.words, n.fields, e.term, first) && first {
				st.runs = st.runs[:runs]
				return
			}
			st.addRun(start)
		}
		st.mergeRuns(lo, runs)
		st.remember(n, lo)
	case nodeOr:
		kidMode := mode
		if kidMode == modeExplain || kidMode == modePairs {
			kidMode = modeAll
		}
		runs := len(st.runs)
		for _, k := range n.kids {
			start := len(st.spans)
			st.spansOf(k, kidMode)
			if first && len(st.spans) > lo {
				st.runs = st.runs[:runs]
				return
			}
			st.addRun(start)
		}
		st.mergeRuns(lo, runs)
	case nodeNear:
		if !st.explaining || mode != modeAll {
			st.near(n, lo, mode)
			return
		}
		if m, ok := st.nearMemo[n]; ok {
			st.spans = append(st.spans, st.nearSpans[m[0]:m[1]]...)
			return
		}
		st.near(n, lo, mode)
		if st.nearMemo == nil {
			st.nearMemo = map[*node][2]int{}
		}
		at := len(st.nearSpans)
		st.nearSpans = append(st.nearSpans, st.spans[lo:]...)
		st.nearMemo[n] = [2]int{at, len(st.nearSpans)}
	}
}

// addRun notes that st.spans[start:] is a sorted run of spans, unless
// it is empty.
func (st *state) addRun(start int) {
	if len(st.spans) > start {
		st.runs = append(st.runs, start)
	}
}

// mergeRuns sorts st.spans[lo:], made of the sorted runs that start at
// st.runs[mark:], by merging them two by two, and drops those runs: it
// reads each span once a round, and the rounds halve the runs. Of two
// equal spans, the one of the earlier run comes first.
func (st *state) mergeRuns(lo, mark int) {
	st.runs = append(st.runs, len(st.spans)) // the end of the last run
	runs := st.runs[mark:]
	for len(runs) > 2 {
		k := 0
		for i := 0; i+1 < len(runs); i += 2 {
			if i+2 < len(runs) {
				st.mergeTwo(runs[i], runs[i+1], runs[i+2])
			}
			runs[k] = runs[i]
			k++
		}
		runs = append(runs[:k], len(st.spans))
	}
	st.runs = st.runs[:mark]
}

// mergeTwo merges the sorted runs st.spans[a:b] and st.spans[b:c] into
// one, the first run's spans first of equal ones.
func (st *state) mergeTwo(a, b, c int) {
	s := st.spans
	if b == c || !spanLess(s[b], s[b-1]) {
		return // already in order
	}
	buf := append(st.mergeBuf[:0], s[a:b]...)
	i, j, k := 0, b, a
	for i < len(buf) && j < c {
		if spanLess(s[j], buf[i]) {
			s[k] = s[j]
			j++
		} else {
			s[k] = buf[i]
			i++
		}
		k++
	}
	copy(s[k:], buf[i:])
	st.mergeBuf = buf
}

// spanLess reports whether a comes before b: by field, start, then end.
func spanLess(a, b span) bool {
	if a.field != b.field {
		return a.field < b.field
	}
	if a.start != b.start {
		return a.start < b.start
	}
	return a.end < b.end
}

// sortSpans sorts s by field, start and end, keeping the order of equal
// spans. Spans in order already, as a NEAR's often are, are only read.
func sortSpans(s []span) {
	for i := 1; i < len(s); i++ {
		if spanLess(s[i], s[i-1]) {
			slices.SortStableFunc(s, func(a, b span) int {
				if a.field != b.field {
					return int(a.field) - int(b.field)
				}
				if a.start != b.start {
					return int(a.start - b.start)
				}
				return int(a.end - b.end)
			})
			return
		}
	}
}

// places returns at how many places the positional node n matches: the
// count of clause#n. The places of a NEAR/sentence or NEAR/paragraph are
// the sentences or paragraphs where it matches; those of any other node
// are its spans, as many as do not overlap.
func (st *state) places(n *node) int {
	mark := len(st.spans)
	st.spansOf(n, modeAll)
	spans := st.spans[mark:]
	count := 0
	if n.kind == nodeNear && n.scope != scopeWords {
		// Each span lies in one unit, and they come in order.
		unit := int32(-1)
		for i, sp := range spans {
			u := st.unitsOf(int(sp.field), n.scope)[sp.start]
			if i == 0 || sp.field != spans[i-1].field || u != unit {
				count++
			}
			unit = u
		}
	} else {
		// The spans come sorted by start; one that overlaps the last kept
		// but ends before it takes its place, so that a long span ("x y
		// z") does not hide two short ones inside it (y, z).
		field, end := uint8(0), int32(-1)
		for _, sp := range spans {
			switch {
			case sp.field != field || sp.start > end:
				count++
				field, end = sp.field, sp.end
			case sp.end < end:
				end = sp.end
			}
		}
	}
	st.spans = st.spans[:mark]
	return count
}

// recall appends the spans of list node n to st.spans and reports true
// when the memo has them.
func (st *state) recall(n *node) bool {
	m := &st.memo
	if i := n.list.idx; i < len(m.lists) {
		if e := m.lists[i]; e.gen == m.gen && e.fields == n.fields {
			st.spans = append(st.spans, m.spans[e.lo:e.hi]...)
			return true
		}
	}
	return false
}

// remember keeps st.spans[lo:], the spans of list node n.
func (st *state) remember(n *node, lo int) {
	m := &st.memo
	for len(m.lists) <= n.list.idx {
		m.lists = append(m.lists, memoEntry{})
	}
	start := len(m.spans)
	m.spans = append(m.spans, st.spans[lo:]...)
	m.lists[n.list.idx] = memoEntry{gen: m.gen, fields: n.fields, lo: int32(start), hi: int32(len(m.spans))}
}
