package rules

import (
	"encoding/binary"
	"math/bits"
)

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

// keyArena holds the words of a dictionary back to back: word id's is
// bytes[offs[id]:offs[id+1]].
type keyArena struct {
	bytes []byte
	offs  []uint32
}

// find returns the id of key (whose hash is h), or -1.
func (t *table) find(h uint32, key []byte, k *keyArena) int32 {
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
			if string(k.bytes[k.offs[id]:k.offs[id+1]]) == string(key) {
				return id
			}
		}
	}
}

// dict finds the query words a document word matches.
type dict struct {
	words      []word // by id
	keys       keyArena
	exact      table
	prefix     table
	stem       table
	prefixLens uint64           // bit L: some prefix word is L bytes long
	prefixOne  [256 / 64]uint64 // first bytes of prefix words of 1 byte
	prefixTwo  []uint64         // first two bytes of longer prefix words
	stems      *stemFilter
	forms      formTable // words known to stem to a stem word
	filter     []uint64  // filterBits bits: set where an exact or prefix word may be
}

// maxPrefixBytes is the longest wildcard word; longer ones are compared
// as whole words.
const maxPrefixBytes = 63

func (c *compiler) buildDict() dict {
	d := dict{words: c.words, filter: make([]uint64, filterBits/64)}
	d.keys.offs = make([]uint32, 1, len(c.words)+1)
	for _, w := range c.words {
		d.keys.bytes = append(d.keys.bytes, w.key...)
		d.keys.offs = append(d.keys.offs, uint32(len(d.keys.bytes)))
	}
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
			if len(w.key) == 1 {
				d.prefixOne[w.key[0]/64] |= 1 << (w.key[0] % 64)
			} else {
				if d.prefixTwo == nil {
					d.prefixTwo = make([]uint64, 1<<16/64)
				}
				setBit(d.prefixTwo, int(w.key[0])<<8|int(w.key[1]))
			}
			k := filterIndex(h)
			d.filter[k/64] |= 1 << (k % 64)
		case wordStem:
			if d.stems == nil {
				d.stems = newStemFilter()
			}
			d.stems.add(w.key)
			d.stem.insert(h, w.id)
		}
	}
	if d.stems != nil {
		d.forms = stemForms(c.stemSources, &d)
	}
	return d
}

// formSuffixes are endings added to the stemmed words of the rules to
// find words of stories that stem like them, without stemming them.
var formSuffixes = []string{"", "s", "es", "ed", "d", "ing", "er", "ers", "ly", "ment", "ments",
	"ion", "ions", "ation", "ations", "al", "ally", "ity", "ness", "ize", "ized", "izes", "izing"}

// formTable holds words with the ids of the stem words they stem to.
type formTable struct {
	table table
	keys  keyArena
	ids   []int32
}

// stemForms returns words and their stem ids: the stemmed words as
// written, and those with the endings of formSuffixes, that stem to a
// stem word of d. A story word found here need not be stemmed.
func stemForms(sources map[string]bool, d *dict) formTable {
	forms := map[string]int32{}
	try := func(f string) {
		if _, ok := forms[f]; ok {
			return
		}
		s := stemString(f)
		if id := d.stem.find(hashWord(s), s, &d.keys); id >= 0 {
			forms[f] = id
		}
	}
	for src := range sources {
		for _, suf := range formSuffixes {
			try(src + suf)
		}
		if n := len(src); n > 2 {
			try(src[:n-1] + "ies")
			try(src[:n-1] + "ied")
			try(src + src[n-1:] + "ed")
			try(src + src[n-1:] + "ing")
			if src[n-1] == 'e' {
				try(src[:n-1] + "ing")
			}
		}
	}
	ft := formTable{table: newTable(len(forms)), keys: keyArena{offs: []uint32{0}}}
	for f, id := range forms {
		ft.keys.bytes = append(ft.keys.bytes, f...)
		ft.keys.offs = append(ft.keys.offs, uint32(len(ft.keys.bytes)))
		ft.table.insert(hashWord([]byte(f)), int32(len(ft.ids)))
		ft.ids = append(ft.ids, id)
	}
	return ft
}

// may reports whether the folded document word w (whose hash is h) can
// match a query word: a cheap test that most words of a story fail when
// the rules are few.
func (d *dict) may(w []byte, h uint32) bool {
	if k := filterIndex(h); d.filter[k/64]&(1<<(k%64)) != 0 {
		return true
	}
	if d.prefixLens != 0 && len(w) > 0 {
		if d.prefixOne[w[0]/64]&(1<<(w[0]%64)) != 0 {
			return true
		}
		if d.prefixTwo != nil && len(w) >= 2 && hasBit(d.prefixTwo, int(w[0])<<8|int(w[1])) {
			return true
		}
	}
	return d.stems != nil && d.stems.may(w)
}

// find appends to dst the ids of the query words that the folded
// document word w (whose hash is h) matches: prefix words, shortest
// first, then the exact word, then the stem.
func (d *dict) find(dst []int32, w []byte, h uint32, buf *[]byte) []int32 {
	if d.prefixLens != 0 {
		for lens := d.prefixLens & (1<<(min(len(w), maxPrefixBytes)+1) - 1); lens != 0; lens &= lens - 1 {
			l := bits.TrailingZeros64(lens)
			h := hashWord(w[:l])
			if k := filterIndex(h); d.filter[k/64]&(1<<(k%64)) == 0 {
				continue
			}
			if id := d.prefix.find(h, w[:l], &d.keys); id >= 0 {
				dst = append(dst, id)
			}
		}
	}
	if k := filterIndex(h); d.filter[k/64]&(1<<(k%64)) != 0 {
		if id := d.exact.find(h, w, &d.keys); id >= 0 {
			dst = append(dst, id)
		}
	}
	if d.stems != nil && d.stems.may(w) {
		if i := d.forms.table.find(h, w, &d.forms.keys); i >= 0 {
			return append(dst, d.forms.ids[i])
		}
		*buf = stem(*buf, w)
		if id := d.stem.find(hashWord(*buf), *buf, &d.keys); id >= 0 {
			dst = append(dst, id)
		}
	}
	return dst
}
