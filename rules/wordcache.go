package rules

import "encoding/binary"

// wordCache holds the query words that document words match, for every
// distinct word a state has looked up, across documents: a word of a
// story is looked up in the dictionary (and stemmed) only the first time
// the state meets it, until the cache fills up and starts over. The
// query words of a word depend only on the word and the Set, so the
// cache never goes stale; each state (one per goroutine) has its own.
//
// Words of at most eight bytes are keyed by their bytes themselves, read
// as one integer (folded words hold no zero byte, so the key is exact and
// never zero): they are found without hashing or comparing bytes; so are
// words of 9 to 16 bytes, keyed by two integers (see midSlot). Longer
// words are keyed by their hash and compared.
type wordCache struct {
	short  []shortSlot // open addressing, at most a quarter full (fewer probes); key 0 is empty
	mid    []midSlot   // open addressing, k1 0 is empty
	long   []uint64    // open addressing, hash<<32 | entry+1; 0 is empty
	ents   []longEntry
	bytes  []byte  // the long words, back to back
	ids    []int32 // the query words of every word, by lo, hi
	nShort int
	nMid   int
	one    [1]int32 // the query word of a short slot that holds one
	buf    []byte   // a stem
	resets int      // how many times reset has emptied the cache
}

// shortSlot is a word of at most eight bytes and its query words:
// ids[lo:hi], or when hi is -1 the one query word lo (most words that
// match any have one), found without reading ids.
type shortSlot struct {
	key    uint64
	lo, hi int32
}

// longEntry is a longer word, bytes[off:off+n], and its query words.
type longEntry struct {
	off, n uint32
	lo, hi int32
}

// Limits of a wordCache: past maxCacheWords words of either kind or
// maxCacheBytes bytes of long words it is emptied.
const (
	minCacheSlots = 1 << 10
	maxCacheWords = 1 << 15
	maxCacheBytes = 1 << 20
)

// reset empties c.
func (c *wordCache) reset() {
	if len(c.short) == 0 {
		c.short, c.long = make([]shortSlot, minCacheSlots), make([]uint64, minCacheSlots)
		c.mid = make([]midSlot, minCacheSlots)
	}
	clear(c.short)
	clear(c.mid)
	clear(c.long)
	c.ents, c.bytes, c.ids, c.nShort, c.nMid = c.ents[:0], c.bytes[:0], c.ids[:0], 0, 0
	c.resets++
}

// shortKey is the bytes of w (1 to 8 of them) as a little-endian integer.
func shortKey(w []byte) uint64 {
	if cap(w) >= 8 {
		return binary.LittleEndian.Uint64(w[:8]) & (^uint64(0) >> (64 - 8*len(w)))
	}
	var k uint64
	for i, c := range w {
		k |= uint64(c) << (8 * i)
	}
	return k
}

// shortHome is the first slot probed for key in a short table with mask.
func shortHome(key, mask uint64) uint64 { return key * 0x9E3779B97F4A7C15 >> 40 & mask }

// get returns the query words of the folded word w, looking it up in d
// the first time.
func (c *wordCache) get(d *dict, w []byte) []int32 {
	if len(c.short) == 0 {
		c.reset()
	}
	if n := len(w); n == 0 || n > 16 {
		return c.getLong(d, w, hashWord(w))
	} else if n > 8 {
		return c.getMid(d, w)
	}
	key := shortKey(w)
	mask := uint64(len(c.short) - 1)
	j := shortHome(key, mask)
	for ; c.short[j].key != 0; j = (j + 1) & mask {
		if s := &c.short[j]; s.key == key {
			return c.slotIDs(s)
		}
	}
	if c.full(len(w)) || 4*(c.nShort+1) > len(c.short) {
		c.grow(len(w))
		return c.get(d, w)
	}
	s := shortSlot{key: key, lo: int32(len(c.ids))}
	c.ids = d.find(c.ids, w, hashWord(w), &c.buf)
	s.hi = int32(len(c.ids))
	if s.hi == s.lo+1 {
		s.lo, s.hi = c.ids[s.lo], -1
		c.ids = c.ids[:len(c.ids)-1]
	}
	c.short[j] = s
	c.nShort++
	return c.slotIDs(&c.short[j])
}

// slotIDs returns the query words of s, valid until the next call.
func (c *wordCache) slotIDs(s *shortSlot) []int32 {
	if s.hi < 0 {
		c.one[0] = s.lo
		return c.one[:]
	}
	return c.ids[s.lo:s.hi]
}

func (c *wordCache) getLong(d *dict, w []byte, h uint32) []int32 {
	mask := uint32(len(c.long) - 1)
	j := h & mask
	for ; c.long[j] != 0; j = (j + 1) & mask {
		if s := c.long[j]; uint32(s>>32) == h {
			e := &c.ents[uint32(s)-1]
			if string(c.bytes[e.off:e.off+e.n]) == string(w) {
				return c.ids[e.lo:e.hi]
			}
		}
	}
	if c.full(len(w)) || 2*(len(c.ents)+1) > len(c.long) {
		c.grow(len(w))
		return c.getLong(d, w, h)
	}
	e := longEntry{off: uint32(len(c.bytes)), n: uint32(len(w)), lo: int32(len(c.ids))}
	c.bytes = append(c.bytes, w...)
	c.ids = d.find(c.ids, w, h, &c.buf)
	e.hi = int32(len(c.ids))
	c.long[j] = uint64(h)<<32 | uint64(len(c.ents)+1)
	c.ents = append(c.ents, e)
	return c.ids[e.lo:e.hi]
}

// full reports whether c has no room for a word of n bytes.
func (c *wordCache) full(n int) bool {
	return c.nShort+c.nMid+len(c.ents) >= maxCacheWords || len(c.bytes)+n > maxCacheBytes
}

// grow empties c when it has no room for a word of n bytes, or else
// doubles the tables that are full: a quarter full for short, half for
// the others.
func (c *wordCache) grow(n int) {
	if c.full(n) {
		c.reset()
		return
	}
	if 4*(c.nShort+1) > len(c.short) {
		old := c.short
		c.short = make([]shortSlot, 2*len(old))
		mask := uint64(len(c.short) - 1)
		for _, s := range old {
			if s.key != 0 {
				j := shortHome(s.key, mask)
				for c.short[j].key != 0 {
					j = (j + 1) & mask
				}
				c.short[j] = s
			}
		}
	}
	c.growMid()
	if 2*(len(c.ents)+1) > len(c.long) {
		old := c.long
		c.long = make([]uint64, 2*len(old))
		mask := uint32(len(c.long) - 1)
		for _, s := range old {
			if s != 0 {
				j := uint32(s>>32) & mask
				for c.long[j] != 0 {
					j = (j + 1) & mask
				}
				c.long[j] = s
			}
		}
	}
}

// resolved is a word of a field that resolve kept: its position and its
// query words as in a cache slot (lo, and hi -1 for the one query word
// lo), or hi unresolved when it is not in the cache (or is longer than
// sixteen bytes).
type resolved struct {
	lo, hi, pos int32
}

// unresolved is the hi of a word that resolve left to lookup.
const unresolved = -2

// resolve looks up in the short and the mid table every word of toks
// that has at most sixteen bytes, and writes to the front of res those
// that have query words or are not in the tables, in order. It returns
// how many it wrote. Every word must have eight readable bytes after it
// in fold (resolveField makes sure), and res must be as long as toks.
func (c *wordCache) resolve(fold []byte, toks []token, res []resolved) int {
	short, mid := c.short, c.mid
	smask, mmask := uint64(len(short)-1), uint64(len(mid)-1)
	res = res[:len(toks)]
	n := 0
	for i, tk := range toks {
		r := resolved{0, unresolved, int32(i)}
		if m := int(tk.fe - tk.fs); m > 0 && m <= 8 {
			// shortKey and midKey without their test of the room after the word
			key := binary.LittleEndian.Uint64(fold[tk.fs:tk.fs+8]) & (^uint64(0) >> (64 - 8*m))
			for j := shortHome(key, smask); ; j = (j + 1) & smask {
				s := &short[j]
				if s.key == key {
					r.lo, r.hi = s.lo, s.hi
					break
				}
				if s.key == 0 {
					break
				}
			}
		} else if m > 8 && m <= 16 {
			k1 := binary.LittleEndian.Uint64(fold[tk.fs : tk.fs+8])
			k2 := binary.LittleEndian.Uint64(fold[tk.fs+8:tk.fs+16]) & (^uint64(0) >> (128 - 8*m))
			for j := midHome(k1, k2, mmask); ; j = (j + 1) & mmask {
				s := &mid[j]
				if s.k1 == k1 && s.k2 == k2 {
					r.lo, r.hi = s.lo, s.hi
					break
				}
				if s.k1 == 0 {
					break
				}
			}
		}
		// Keep r unless it has no query words (lo == hi), without a
		// branch: which words have some is not predictable, and the
		// branch costs 9% at 10,000 rules (BenchmarkMatch, realistic).
		res[n] = r
		x := uint32(r.lo ^ r.hi)
		n += int((x | -x) >> 31)
	}
	return n
}
