package rules

import (
	"cmp"
	"slices"
)

// wordCost estimates how common a word is in news text: lower is rarer.
func wordCost(w word) float64 {
	c := 8.0 / float64(len(w.key)+1)
	switch {
	case stopwords[w.key]:
		c = 100
	case commonWords[w.key]:
		c = 10
	}
	if w.kind == wordPrefix {
		c *= 4
	}
	return c
}

// atom is a query word that must occur in one of fields.
type atom struct {
	id     int32
	fields uint8
}

// clause is a set of atoms of which at least one occurs in every document
// a query matches: atoms[lo:hi] of its clauseSet. An empty clause can
// never be satisfied (an empty list). Cost estimates how likely a story
// is to satisfy it.
type clause struct {
	lo, hi int32
	cost   float64
}

// clauseSet collects the clauses of queries.
type clauseSet struct {
	atoms   []atom
	clauses []clause
}

// conjuncts appends to cs clauses that every document n matches
// satisfies: one per word of a phrase, one for a list (the cheapest word
// of each entry), the kids' for AND and NEAR, and for an OR one clause
// made of the cheapest clause of each kid and, when a kid has more than
// one, a second made of the second cheapest of each (or the only one):
// a document that matches the OR matches a kid, so it satisfies both.
// The second lets the index post an OR of phrases under two keys. It
// reports whether it appended any; NOT appends none, and so does an OR
// with a kid that has none.
func (cs *clauseSet) conjuncts(n *node) bool {
	switch n.kind {
	case nodeText:
		for _, w := range n.words {
			cs.open()
			cs.add(atom{w.id, n.fields}, wordCost(w))
		}
		return true
	case nodeList:
		cs.open()
		for _, e := range n.list.entries {
			w := cheapest(e.words)
			cs.add(atom{w.id, n.fields}, wordCost(w))
		}
		return true
	case nodeAnd, nodeNear:
		any := false
		for _, kid := range n.kids {
			any = cs.conjuncts(kid) || any
		}
		return any
	case nodeOr:
		mark, amark := len(cs.clauses), len(cs.atoms)
		var first, second []atom
		cost, cost2 := 0.0, 0.0
		two := false
		for _, kid := range n.kids {
			lo := len(cs.clauses)
			if !cs.conjuncts(kid) {
				cs.clauses, cs.atoms = cs.clauses[:mark], cs.atoms[:amark]
				return false
			}
			kc := cs.clauses[lo:]
			slices.SortStableFunc(kc, func(a, b clause) int { return cmp.Compare(a.cost, b.cost) })
			b, b2 := kc[0], kc[0]
			if len(kc) > 1 {
				b2, two = kc[1], true
			}
			first = append(first, cs.atoms[b.lo:b.hi]...)
			second = append(second, cs.atoms[b2.lo:b2.hi]...)
			cost += b.cost
			cost2 += b2.cost
		}
		cs.clauses, cs.atoms = cs.clauses[:mark], cs.atoms[:amark]
		cs.merged(first, cost)
		if two {
			cs.merged(second, cost2)
		}
		return true
	}
	return false
}

// merged appends a clause of atoms with the given cost.
func (cs *clauseSet) merged(atoms []atom, cost float64) {
	cs.open()
	for _, a := range atoms {
		cs.add(a, 0)
	}
	cs.clauses[len(cs.clauses)-1].cost = cost
}

func cheapest(ws []word) word {
	best := ws[0]
	for _, w := range ws[1:] {
		if wordCost(w) < wordCost(best) {
			best = w
		}
	}
	return best
}

// open starts a new, empty clause.
func (cs *clauseSet) open() {
	n := int32(len(cs.atoms))
	cs.clauses = append(cs.clauses, clause{lo: n, hi: n})
}

// add adds a to the last clause; an atom of a word already there widens
// its fields instead.
func (cs *clauseSet) add(a atom, cost float64) {
	c := &cs.clauses[len(cs.clauses)-1]
	for i := c.lo; i < c.hi; i++ {
		if cs.atoms[i].id == a.id {
			cs.atoms[i].fields |= a.fields
			return
		}
	}
	cs.atoms = append(cs.atoms, a)
	c.hi++
	c.cost += cost
}

// query is one query of a rule (its own or its prefilter) and the offset
// of its check (see check.go) in Set.prog.
type query struct {
	root *node
	prog int32
}

// postings maps each query word to the rules that have it in a key
// clause: the entries of word id are flat[off[id]:off[id+1]], each with
// its candidate's check and guard at the same index of aux. flat is read
// for every query word a story has, aux only for a new candidate.
type postings struct {
	post   [][]indexEntry // word id -> entries, while indexing; nil after pack
	off    []uint32       // word id -> its entries
	flat   []posting
	aux    []candidate
	always []candidate // queries without a key clause (NOT only): always candidates
}

// posting is one rule that has a word in a key clause.
type posting struct {
	rule int32
	keys uint8 // the rule's key clauses the word is in: 1 the first, 2 the second, 3 both
	need uint8 // the key clauses the rule has: 1, or 3 when it has two
}

// candidate is a rule that may match the story, with the offset of its
// query's check in Set.prog and its guard (see guard).
type candidate struct {
	rule, check, guard int32
}

// indexEntry is a posting and its candidate while indexing.
type indexEntry struct {
	posting
	cand candidate
}

// pack moves the entries into flat and aux, so that a word's are found
// by one read of off and its scan reads 8 bytes an entry, and drops post.
func (p *postings) pack() {
	p.off = make([]uint32, 1, len(p.post)+1)
	for _, l := range p.post {
		for _, e := range l {
			p.flat = append(p.flat, e.posting)
			p.aux = append(p.aux, e.cand)
		}
		p.off = append(p.off, uint32(len(p.flat)))
	}
	p.post = nil
}

// maxWords is how many distinct query words a check program can name.
const maxWords = 1 << 24

// checkCost is the cost of checking a candidate's clauses in units of
// visiting one posting. A second key clause is worth posting when the
// visits it costs (its cost, an estimate of how often its words occur)
// are fewer than the checks it saves (the first key's cost, times this).
// A check reads the candidate's program, which is rarely in the CPU's
// caches, while postings are read in a row: at 10,000 rules 16 was
// faster than 4 and 8 (BenchmarkMatch).
const checkCost = 16

// index builds the posting lists and checks of s from its rules: each
// query is posted under its rarest clause, the key, and also under its
// second rarest when that is likely to pay (see checkCost), as the
// multipass presearcher of Lucene's Monitor does: a rule is a candidate
// only when a document has a word of each key. Its check is then run
// before it is evaluated.
func (s *Set) index() {
	s.main.post = make([][]indexEntry, len(s.dict.words))
	s.pre.post = make([][]indexEntry, len(s.dict.words))
	s.allPre = len(s.rules) > 0
	for i := range s.rules {
		r := &s.rules[i]
		s.indexQuery(&s.main, &r.q, int32(i))
		if r.p.root == nil {
			s.allPre = false
			continue
		}
		s.indexQuery(&s.pre, &r.p, int32(i))
	}
	s.main.pack()
	s.pre.pack()
}

func (s *Set) indexQuery(p *postings, q *query, r int32) {
	var cs clauseSet
	cs.conjuncts(q.root)
	q.prog = int32(len(s.prog))
	s.prog = appendCheck(s.prog, q.root)
	if len(cs.clauses) == 0 {
		p.always = append(p.always, candidate{r, q.prog, noGuard})
		return
	}
	slices.SortStableFunc(cs.clauses, func(a, b clause) int { return cmp.Compare(a.cost, b.cost) })
	keys := cs.clauses[:1]
	if len(cs.clauses) > 1 && cs.clauses[0].cost*checkCost > cs.clauses[0].cost+cs.clauses[1].cost {
		keys = cs.clauses[:2]
	}
	need := uint8(1)
	if len(keys) == 2 {
		need = 3
	}
	for k, c := range keys {
		for _, a := range cs.atoms[c.lo:c.hi] {
			l := p.post[a.id]
			if len(l) > 0 && l[len(l)-1].rule == r {
				l[len(l)-1].keys |= 1 << k // the word is in both keys
				continue
			}
			p.post[a.id] = append(l, indexEntry{posting{r, 1 << k, need}, candidate{r, q.prog, guard(s.prog, q.prog)}})
		}
	}
}

// stopwords are the commonest words of English news text; the index
// avoids them when a rarer word will do. Words of this list cost more
// than any other word, and longer words cost less than shorter ones.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range splitWords(`the of and to a in that is for it on was with he as
		at by his be from are this have an but not or its they we had has which
		their were been said would who will one you more all about there new
		also up out than other after so can into year years i s t when what
		could her she some them if no two first people last our over just time
		only most us may like these do before many three million now state any
		him because against percent says told how between where while
		again ago ahead already although among announced another around asked
		away back based became become being best better big billion both bring
		business called came case center centre change children city come
		company companies country course court day days did does done down
		during early end even every expected family far few four five found
		free full get give given going good government group growth half hand
		help high home however house including increase information instead
		issue it's keep killed known large later law lead least left less life
		likely line little local long look lost lot made make making man market
		means meeting men might money month months much must national need
		never next night number off office officials old once open own part
		past per place plan plans point police political power president
		public put rate really report reported right rose said saying second
		see seen service set several should show side since six small so
		someone something still such support system take taken team ten than
		think though third those thought through today together top toward
		under united until use used very want war water way week weeks well
		went whether white whole why win without woman women work working
		world yet young`) {
		m[w] = true
	}
	return m
}()
