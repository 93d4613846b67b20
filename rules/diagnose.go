package rules

// Diagnosis is how close a document came to one rule: which of the
// query's clauses held and, for those that did not, which terms are
// missing. It serves people tuning a rule on a missed story.
type Diagnosis struct {
	// Rule is the rule's name.
	Rule string
	// Matched reports whether the query matched; the rule flags the
	// document when it did and Score is at least MinScore.
	Matched bool
	// Score is the query's score when it matched, else 0.
	Score float64
	// MinScore is the rule's MinScore.
	MinScore float64
	// Clauses are the query's top-level clauses: the parts its outermost
	// AND joins, or the whole query when it is not an AND.
	Clauses []Clause
}

// Flags reports whether the rule flags the document.
func (d Diagnosis) Flags() bool { return d.Matched && d.Score >= d.MinScore }

// Clause is one top-level clause of a query and whether it held.
type Clause struct {
	// Src is the clause as written in the query.
	Src string
	// Held reports whether the clause matched the document.
	Held bool
	// Missing, for a clause that did not hold, are its parts (words,
	// phrases, lists or ORs of them) none of whose terms occur in the
	// document, descending through AND and NEAR. It is empty when every
	// term occurs but not close enough together or not at as many places
	// as a #n asks, or when an excluded term occurs.
	Missing []Part
}

// Part is a piece of a query as written.
type Part struct {
	// Src is the piece's text, Pos its byte offset in the query.
	Src string
	Pos int
}

// Diagnose reports how close doc came to the rule named name; ok is false
// when s (which may be nil) has no such rule, or doc is nil.
func (s *Set) Diagnose(name string, doc *Doc) (d Diagnosis, ok bool) {
	if s == nil {
		return Diagnosis{}, false
	}
	var r *rule
	for i := range s.rules {
		if s.rules[i].def.Name == name {
			r = &s.rules[i]
			break
		}
	}
	if r == nil || doc == nil {
		return Diagnosis{}, false
	}
	st := s.get()
	defer s.pool.put(st)
	st.begin()
	st.tokenizeDoc(doc)
	st.lookup(&s.dict, &s.main)
	d = Diagnosis{Rule: name, MinScore: r.def.MinScore}
	root := r.q.root
	for _, n := range topClauses(root) {
		c := Clause{Src: n.src, Held: st.match(n)}
		if !c.Held {
			c.Missing = st.missing(n, nil)
		}
		d.Clauses = append(d.Clauses, c)
	}
	if d.Matched = st.match(root); d.Matched {
		st.raw, st.spans = st.raw[:0], st.spans[:0]
		d.Score = st.explainRoot(root)
	}
	return d, true
}

// missing appends the parts of n, which does not match, whose terms do
// not occur in the document.
func (st *state) missing(n *node, out []Part) []Part {
	if n.count > 1 && st.places(n) > 0 {
		return out // it occurs, only not often enough
	}
	switch n.kind {
	case nodeAnd, nodeNear:
		for _, k := range n.kids {
			if !st.match(k) {
				out = st.missing(k, out)
			}
		}
	case nodeOr, nodeText, nodeList:
		out = append(out, Part{Src: n.src, Pos: n.pos})
	}
	return out
}
