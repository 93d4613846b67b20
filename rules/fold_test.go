package rules

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// slowFold is appendFold without its tables and fast paths: the class of
// r, and r lower-cased (or its special fold) when it is part of a word.
func slowFold(dst []byte, r rune) ([]byte, uint8) {
	c := classifySlow(r)
	if c == classWord || c == classIdeo {
		if s, ok := foldSpecial[r]; ok {
			return append(dst, s...), c
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst, c
}

// TestAppendFoldFastPaths checks that the runes appendFold folds from a
// table or a fast path outside the letter blocks (general punctuation,
// super- and subscripts, currency, Hangul syllables) fold as the slow
// path folds them.
func TestAppendFoldFastPaths(t *testing.T) {
	for _, rg := range [][2]rune{{0x2000, 0x2100}, {hangulFirst, hangulLast + 1}} {
		for r := rg[0]; r < rg[1]; r++ {
			got, gc := appendFold(nil, r)
			want, wc := slowFold(nil, r)
			if string(got) != string(want) || gc != wc {
				t.Errorf("appendFold(%U) = %q class %d, want %q class %d", r, got, gc, want, wc)
			}
		}
	}
}
