package rules

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
