package rules

import "fmt"

// MaxRuleCost is the largest cost a query (or prefilter) may have: how
// many positions its evaluation may read for each word of a story, at
// most. With at most MaxFieldWords words a field, it bounds the time a
// rule takes on any story, however hostile.
//
// Evaluating a word or phrase reads the positions of each of its words
// once; an @list, those of every word of its entries. A NEAR reads the
// spans of its two sides and writes one for each of its left side's,
// which a NEAR around it reads in turn: in a chain of n NEARs the first
// term's positions are read n times. One word of a story matches at most
// one exact word and one stem of a query, and the wildcards that are
// prefixes of it (bank* and ba* of banks). The cost is the most reads
// that one word of a story can cause, over every word it could be. The
// shipped rule costs about 290 (facebook is the costliest word: @meta is named
// six times); a chain of n NEARs over one wildcard costs 4n+1, so chains
// of up to 124 NEARs pass (over distinct words, 2n+1: up to 249).
const MaxRuleCost = 500

// tally counts, by query word id, how many times evaluation reads the
// positions of a word (or handles a span that starts at one).
type tally map[int32]int

// add adds k times the counts of u to t.
func (t tally) add(u tally, k int) {
	for id, n := range u {
		t[id] += k * n
	}
}

// costs is what evaluating one clause reads, and the words whose
// positions start the spans it yields.
type costs struct {
	reads, spans tally
}

// costOf returns the costs of clause n, and records in words the query
// words it names.
func costOf(n *node, words map[int32]word) costs {
	c := costs{tally{}, tally{}}
	switch n.kind {
	case nodeText:
		for _, w := range n.words {
			words[w.id] = w
			c.reads[w.id]++
		}
		c.spans[n.words[0].id]++
	case nodeList:
		for _, e := range n.list.entries {
			for _, w := range e.words {
				words[w.id] = w
				c.reads[w.id]++
			}
			c.spans[e.words[0].id]++
		}
	case nodeNear:
		l, r := costOf(n.kids[0], words), costOf(n.kids[1], words)
		c.reads.add(l.reads, 1)
		c.reads.add(r.reads, 1)
		// Each span of either side is read to pair it, and the left
		// side's once more to write the pair's.
		c.reads.add(l.spans, 2)
		c.reads.add(r.spans, 1)
		c.spans = l.spans
	default:
		for _, k := range n.kids {
			kc := costOf(k, words)
			c.reads.add(kc.reads, 1)
			c.spans.add(kc.spans, 1)
		}
	}
	if n.count != 0 {
		c.reads.add(c.spans, 1) // counting reads the spans
	}
	return c
}

// costBound is costOf summed over the words, a bound of the cost that
// needs no maps: the reads and the spans of clause n for a word of a
// story that would match every word of the query.
func costBound(n *node) (reads, spans int) {
	switch n.kind {
	case nodeText:
		reads, spans = len(n.words), 1
	case nodeList:
		for _, e := range n.list.entries {
			reads += len(e.words)
		}
		spans = len(n.list.entries)
	case nodeNear:
		lr, ls := costBound(n.kids[0])
		rr, rs := costBound(n.kids[1])
		reads, spans = lr+rr+2*ls+rs, ls
	default:
		for _, k := range n.kids {
			kr, ks := costBound(k)
			reads, spans = reads+kr, spans+ks
		}
	}
	if n.count != 0 {
		reads += spans
	}
	return reads, spans
}

// cost returns the cost of clause n (see MaxRuleCost): the most reads
// one word of a story can cause, whichever word it is. The words that
// matter are the query's own: an exact word, or a wildcard's prefix (a
// longer word matches no more wildcards, unless one of them is a prefix
// of it); a word's stem adds the most reads of any stem.
func cost(n *node) int {
	c, _ := costWord(n)
	return c
}

// costWord returns the cost of clause n and a word of a story that
// causes it.
func costWord(n *node) (int, string) {
	words := map[int32]word{}
	reads := costOf(n, words).reads
	exact, prefix := map[string]int{}, map[string]int{}
	stems, stem := 0, ""
	for id, k := range reads {
		switch w := words[id]; w.kind {
		case wordExact:
			exact[w.key] += k
		case wordPrefix:
			prefix[w.key] += k
		case wordStem:
			if k > stems || k == stems && w.key < stem {
				stems, stem = k, w.key
			}
		}
	}
	most, worst := 0, ""
	try := func(c string) {
		sum := exact[c]
		for l := 1; l <= len(c); l++ {
			sum += prefix[c[:l]]
		}
		if sum > most || sum == most && c < worst {
			most, worst = sum, c
		}
	}
	for c := range exact {
		try(c)
	}
	for c := range prefix {
		try(c)
	}
	if worst == "" {
		worst = stem // a query of stems only
	}
	return most + stems, worst
}

// checkBudget returns an error naming the costliest clause of the query
// root of rule name, q its text, when the query costs more than
// MaxRuleCost.
func (c *compiler) checkBudget(name, q string, root *node) error {
	if c.unbudgeted {
		return nil
	}
	if reads, _ := costBound(root); reads <= MaxRuleCost {
		return nil // most rules: no need to count by word
	}
	if cost(root) <= MaxRuleCost {
		return nil
	}
	// Name the clause to split: go down the ANDs and ORs to the
	// costliest part while that part alone is over the limit.
	n := root
	for n.kind == nodeAnd || n.kind == nodeOr || n.kind == nodeNot {
		var top *node
		topCost := 0
		for _, k := range n.kids {
			if kc := cost(k); kc > topCost {
				top, topCost = k, kc
			}
		}
		if topCost <= MaxRuleCost {
			break
		}
		n = top
	}
	nc, worst := costWord(n)
	what := fmt.Sprintf("the clause %q", shorten(n.src, 60))
	if n == root {
		what = "the query"
	}
	return &Error{Rule: name, Pos: column(q, n.pos), Msg: fmt.Sprintf(
		"%s may read %d positions for each word of a story (one made of the word %q), more than the limit of %d: split it into several rules, or use fewer NEARs, wildcards and list entries that can match one word",
		what, nc, worst, MaxRuleCost)}
}

// shorten cuts s to about n characters, marking the cut with "…".
func shorten(s string, n int) string {
	s = oneLine(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n/2]) + " … " + string(r[len(r)-n/2:])
}
