package rules

// stemFilter tells, from its first letters, whether a document word can
// stem to one of a set of stems, so that only those words are stemmed.
//
// It rests on two facts about the Porter2 stem s of a word w that is not
// one of stemExceptions. The stemmer only ever cuts or rewrites the end
// of a word, never its first two letters, and never writes more than two
// letters of s that differ from w, and two only by rewriting biliti as
// ble in the R1 region, which starts at the third letter or later. (Step
// 1 changes at most the last letter: an added e, or y to i. Steps 2 and 3
// rewrite a suffix in R1 that covers that letter and write at most two
// new letters; steps 4 and 5 only cut, or put back an e they cut.) So s
// and w share their first stemKeyLen(len(s)) bytes: a stem is keyed by
// them, at most four. An exception's word is keyed by its first two
// bytes. TestStemFilterSound checks the facts on every word of the test
// data and on generated words.
type stemFilter struct {
	one   [256 / 64]uint64
	two   [1 << 16 / 64]uint64
	three [1 << stemFilterBits / 64]uint64
	four  [1 << stemFilterBits / 64]uint64
}

// stemFilterBits is the size of the three- and four-letter filters.
const stemFilterBits = 17

func newStemFilter() *stemFilter {
	f := &stemFilter{}
	for from := range stemExceptions {
		f.addKey([]byte(from), 2)
	}
	return f
}

// stemKeyLen is how many leading bytes a stem of n bytes shares with
// every word (but the exceptions) that stems to it.
func stemKeyLen(n int) int {
	switch {
	case n <= 2:
		return n
	case n == 3:
		return 2
	case n <= 5:
		return 3
	}
	return 4
}

// add notes stem s.
func (f *stemFilter) add(s string) {
	if s != "" {
		f.addKey([]byte(s), stemKeyLen(len(s)))
	}
}

func (f *stemFilter) addKey(w []byte, k int) {
	switch k {
	case 1:
		f.one[w[0]/64] |= 1 << (w[0] % 64)
	case 2:
		setBit(f.two[:], int(w[0])<<8|int(w[1]))
	case 3:
		setBit(f.three[:], key3(w))
	case 4:
		setBit(f.four[:], key4(w))
	}
}

func key3(w []byte) int {
	return int((uint32(w[0])|uint32(w[1])<<8|uint32(w[2])<<16)*0x9E3779B1) >> (32 - stemFilterBits)
}

func key4(w []byte) int {
	return int((uint32(w[0])|uint32(w[1])<<8|uint32(w[2])<<16|uint32(w[3])<<24)*0x85EBCA77) >> (32 - stemFilterBits)
}

// may reports whether the folded document word w can stem to a stem
// added to f.
func (f *stemFilter) may(w []byte) bool {
	switch n := len(w); {
	case n == 0:
		return false
	case f.one[w[0]/64]&(1<<(w[0]%64)) != 0:
		return true
	case n == 1:
		return false
	case hasBit(f.two[:], int(w[0])<<8|int(w[1])):
		return true
	case n == 2:
		return false
	case hasBit(f.three[:], key3(w)):
		return true
	}
	return len(w) >= 4 && hasBit(f.four[:], key4(w))
}

func setBit(bits []uint64, k int)      { bits[k/64] |= 1 << (k % 64) }
func hasBit(bits []uint64, k int) bool { return bits[k/64]&(1<<(k%64)) != 0 }
