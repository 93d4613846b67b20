package rules

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// pairNearWindowed is pairNear as it was written first, the reference
// it must agree with: for each left span, every right span within the
// distance (or, scoped, in its unit) is compared, and the closest kept.
func (st *state) pairNearWindowed(n *node, lo, m, mode int) {
	e := len(st.spans)
	var maxLen int32
	for _, b := range st.spans[m:e] {
		maxLen = max(maxLen, b.end-b.start)
	}
	dist, pairs := int32(n.dist), 0
	j0 := m
	var units []int32 // of a's field, for NEAR/sentence and NEAR/paragraph
	for ai := lo; ai < m; ai++ {
		a := st.spans[ai]
		if n.scope != scopeWords {
			units = st.unitsOf(int(a.field), n.scope)
		}
		// Right spans that start before a's unit cannot share it, nor
		// those that start after it ends: skip them, as a scoped NEAR's
		// distance (MaxDistance) is no bound in practice.
		for j0 < e && (st.spans[j0].field < a.field || st.spans[j0].field == a.field &&
			(st.spans[j0].start < a.start-dist-maxLen || units != nil && units[st.spans[j0].start] < units[a.start])) {
			j0++
		}
		best, bestGap := -1, int32(0)
		for j := j0; j < e; j++ {
			b := st.spans[j]
			if b.field != a.field || b.start > a.end+dist || units != nil && units[b.start] > units[a.end] {
				break
			}
			var gap int32
			switch {
			case b.start > a.end:
				gap = b.start - a.end
			case !n.ordered && a.start > b.end:
				gap = a.start - b.end
			default:
				continue
			}
			if gap <= dist && (best < 0 || gap < bestGap) && st.sameUnitWindowed(n.scope, a, b) {
				best, bestGap = j, gap
			}
		}
		if best < 0 {
			continue
		}
		b := st.spans[best]
		if mode == modeExplain {
			st.raw = append(st.raw, a, b)
			if pairs++; pairs == maxExplainPairs {
				break
			}
			continue
		}
		st.spans = append(st.spans, span{field: a.field, start: min(a.start, b.start), end: max(a.end, b.end), term: n.term})
		if mode == modeFirst {
			break
		}
	}
	k := copy(st.spans[lo:], st.spans[e:])
	st.spans = st.spans[:lo+k]
	sortSpans(st.spans[lo:])
	st.spans = st.spans[:lo+len(slices.Compact(st.spans[lo:]))] // one of equal pairs
}

// sameUnitWindowed reports whether spans a and b, of one field, lie in one
// sentence or paragraph as sc asks; always true for scopeWords.
func (st *state) sameUnitWindowed(sc scope, a, b span) bool {
	if sc == scopeWords {
		return true
	}
	ids := st.unitsOf(int(a.field), sc)
	return ids[min(a.start, b.start)] == ids[max(a.end, b.end)]
}

// randSpans returns count random spans of the fields of st, sorted, some
// of them repeated with another term: the spans a side of a NEAR has.
func randSpans(r *rand.Rand, st *state, count int, term int32) []span {
	var out []span
	for range count {
		f := uint8(r.IntN(2)) * fieldText
		n := int32(len(st.toks[f]))
		start := r.Int32N(n)
		end := min(n-1, start+[]int32{0, 0, 0, 1, 2, 5}[r.IntN(6)])
		sp := span{field: f, start: start, end: end, term: term}
		out = append(out, sp)
		if r.IntN(8) == 0 {
			sp.term++
			out = append(out, sp)
		}
	}
	sortSpans(out)
	return out
}

// TestPairNearMatchesWindowed checks pairNear against the windowed
// reference on random sides, in every mode, for every kind of NEAR: the
// same spans in the same order, and the same pairs for explanations.
func TestPairNearMatchesWindowed(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	var st, ref state
	paired := 0
	for round := range 3000 {
		doc := &Doc{Title: randText(r, 3+r.IntN(10)), Text: randText(r, 5+r.IntN(60))}
		st.tokenizeDoc(doc)
		ref.tokenizeDoc(doc)
		n := &node{kind: nodeNear, dist: 1 + r.IntN(6), scope: scope(r.IntN(3)), ordered: r.IntN(2) == 0, term: 9}
		if n.scope != scopeWords {
			n.dist = MaxDistance
		}
		left, right := randSpans(r, &st, r.IntN(12), 1), randSpans(r, &st, r.IntN(12), 4)
		for _, mode := range []int{modeAll, modeFirst, modeExplain} {
			st.spans = append(append(st.spans[:0], left...), right...)
			ref.spans = append(append(ref.spans[:0], left...), right...)
			st.raw, ref.raw = st.raw[:0], ref.raw[:0]
			st.pairNear(n, 0, len(left), mode)
			ref.pairNearWindowed(n, 0, len(left), mode)
			if !reflect.DeepEqual(st.spans, ref.spans) || !reflect.DeepEqual(st.raw, ref.raw) {
				t.Fatalf("round %d: pairNear(%+v, mode %d) of\nleft %v\nright %v\nin %q = %v, pairs %v\nwant %v, pairs %v",
					round, *n, mode, left, right, fmt.Sprint(doc.Title, " | ", doc.Text), st.spans, st.raw, ref.spans, ref.raw)
			}
			if mode == modeAll && len(st.spans) > 0 {
				paired++
			}
		}
	}
	if paired < 1000 {
		t.Errorf("only %d of 3000 rounds paired any spans: the random sides are too far apart", paired)
	}
}

// FuzzPairNear checks pairNear against the windowed reference on fuzzed
// texts (their sentences and paragraphs) and sides drawn from a fuzzed
// seed, in every mode and for every kind of NEAR.
func FuzzPairNear(f *testing.F) {
	f.Add(uint64(1), "Facebook asked a bank. The bank said no.\n\nData Inc. shared! U.S. bank。银行 data")
	f.Add(uint64(2), "a. B\n \nc? d\ne f g h i j k")
	f.Add(uint64(3), strings.Repeat("w ", 40))
	f.Fuzz(func(t *testing.T, seed uint64, text string) {
		var st, ref state
		st.tokenizeDoc(&Doc{Title: text, Text: text})
		ref.tokenizeDoc(&Doc{Title: text, Text: text})
		if len(st.toks[fieldTitle]) == 0 {
			return
		}
		r := rand.New(rand.NewPCG(seed, 1))
		left, right := randSpans(r, &st, r.IntN(16), 1), randSpans(r, &st, r.IntN(16), 4)
		for sc := range scope(3) {
			for _, ordered := range []bool{false, true} {
				n := &node{kind: nodeNear, dist: 1 + r.IntN(8), scope: sc, ordered: ordered, term: 9}
				for _, mode := range []int{modeAll, modeFirst, modeExplain} {
					st.spans = append(append(st.spans[:0], left...), right...)
					ref.spans = append(append(ref.spans[:0], left...), right...)
					st.raw, ref.raw = st.raw[:0], ref.raw[:0]
					st.pairNear(n, 0, len(left), mode)
					ref.pairNearWindowed(n, 0, len(left), mode)
					if !reflect.DeepEqual(st.spans, ref.spans) || !reflect.DeepEqual(st.raw, ref.raw) {
						t.Fatalf("pairNear(%+v, mode %d) of left %v right %v = %v, pairs %v; want %v, pairs %v",
							*n, mode, left, right, st.spans, st.raw, ref.spans, ref.raw)
					}
				}
			}
		}
	})
}
