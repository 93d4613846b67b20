package rules

import (
	"cmp"
	"slices"
)

// A check program is a cheap, necessary condition for a query to match,
// run on every candidate before the query is evaluated: which of its
// words must occur, and in which fields, with no positions. It is a tree
// in one run of memory. A node is a header, op<<opShift | the number of
// words after it that belong to the node, then its children: atoms (id<<8
// | fields) for opAny, nodes for opAll and opAnyOf. An empty program is
// true.
const (
	opAny   = iota // some atom occurs in its fields
	opAll          // every child holds
	opAnyOf        // some child holds
	opShift = 28
)

// maxProgWords is the longest program; a query whose program would be
// longer gets none (it is always evaluated).
const maxProgWords = 1<<opShift - 1

// req is a node of a check program being built, with its estimated cost:
// how likely a story is to satisfy it (lower is rarer).
type req struct {
	op    int
	atoms []uint32
	kids  []*req
	cost  float64
}

// require returns the check of n, or nil when n can match a story that
// has none of its words (NOT).
func require(n *node) *req {
	switch n.kind {
	case nodeText:
		all := &req{op: opAll, cost: 1e18}
		for _, w := range n.words {
			all.kids = append(all.kids, &req{op: opAny, atoms: []uint32{uint32(w.id)<<8 | uint32(n.fields)}, cost: wordCost(w)})
		}
		return all.simplify()
	case nodeList:
		any := &req{op: opAny}
		for _, e := range n.list.entries {
			w := cheapest(e.words)
			any.atoms = append(any.atoms, uint32(w.id)<<8|uint32(n.fields))
			any.cost += wordCost(w)
		}
		return any
	case nodeAnd, nodeNear:
		all := &req{op: opAll, cost: 1e18}
		for _, k := range n.kids {
			if r := require(k); r != nil {
				all.kids = append(all.kids, r)
			}
		}
		if len(all.kids) == 0 {
			return nil
		}
		return all.simplify()
	case nodeOr:
		or := &req{op: opAnyOf}
		for _, k := range n.kids {
			r := require(k)
			if r == nil {
				return nil
			}
			or.kids = append(or.kids, r)
			or.cost += r.cost
		}
		return or.simplify()
	}
	return nil
}

// simplify flattens nested ANDs, drops one-child nodes and puts the
// children of an AND rarest first, so that checks fail early.
func (r *req) simplify() *req {
	if r.op == opAll {
		var flat []*req
		for _, k := range r.kids {
			if k.op == opAll {
				flat = append(flat, k.kids...)
			} else {
				flat = append(flat, k)
			}
		}
		r.kids = flat
		slices.SortStableFunc(r.kids, func(a, b *req) int { return cmp.Compare(a.cost, b.cost) })
		r.cost = r.kids[0].cost
	}
	if r.op != opAny && len(r.kids) == 1 {
		return r.kids[0]
	}
	return r
}

// appendCheck appends the check of n to code: its length, then its
// program.
func appendCheck(code []uint32, n *node) []uint32 {
	at := len(code)
	code = appendProg(append(code, 0), require(n))
	if len(code)-at-1 > maxProgWords {
		code = code[:at+1] // no check rather than a wrong one
	}
	code[at] = uint32(len(code) - at - 1)
	return code
}

// appendProg appends the program of r to code.
func appendProg(code []uint32, r *req) []uint32 {
	if r == nil {
		return code
	}
	at := len(code)
	code = append(code, 0)
	if r.op == opAny {
		code = append(code, r.atoms...)
	} else {
		for _, k := range r.kids {
			code = appendProg(code, k)
		}
	}
	code[at] = uint32(r.op)<<opShift | uint32(min(len(code)-at-1, maxProgWords))
	return code
}

// noGuard is the guard of a check without one.
const noGuard = -1

// guard returns the atom that the check at prog needs first, when it
// needs one atom (a word in some fields) before anything else, or
// noGuard. Candidates keep it beside them: most fail on it without
// reading their check.
func guard(code []uint32, prog int32) int32 {
	if code[prog] == 0 {
		return noGuard
	}
	p := int(prog) + 1
	if code[p]>>opShift == opAll {
		p++
	}
	if h := code[p]; h>>opShift == opAny && h&maxProgWords == 1 && code[p+1] <= 1<<31-1 {
		return int32(code[p+1])
	}
	return noGuard
}

// passes reports whether the current document passes the check at prog.
func (st *state) passes(code []uint32, prog int32) bool {
	p := int(prog) + 1
	return st.check(code, p, p+int(code[prog]))
}

// check reports whether the current document passes the check program
// code[p:end].
func (st *state) check(code []uint32, p, end int) bool {
	if p >= end {
		return true
	}
	h := code[p]
	stop := p + 1 + int(h&maxProgWords)
	switch h >> opShift {
	case opAny:
		return st.any(code[p+1 : stop])
	case opAll:
		for q := p + 1; q < stop; {
			k := code[q]
			next := q + 1 + int(k&maxProgWords)
			if k>>opShift == opAny {
				if !st.any(code[q+1 : next]) {
					return false
				}
			} else if !st.check(code, q, stop) {
				return false
			}
			q = next
		}
		return true
	}
	for q := p + 1; q < stop; q += 1 + int(code[q]&maxProgWords) {
		if st.check(code, q, stop) {
			return true
		}
	}
	return false
}

// any reports whether one of atoms occurs in its fields.
func (st *state) any(atoms []uint32) bool {
	for _, a := range atoms {
		if st.fields[a>>8]&uint8(a) != 0 {
			return true
		}
	}
	return false
}
