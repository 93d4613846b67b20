package rules

import "encoding/binary"

// This file holds the term dictionary and the stored-query index: for each
// rule a set of terms of which at least one must occur in a document for
// the rule to match, so that only rules with such a term are evaluated.

// hashWord hashes a folded word eight bytes at a time. When b has
// capacity past its end (as words in the tokenizer's buffer do) the last
// bytes are read in one load and masked.
func hashWord(b []byte) uint32 {
	h := uint64(len(b)) * 0x9E3779B97F4A7C15
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0xff51afd7ed558ccd
		h ^= h >> 29
		b = b[8:]
	}
	if n := len(b); n > 0 {
		var last uint64
		if cap(b) >= 8 {
			last = binary.LittleEndian.Uint64(b[:8]) & (1<<(8*n) - 1)
		} else {
			for i, c := range b {
				last |= uint64(c) << (8 * i)
			}
		}
		h = (h ^ last) * 0xc4ceb9fe1a85ec53
	}
	h ^= h >> 32
	return uint32(h)
}

// filterBits is the size of the filter in front of the exact-word table;
// it fits in a core's L2 cache.
const filterBits = 1 << 19

func filterIndex(h uint32) uint32 { return h >> (32 - 19) }

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
	stemShort  []uint64 // bits of the first two bytes of stems of 1-2 bytes
	stemTri    []uint64 // bits of the hashed first three bytes of longer stems
	filter     []uint64 // filterBits bits: set where an exact word may be
}

// maxPrefixBytes is the longest wildcard word; longer ones are compared
// as whole words.
const maxPrefixBytes = 63

func (c *compiler) buildDict() dict {
	d := dict{words: c.words, filter: make([]uint64, filterBits/64)}
	var n [3]int
	for _, w := range c.words {
		n[w.kind]++
	}
	d.exact, d.prefix, d.stem = newTable(n[wordExact]), newTable(n[wordPrefix]), newTable(n[wordStem])
	for _, w := range c.words {
		h := hashWord([]byte(w.key))
		switch w.kind {
		case wordExact:
			d.exact.insert(h, w.id)
			k := filterIndex(h)
			d.filter[k/64] |= 1 << (k % 64)
		case wordPrefix:
			d.prefix.insert(h, w.id)
			d.prefixLens |= 1 << len(w.key)
		case wordStem:
			if d.stemTri == nil {
				d.stemShort, d.stemTri = make([]uint64, 1<<16/64), make([]uint64, 1<<16/64)
				for from := range stemExceptions {
					d.addStemKey(from)
				}
			}
			d.addStemKey(w.key)
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

// tri hashes the first three bytes of w to 16 bits.
func tri(w []byte) int {
	return int((uint32(w[0])<<16 | uint32(w[1])<<8 | uint32(w[2])) * 0x9E3779B1 >> 16)
}

func setBit(bits []uint64, k int)      { bits[k/64] |= 1 << (k % 64) }
func hasBit(bits []uint64, k int) bool { return bits[k/64]&(1<<(k%64)) != 0 }

// addStemKey notes a stem (or an exception's source word) so that the
// lookup stems only the document words that can stem to it. Porter2 keeps
// the first three letters of a word, except that y may become i.
func (d *dict) addStemKey(s string) {
	w := []byte(s)
	if len(w) <= 2 {
		setBit(d.stemShort, first2(w))
		return
	}
	setBit(d.stemTri, tri(w))
	if w[2] == 'i' {
		setBit(d.stemTri, tri([]byte{w[0], w[1], 'y'}))
	}
}

// mayStem reports whether the document word w can stem to a stem of d.
func (d *dict) mayStem(w []byte) bool {
	return len(w) >= 3 && hasBit(d.stemTri, tri(w)) || hasBit(d.stemShort, first2(w))
}

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
