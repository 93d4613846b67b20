package rules

import "slices"

// maxExplainPairs caps the NEAR pairs reported for one clause.
const maxExplainPairs = 3

// near appends the spans of a NEAR node to st.spans, from lo on (see
// spansOf): the spans of its left side, each paired with the closest
// span of its right side, as pairNear says.
func (st *state) near(n *node, lo int, mode int) {
	st.spansOf(n.kids[0], modeAll)
	m := len(st.spans)
	if m == lo {
		return
	}
	st.spansOf(n.kids[1], modeAll)
	st.pairNear(n, lo, m, mode)
}

// pairNear pairs the left spans st.spans[lo:m] with the right spans
// st.spans[m:] of NEAR node n, both sorted by field and position, and
// leaves in their place the spans of the pairs, sorted, one of those
// that cover the same words; in modeExplain it appends the pairs
// themselves to st.raw instead (at most maxExplainPairs; in modePairs
// all) and leaves nothing.
//
// Each left span a, in order, is paired with the right span b closest to
// it: b does not overlap a, lies in a's field after a (or, for NEAR and
// not ONEAR, before it) with at most n.dist words between them, and, for
// NEAR/sentence and NEAR/paragraph, in a's sentence or paragraph. Closest
// is the fewest words between them; of two as close, the first in order.
// The pair's span runs from the first word of the two to the last.
//
// It reads O((L+R) log R) spans for L left and R right spans, whatever
// the distance, instead of every right span within the distance of every
// left span:
//   - the closest b after a is the first right span that starts after a
//     ends: a binary search of the right spans, which are sorted by start;
//   - the closest b before a is the one that ends last before a starts:
//     the right spans sorted by end, walked with a cursor that only moves
//     forward, since the left spans come sorted by start.
//
// For a scoped NEAR, a span that crosses a sentence or paragraph boundary
// can never share one with the other side; dropping those first makes
// the closest b after (or before) a the only one that can be in a's unit.
func (st *state) pairNear(n *node, lo, m, mode int) {
	right := st.spans[m:]
	if n.scope != scopeWords {
		right = st.inOneUnit(right, n.scope)
	}
	var byEnd []int32
	if !n.ordered {
		byEnd = st.sortedByEnd(right)
	}
	dist, pairs := int32(n.dist), 0
	// The pairs' spans are appended after the right side's; right keeps
	// reading the old array if st.spans grows.
	out := len(st.spans)
	before := beforeCursor{best: -1}
	from := 0         // right[:from] start before a does: none is after it
	var units []int32 // of a's field, for NEAR/sentence and NEAR/paragraph
	for ai := lo; ai < m; ai++ {
		a := st.spans[ai]
		st.work++
		if n.scope != scopeWords {
			units = st.unitsOf(int(a.field), n.scope)
			if units[a.start] != units[a.end] {
				continue // a crosses a boundary: no b shares its unit
			}
		}
		best, bestGap := -1, int32(0)
		for from < len(right) && !startsAfter(right[from], a.field, a.start) {
			st.work++
			from++
		}
		if j := st.firstAfter(right, from, a); j < len(right) {
			b := right[j]
			if b.field == a.field && b.start-a.end <= dist && (units == nil || units[b.start] == units[a.start]) {
				best, bestGap = j, b.start-a.end
			}
		}
		if !n.ordered {
			before.advance(st, right, byEnd, a)
			if j := before.best; j >= 0 {
				b := right[j]
				gap := a.start - b.end
				// On a tie the one before a wins: it comes first in order.
				if b.field == a.field && gap <= dist && (best < 0 || gap <= bestGap) &&
					(units == nil || units[b.end] == units[a.start]) {
					best = j
				}
			}
		}
		if best < 0 {
			continue
		}
		b := right[best]
		if mode == modeExplain || mode == modePairs {
			st.raw = append(st.raw, a, b)
			if pairs++; pairs == maxExplainPairs && mode == modeExplain {
				break
			}
			continue
		}
		st.spans = append(st.spans, span{field: a.field, start: min(a.start, b.start), end: max(a.end, b.end), term: n.term})
		if mode == modeFirst {
			break
		}
	}
	k := copy(st.spans[lo:], st.spans[out:])
	sortSpans(st.spans[lo : lo+k])
	// Pairs that cover the same words are one place.
	st.spans = st.spans[:lo+len(slices.Compact(st.spans[lo:lo+k]))]
}

// firstAfter returns the index of the first span of right (sorted by
// field and start) that lies in a later field than a or starts after a
// ends in a's field; len(right) if none does. None of right[:from] does.
// It gallops from there, probing from, from+1, from+3, from+7... and
// then halving the last step, so that an answer k spans further costs
// about 2 log k reads: a is short, and the answer near, most of the time.
func (st *state) firstAfter(right []span, from int, a span) int {
	lo, step := from, 1
	hi := from
	for hi < len(right) {
		st.work++
		if startsAfter(right[hi], a.field, a.end) {
			break
		}
		lo, hi = hi+1, hi+step
		step *= 2
	}
	hi = min(hi, len(right))
	// right[lo-1] is not after a (or lo is from); right[hi] is, or hi is
	// len(right).
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		st.work++
		if startsAfter(right[h], a.field, a.end) {
			hi = h
		} else {
			lo = h + 1
		}
	}
	return lo
}

// startsAfter reports whether b lies in a later field than f or starts
// after word pos in field f.
func startsAfter(b span, f uint8, pos int32) bool {
	return b.field > f || b.field == f && b.start > pos
}

// beforeCursor walks the right spans of a NEAR in order of field and end
// (byEnd), past every one that ends before the current left span starts.
// best is then the right span that ends last before it, the first in
// order of those that end there; -1 while there is none.
type beforeCursor struct {
	next int // the next position in byEnd
	best int // an index in right, or -1
}

// advance moves c past the right spans that end before a starts.
func (c *beforeCursor) advance(st *state, right []span, byEnd []int32, a span) {
	for ; c.next < len(byEnd); c.next++ {
		st.work++
		j := byEnd[c.next]
		b := right[j]
		if b.field > a.field || b.field == a.field && b.end >= a.start {
			return
		}
		// byEnd keeps the order of right among spans that end at one
		// word, so the first of them stays best.
		if c.best < 0 || b.field != right[c.best].field || b.end != right[c.best].end {
			c.best = int(j)
		}
	}
}

// sortedByEnd returns the indices of right sorted by field and end,
// ties kept in the order of right, in a buffer of st.
func (st *state) sortedByEnd(right []span) []int32 {
	idx := st.byEnd[:0]
	sorted := true
	for i, b := range right {
		idx = append(idx, int32(i))
		if i > 0 && (b.field == right[i-1].field && b.end < right[i-1].end) {
			sorted = false
		}
	}
	st.work += len(right)
	if !sorted {
		slices.SortStableFunc(idx, func(x, y int32) int {
			a, b := right[x], right[y]
			if a.field != b.field {
				return int(a.field) - int(b.field)
			}
			return int(a.end - b.end)
		})
	}
	st.byEnd = idx
	return idx
}

// inOneUnit drops from spans, in place and keeping their order, those
// that cross a boundary of sentences or paragraphs (sc), and returns the
// rest.
func (st *state) inOneUnit(spans []span, sc scope) []span {
	k := 0
	for _, b := range spans {
		units := st.unitsOf(int(b.field), sc)
		if units[b.start] == units[b.end] {
			spans[k] = b
			k++
		}
	}
	st.work += len(spans)
	return spans[:k]
}
