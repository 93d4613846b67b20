package rules

// This file holds the term dictionary and the stored-query index: for each
// rule a set of terms of which at least one must occur in a document for
// the rule to match, so that only rules with such a term are evaluated.

// FNV-1a, computed one byte at a time so that every prefix of a word has
// its hash on the way.
const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

func hashBytes(b []byte) uint32 {
	h := fnvOffset
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

// table is an open-addressing hash table from folded words to word ids.
// A slot is hash<<32 | id+1; 0 is empty.
type table struct {
	slots []uint64
	mask  uint32
}

func newTable(n int) table {
	size := 8
	for size < 2*n {
		size *= 2
	}
	return table{slots: make([]uint64, size), mask: uint32(size - 1)}
}

func (t *table) insert(h uint32, id int32) {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.slots[i] == 0 {
			t.slots[i] = uint64(h)<<32 | uint64(uint32(id)+1)
			return
		}
	}
}

// find returns the id of key (whose hash is h), or -1.
func (t *table) find(h uint32, key []byte, words []word) int32 {
	if len(t.slots) == 0 {
		return -1
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if uint32(s>>32) == h {
			id := int32(uint32(s)) - 1
			if words[id].key == string(key) {
				return id
			}
		}
	}
}

// dict finds the query words a document word matches.
type dict struct {
	words      []word
	exact      table
	prefix     table
	stem       table
	prefixLens uint64   // bit L: some prefix word is L bytes long
	stemFirst  []uint64 // bit set of the first two bytes of stemmed words
}

// maxPrefixBytes is the longest wildcard word; longer ones are compared
// as whole words.
const maxPrefixBytes = 63

func (c *compiler) buildDict() dict {
	d := dict{words: c.words}
	var n [3]int
	for _, w := range c.words {
		n[w.kind]++
	}
	d.exact, d.prefix, d.stem = newTable(n[wordExact]), newTable(n[wordPrefix]), newTable(n[wordStem])
	for _, w := range c.words {
		h := hashBytes([]byte(w.key))
		switch w.kind {
		case wordExact:
			d.exact.insert(h, w.id)
		case wordPrefix:
			d.prefix.insert(h, w.id)
			d.prefixLens |= 1 << len(w.key)
		case wordStem:
			if d.stemFirst == nil {
				d.stemFirst = make([]uint64, 1<<16/64)
				for from := range stemExceptions {
					setFirst(d.stemFirst, from)
				}
			}
			setFirst(d.stemFirst, w.key)
			d.stem.insert(h, w.id)
		}
	}
	return d
}

// first2 packs the first two bytes of w.
func first2(w []byte) int {
	if len(w) == 1 {
		return int(w[0]) << 8
	}
	return int(w[0])<<8 | int(w[1])
}

func setFirst(bits []uint64, w string) {
	k := first2([]byte(w))
	bits[k/64] |= 1 << (k % 64)
}

// wordCost estimates how common a word is in news text: lower is rarer.
func wordCost(w word) float64 {
	c := 8.0 / float64(len(w.key)+1)
	if stopwords[w.key] {
		c = 100
	}
	if w.kind == wordPrefix {
		c *= 4
	}
	return c
}

// required returns word ids of which at least one occurs in any document
// n matches, and their summed cost; ok is false when n can match a
// document with none of its words (NOT).
func required(n *node) (ids []int32, cost float64, ok bool) {
	switch n.kind {
	case nodeText:
		best := n.words[0]
		for _, w := range n.words[1:] {
			if wordCost(w) < wordCost(best) {
				best = w
			}
		}
		return []int32{best.id}, wordCost(best), true
	case nodeList:
		for _, e := range n.list.entries {
			best := e.words[0]
			for _, w := range e.words[1:] {
				if wordCost(w) < wordCost(best) {
					best = w
				}
			}
			ids, cost = append(ids, best.id), cost+wordCost(best)
		}
		return ids, cost, true
	case nodeOr:
		for _, k := range n.kids {
			kids, kc, kok := required(k)
			if !kok {
				return nil, 0, false
			}
			ids, cost = append(ids, kids...), cost+kc
		}
		return ids, cost, true
	case nodeAnd, nodeNear:
		for _, k := range n.kids {
			kids, kc, kok := required(k)
			if kok && (!ok || kc < cost) {
				ids, cost, ok = kids, kc, true
			}
		}
		return ids, cost, ok
	}
	return nil, 0, false
}

// index builds the posting lists of s from its rules.
func (s *Set) index() {
	s.post = make([][]int32, len(s.dict.words))
	s.prePost = make([][]int32, len(s.dict.words))
	s.allPre = len(s.rules) > 0
	for i, r := range s.rules {
		add(s.post, &s.always, r.root, int32(i))
		if r.pre == nil {
			s.allPre = false
			continue
		}
		s.hasPre = true
		add(s.prePost, &s.preAlways, r.pre, int32(i))
	}
}

func add(post [][]int32, always *[]int32, root *node, r int32) {
	ids, _, ok := required(root)
	if !ok {
		*always = append(*always, r)
		return
	}
	for _, id := range ids {
		if p := post[id]; len(p) == 0 || p[len(p)-1] != r {
			post[id] = append(p, r)
		}
	}
}

// stopwords are the commonest words of English news text; the index
// avoids them when a rarer word will do.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range splitWords(`the of and to a in that is for it on was with he as
		at by his be from are this have an but not or its they we had has which
		their were been said would who will one you more all about there new
		also up out than other after so can into year years i s t when what
		could her she some them if no two first people last our over just time
		only most us may like these do before many three million now state any
		him because against percent says told may no how between where while`) {
		m[w] = true
	}
	return m
}()
