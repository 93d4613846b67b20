package rules

import "encoding/binary"

// midSlot is a word of 9 to 16 bytes and its query words, ids[lo:hi]:
// its first eight bytes as one integer, k1, and the rest, k2, read as
// shortKey reads a short word, so that the key is exact (folded words
// hold no zero byte) and k1 is never zero.
type midSlot struct {
	k1, k2 uint64
	lo, hi int32
}

// midKey is the key of w, a word of 9 to 16 bytes, and its slot in a
// table with mask.
func midKey(w []byte, mask uint64) (k1, k2, j uint64) {
	k1, k2 = binary.LittleEndian.Uint64(w[:8]), shortKey(w[8:])
	return k1, k2, midHome(k1, k2, mask)
}

// midHome is the first slot probed for the key k1, k2 in a mid table
// with mask.
func midHome(k1, k2, mask uint64) uint64 {
	return (k1 ^ k2*0xC2B2AE3D27D4EB4F) * 0x9E3779B97F4A7C15 >> 40 & mask
}

// getMid returns the query words of the folded word w, of 9 to 16 bytes,
// looking it up in d the first time: one probe of a table keyed by its
// bytes, with no hashing loop and no byte comparison.
func (c *wordCache) getMid(d *dict, w []byte) []int32 {
	if len(c.mid) == 0 {
		c.reset()
	}
	k1, k2, j := midKey(w, uint64(len(c.mid)-1))
	for ; c.mid[j].k1 != 0; j = (j + 1) & uint64(len(c.mid)-1) {
		if s := &c.mid[j]; s.k1 == k1 && s.k2 == k2 {
			return c.ids[s.lo:s.hi]
		}
	}
	if c.full(len(w)) || 2*(c.nMid+1) > len(c.mid) {
		c.grow(len(w))
		return c.getMid(d, w)
	}
	s := midSlot{k1: k1, k2: k2, lo: int32(len(c.ids))}
	c.ids = d.find(c.ids, w, hashWord(w), &c.buf)
	s.hi = int32(len(c.ids))
	c.mid[j] = s
	c.nMid++
	return c.ids[s.lo:s.hi]
}

// growMid doubles c.mid when it is half full.
func (c *wordCache) growMid() {
	if 2*(c.nMid+1) <= len(c.mid) {
		return
	}
	old := c.mid
	c.mid = make([]midSlot, 2*len(old))
	mask := uint64(len(c.mid) - 1)
	for _, s := range old {
		if s.k1 != 0 {
			j := midHome(s.k1, s.k2, mask)
			for c.mid[j].k1 != 0 {
				j = (j + 1) & mask
			}
			c.mid[j] = s
		}
	}
}
