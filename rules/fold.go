package rules

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Character classes of the tokenizer.
const (
	classSep  uint8 = iota // ends a token
	classWord              // part of a word
	classMark              // a diacritic: dropped, does not end a token
	classIdeo              // an ideograph or kana: a token on its own
)

// foldEntry is the folded form of one rune: up to two runes (ß -> ss).
type foldEntry struct {
	class uint8
	n     uint8
	r     [2]rune
}

// foldRanges are the blocks whose folds are precomputed; other runes are
// only lower-cased.
var foldRanges = [...][2]rune{{0x80, 0x500}, {0x1E00, 0x2100}}

// foldSpecial are letters that have no canonical decomposition but that
// readers treat as a base letter plus a mark, or as a ligature.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o",
	'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
	'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d", 'ı': "i", 'ħ': "h",
	'Ħ': "h", 'ŀ': "l", 'Ŀ': "l", 'ĳ': "ij", 'Ĳ': "ij", 'ſ': "s",
	'ς': "σ", 'ŧ': "t", 'Ŧ': "t",
}

// The Hangul syllables: letters that fold to themselves.
const (
	hangulFirst = 0xAC00
	hangulLast  = 0xD7A3
)

// foldTable holds the precomputed folds of foldRanges, in order.
var foldTable = buildFoldTable()

func buildFoldTable() [][]foldEntry {
	t := make([][]foldEntry, len(foldRanges))
	for i, rg := range foldRanges {
		t[i] = make([]foldEntry, rg[1]-rg[0])
		for r := rg[0]; r < rg[1]; r++ {
			t[i][r-rg[0]] = computeFold(r)
		}
	}
	return t
}

// computeFold folds r the slow way: lower case, canonical decomposition,
// diacritics dropped.
func computeFold(r rune) foldEntry {
	e := foldEntry{class: classifySlow(r)}
	if e.class != classWord {
		return e
	}
	s, ok := foldSpecial[r]
	if !ok {
		s = norm.NFD.String(string(unicode.ToLower(r)))
	}
	for _, c := range s {
		if isDiacritic(c) || e.n == 2 {
			continue
		}
		e.r[e.n] = c
		e.n++
	}
	if e.n == 0 {
		e.class = classMark
	}
	return e
}

// isDiacritic reports whether r is a combining mark that only accents a
// letter (the combining diacritical mark blocks).
func isDiacritic(r rune) bool {
	return (r >= 0x300 && r <= 0x36F) || (r >= 0x1AB0 && r <= 0x1AFF) ||
		(r >= 0x1DC0 && r <= 0x1DFF) || (r >= 0x20D0 && r <= 0x20FF) ||
		(r >= 0xFE20 && r <= 0xFE2F)
}

// classifySlow returns the tokenizer class of a non-ASCII rune.
func classifySlow(r rune) uint8 {
	switch {
	case isDiacritic(r):
		return classMark
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
		return classIdeo
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
		return classWord
	}
	return classSep
}

// lookupFold returns the class of r and appends its folded form to dst
// when r is part of a word or an ideograph.
func appendFold(dst []byte, r rune) ([]byte, uint8) {
	for i, rg := range foldRanges {
		if r >= rg[0] && r < rg[1] {
			e := &foldTable[i][r-rg[0]]
			for j := uint8(0); j < e.n; j++ {
				dst = utf8.AppendRune(dst, e.r[j])
			}
			return dst, e.class
		}
	}
	if r >= hangulFirst && r <= hangulLast {
		return utf8.AppendRune(dst, r), classWord // letters without case
	}
	c := classifySlow(r)
	if c == classWord || c == classIdeo {
		if s, ok := foldSpecial[r]; ok {
			return append(dst, s...), c
		}
		var buf [utf8.UTFMax]byte
		if c == classWord && norm.NFD.Properties(utf8.AppendRune(buf[:0], r)).Decomposition() != nil {
			// A precomposed letter of another block (Arabic, Indic):
			// folded the slow way, as canonically equivalent text is.
			e := computeFold(r)
			for j := uint8(0); j < e.n; j++ {
				dst = utf8.AppendRune(dst, e.r[j])
			}
			return dst, e.class
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst, c
}
