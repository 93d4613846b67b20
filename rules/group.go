package rules

// ClauseMatches is one top-level clause of a rule with the places in a
// document that satisfy it: the evidence of one part of the query.
type ClauseMatches struct {
	// Src is the clause as written in the query.
	Src string
	// Label is the clause's label from Definition.ClauseLabels; empty
	// when the rule has none.
	Label string
	// Held reports whether the clause matched the document.
	Held bool
	// Near reports whether the clause has a NEAR in it: its places come
	// in groups close together (a sentence naming both sides).
	Near bool
	// Matches are the places of the clause's satisfied positive parts, in
	// document order, at most 40; empty when the clause did not hold or
	// holds by an absence (NOT).
	Matches []Match
}

// ExplainClauses explains the rule named name on doc clause by clause:
// one ClauseMatches per top-level clause (the parts the query's outermost
// AND joins, or the whole query when it is not an AND), in query order,
// with the matches Match would report for that clause alone. ok is false
// when s (which may be nil) has no such rule, or doc is nil. The rule need
// not flag doc: clauses that did not hold have no matches.
func (s *Set) ExplainClauses(name string, doc *Doc) (cs []ClauseMatches, ok bool) {
	if s == nil || doc == nil {
		return nil, false
	}
	var r *rule
	for i := range s.rules {
		if s.rules[i].def.Name == name {
			r = &s.rules[i]
			break
		}
	}
	if r == nil {
		return nil, false
	}
	st := s.get()
	defer s.pool.put(st)
	st.begin()
	st.tokenizeDoc(doc)
	st.lookup(&s.dict, &s.main)
	for i, n := range topClauses(r.q.root) {
		c := ClauseMatches{Src: n.src, Held: st.match(n), Near: hasNear(n)}
		if len(r.def.ClauseLabels) > 0 {
			c.Label = r.def.ClauseLabels[i]
		}
		if c.Held {
			c.Matches = s.clauseMatches(st, n)
		}
		cs = append(cs, c)
	}
	return cs, true
}

// clauseMatches lists the places of n, which matches the document.
func (s *Set) clauseMatches(st *state, n *node) []Match {
	st.raw, st.spans, st.snippets = st.raw[:0], st.spans[:0], st.snippets[:0]
	st.explainRoot(n)
	sortSpans(st.raw)
	var pend []pendingMatch
	for i, sp := range st.raw {
		if i > 0 && sp.field == st.raw[i-1].field && sp.start == st.raw[i-1].start && sp.end == st.raw[i-1].end {
			continue
		}
		if len(pend) == maxHitMatches {
			break
		}
		pend = append(pend, st.toMatch(sp, s.terms[sp.term]))
	}
	if len(pend) == 0 {
		return nil
	}
	text := string(st.snippets)
	out := make([]Match, len(pend))
	for i, pm := range pend {
		out[i] = pm.m
		out[i].Snippet = text[pm.lo:pm.hi]
	}
	return out
}

// hasNear reports whether n has a NEAR node in it.
func hasNear(n *node) bool {
	if n.kind == nodeNear {
		return true
	}
	for _, k := range n.kids {
		if hasNear(k) {
			return true
		}
	}
	return false
}
