package rules

// This file is an English (Porter2) stemmer after the Snowball definition
// by Martin Porter. It works on folded ASCII words; other words are
// returned unchanged.

import "slices"

// stemExceptions are whole words with irregular stems.
var stemExceptions = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie",
	"tying": "tie", "idly": "idl", "gently": "gentl", "ugly": "ugli",
	"early": "earli", "only": "onli", "singly": "singl", "sky": "sky",
	"news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos",
	"bias": "bias", "andes": "andes",
}

// maxExceptionBytes is the length of the longest word of stemExceptions.
const maxExceptionBytes = 6

// exceptionMask has, by the first byte of each word of stemExceptions, the
// bit exceptionBit of its length and last byte: a word without its bit is
// no exception.
var exceptionMask = func() (m [256]uint64) {
	for w := range stemExceptions {
		m[w[0]] |= 1 << exceptionBit(len(w), w[len(w)-1])
	}
	return m
}()

func exceptionBit(n int, last byte) uint { return uint(n*7+int(last)) % 64 }

// stemKeep are words left alone after step 1a.
var stemKeep = map[string]bool{
	"inning": true, "outing": true, "canning": true, "herring": true,
	"earring": true, "proceed": true, "exceed": true, "succeed": true,
}

// stem returns the Porter2 stem of a folded word, appending it to buf.
func stem(buf []byte, word []byte) []byte {
	buf = append(buf[:0], word...)
	if len(word) <= 2 {
		return buf
	}
	for _, c := range word {
		if c < 'a' || c > 'z' {
			return buf
		}
	}
	if n := len(word); n <= maxExceptionBytes && exceptionMask[word[0]]&(1<<exceptionBit(n, word[n-1])) != 0 {
		if s, ok := stemExceptions[string(word)]; ok {
			return append(buf[:0], s...)
		}
	}
	w := stemmer{b: buf}
	w.markY()
	w.regions()
	w.step1a()
	if n := len(w.b); n >= 6 && n <= 7 && (w.b[n-1] == 'g' || w.b[n-1] == 'd') && stemKeep[string(w.b)] {
		return w.unmarkY()
	}
	w.step1b()
	w.step1c()
	w.step2()
	w.step3()
	w.step4()
	w.step5()
	return w.unmarkY()
}

// stemmer is a word being stemmed; 'Y' marks a consonant y.
type stemmer struct {
	b      []byte
	r1, r2 int
}

func isVowel(c byte) bool { return vowels[c] }

var vowels = [256]bool{'a': true, 'e': true, 'i': true, 'o': true, 'u': true, 'y': true}

func (w *stemmer) markY() {
	for i, c := range w.b {
		if c == 'y' && (i == 0 || isVowel(w.b[i-1])) {
			w.b[i] = 'Y'
		}
	}
}

func (w *stemmer) unmarkY() []byte {
	for i, c := range w.b {
		if c == 'Y' {
			w.b[i] = 'y'
		}
	}
	return w.b
}

// after returns the index after the first non-vowel following a vowel at
// or after from.
func (w *stemmer) after(from int) int {
	for i := from + 1; i < len(w.b); i++ {
		if !isVowel(w.b[i]) && isVowel(w.b[i-1]) {
			return i + 1
		}
	}
	return len(w.b)
}

func (w *stemmer) regions() {
	w.r1 = len(w.b)
	if c := w.b[0]; c == 'g' || c == 'c' || c == 'a' {
		for _, p := range [...]string{"gener", "commun", "arsen"} {
			if len(w.b) >= len(p) && string(w.b[:len(p)]) == p {
				w.r1 = len(p)
			}
		}
	}
	if w.r1 == len(w.b) {
		w.r1 = w.after(0)
	}
	w.r2 = w.after(w.r1)
}

func (w *stemmer) has(suf string) bool {
	n := len(w.b) - len(suf)
	if n < 0 {
		return false
	}
	for i := len(suf) - 1; i >= 0; i-- { // most misses differ in the last letter
		if w.b[n+i] != suf[i] {
			return false
		}
	}
	return true
}

// suffixSet is a list of suffixes by last byte, longest first.
type suffixSet [256][]string

func newSuffixSet(sufs ...string) *suffixSet {
	var set suffixSet
	for _, s := range sufs {
		set[s[len(s)-1]] = append(set[s[len(s)-1]], s)
	}
	for i := range set {
		slices.SortFunc(set[i], func(a, b string) int { return len(b) - len(a) })
	}
	return &set
}

// longest returns the longest suffix of set that ends the word, or "".
func (w *stemmer) longest(set *suffixSet) string {
	if len(w.b) == 0 {
		return ""
	}
	for _, s := range set[w.b[len(w.b)-1]] {
		if w.has(s) {
			return s
		}
	}
	return ""
}

var (
	step1aSuffixes = newSuffixSet("sses", "ied", "ies", "s", "us", "ss")
	step1bSuffixes = newSuffixSet("eed", "eedly", "ed", "edly", "ing", "ingly")
)

func (w *stemmer) cut(n int)              { w.b = w.b[:len(w.b)-n] }
func (w *stemmer) replace(suf, by string) { w.cut(len(suf)); w.b = append(w.b, by...) }
func (w *stemmer) inR1(suf string) bool   { return len(w.b)-len(suf) >= w.r1 }
func (w *stemmer) inR2(suf string) bool   { return len(w.b)-len(suf) >= w.r2 }

// hasVowel reports whether b[:n] contains a vowel.
func (w *stemmer) hasVowel(n int) bool {
	for _, c := range w.b[:n] {
		if isVowel(c) {
			return true
		}
	}
	return false
}

// shortSyllable reports whether the word ends in a short syllable.
func (w *stemmer) shortSyllable() bool {
	n := len(w.b)
	if n == 2 {
		return isVowel(w.b[0]) && !isVowel(w.b[1])
	}
	if n < 3 {
		return false
	}
	a, b, c := w.b[n-3], w.b[n-2], w.b[n-1]
	return !isVowel(a) && isVowel(b) && !isVowel(c) && c != 'w' && c != 'x' && c != 'Y'
}

func (w *stemmer) step1a() {
	switch s := w.longest(step1aSuffixes); s {
	case "sses":
		w.cut(2)
	case "ied", "ies":
		if len(w.b) > 4 {
			w.cut(2)
		} else {
			w.cut(1)
		}
	case "s":
		if w.hasVowel(len(w.b) - 2) {
			w.cut(1)
		}
	}
}

func (w *stemmer) step1b() {
	s := w.longest(step1bSuffixes)
	switch s {
	case "":
		return
	case "eed", "eedly":
		if w.inR1(s) {
			w.replace(s, "ee")
		}
		return
	}
	if !w.hasVowel(len(w.b) - len(s)) {
		return
	}
	w.cut(len(s))
	switch {
	case w.has("at") || w.has("bl") || w.has("iz"):
		w.b = append(w.b, 'e')
	case w.doubleEnd():
		w.cut(1)
	case w.r1 >= len(w.b) && w.shortSyllable():
		w.b = append(w.b, 'e')
	}
}

func (w *stemmer) doubleEnd() bool {
	n := len(w.b)
	if n < 2 || w.b[n-1] != w.b[n-2] {
		return false
	}
	switch w.b[n-1] {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

func (w *stemmer) step1c() {
	n := len(w.b)
	if n > 2 && (w.b[n-1] == 'y' || w.b[n-1] == 'Y') && !isVowel(w.b[n-2]) {
		w.b[n-1] = 'i'
	}
}

var step2Map = map[string]string{
	"tional": "tion", "enci": "ence", "anci": "ance", "abli": "able",
	"entli": "ent", "izer": "ize", "ization": "ize", "ational": "ate",
	"ation": "ate", "ator": "ate", "alism": "al", "aliti": "al", "alli": "al",
	"fulness": "ful", "ousli": "ous", "ousness": "ous", "iveness": "ive",
	"iviti": "ive", "biliti": "ble", "bli": "ble", "fulli": "ful",
	"lessli": "less", "ogi": "og", "li": "",
}

var step2Suffixes = newSuffixSet(keys(step2Map)...)

func (w *stemmer) step2() {
	if len(w.b)-w.r1 < 2 { // no suffix (of 2 bytes or more) can be in R1
		return
	}
	s := w.longest(step2Suffixes)
	if s == "" || !w.inR1(s) {
		return
	}
	n := len(w.b) - len(s)
	switch s {
	case "ogi":
		if n < 1 || w.b[n-1] != 'l' {
			return
		}
	case "li":
		if n < 1 || !validLi(w.b[n-1]) {
			return
		}
	}
	w.replace(s, step2Map[s])
}

func validLi(c byte) bool {
	switch c {
	case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
		return true
	}
	return false
}

var step3Map = map[string]string{
	"tional": "tion", "ational": "ate", "alize": "al", "icate": "ic",
	"iciti": "ic", "ical": "ic", "ful": "", "ness": "", "ative": "",
}

var step3Suffixes = newSuffixSet(keys(step3Map)...)

func (w *stemmer) step3() {
	if len(w.b)-w.r1 < 3 { // no suffix (of 3 bytes or more) can be in R1
		return
	}
	s := w.longest(step3Suffixes)
	if s == "" || !w.inR1(s) || (s == "ative" && !w.inR2(s)) {
		return
	}
	w.replace(s, step3Map[s])
}

var step4Suffixes = newSuffixSet("al", "ance", "ence", "er", "ic", "able", "ible", "ant",
	"ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion")

func (w *stemmer) step4() {
	if len(w.b)-w.r2 < 2 { // no suffix (of 2 bytes or more) can be in R2
		return
	}
	s := w.longest(step4Suffixes)
	if s == "" || !w.inR2(s) {
		return
	}
	if s == "ion" {
		n := len(w.b) - 3
		if n < 1 || (w.b[n-1] != 's' && w.b[n-1] != 't') {
			return
		}
	}
	w.cut(len(s))
}

func (w *stemmer) step5() {
	n := len(w.b)
	switch {
	case w.has("e"):
		if w.inR2("e") {
			w.cut(1)
		} else if w.inR1("e") {
			w.cut(1)
			if w.shortSyllable() {
				w.b = append(w.b, 'e')
			}
		}
	case w.has("l") && w.inR2("l") && n >= 2 && w.b[n-2] == 'l':
		w.cut(1)
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
