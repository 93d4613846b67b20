package store

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxWordBytes is how much of a word search compares: a longer word, in
// a story or in a query, is cut to its first MaxWordBytes bytes (at a
// character's boundary), so "an ever longer run of letters" is one word
// of at most this size in every index.
const MaxWordBytes = 100

// Search is a parsed text query (ParseSearch): every term must match. The
// zero Search (no terms) matches every article.
type Search []SearchTerm

// SearchTerm is one term of a Search: one word, or a phrase of several
// words that must follow one another, in that order, within one field
// (the title, the summary or the text).
type SearchTerm []SearchWord

// SearchWord is one word of a term: lower-case, in Unicode NFC, at most
// MaxWordBytes long. With Prefix it matches every word that starts with
// Text ("bank*" finds "bank" and "banking").
type SearchWord struct {
	// Text is the word, normalized as the words of stories are.
	Text string
	// Prefix makes Text match every word it starts.
	Prefix bool
}

// ParseSearch parses the text query of SearchPage. The language is the
// same on every backend:
//
//   - words, separated by white space, all required (AND), in any order;
//   - "double-quoted phrases": their words adjacent and in order within
//     one field; an unclosed quote runs to the end of the text;
//   - word* for any word starting with word, also inside a phrase;
//   - case does not matter, and a word is a run of letters, digits and
//     combining marks (Unicode): any other character separates words,
//     so e-mail, U.S. and don't are phrases of two words each;
//   - no stemming and no stop words: bank does not find banks (bank*
//     does), in every language, and "the" is a word like any other.
//     store/postgres adds one thing: a plain word (neither a prefix nor
//     in a phrase) also finds its inflections in the story's language
//     (its SearchPage says how); prefixes and phrases match as here.
//
// Terms without words (punctuation alone) are dropped; a text without
// any word gives the zero Search, which matches every article.
func ParseSearch(text string) Search {
	var s Search
	for text = strings.TrimSpace(text); text != ""; text = strings.TrimSpace(text) {
		var raw string
		if rest, ok := strings.CutPrefix(text, `"`); ok {
			raw, text, _ = strings.Cut(rest, `"`)
		} else if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
			raw, text = text[:i], text[i:]
		} else {
			raw, text = text, ""
		}
		var t SearchTerm
		eachWord(raw, func(w string, end int) {
			t = append(t, SearchWord{Text: w, Prefix: strings.HasPrefix(raw[end:], "*")})
		})
		if len(t) > 0 {
			s = append(s, t)
		}
	}
	return s
}

// Match reports whether a matches every term of s, reading its title,
// summary and text as SearchWords does.
func (s Search) Match(a *Article) bool {
	if len(s) == 0 {
		return true
	}
	fields := [][]string{fieldWords(a.Title), fieldWords(a.Summary), fieldWords(a.Text)}
	for _, t := range s {
		if !slices.ContainsFunc(fields, t.in) {
			return false
		}
	}
	return true
}

// Phrases returns the terms of s of more than one word, in order: what
// an index of single words cannot decide (their words' adjacency). A
// backend whose index decides the words and prefixes of the other terms
// (store/postgres, which also stems plain words) checks its candidates
// with s.Phrases().Match; the zero Search, when s has no phrase, matches
// every article.
func (s Search) Phrases() Search {
	var p Search
	for _, t := range s {
		if len(t) > 1 {
			p = append(p, t)
		}
	}
	return p
}

// in reports whether t occurs in the words of one field.
func (t SearchTerm) in(words []string) bool {
	for i := 0; i+len(t) <= len(words); i++ {
		ok := true
		for j, w := range t {
			if !w.matches(words[i+j]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// matches reports whether the word w of a story matches sw.
func (sw SearchWord) matches(w string) bool {
	if sw.Prefix {
		return strings.HasPrefix(w, sw.Text)
	}
	return w == sw.Text
}

// String returns s in the query language, so that ParseSearch(s.String())
// is s.
func (s Search) String() string {
	var b strings.Builder
	for i, t := range s {
		if i > 0 {
			b.WriteByte(' ')
		}
		if len(t) > 1 {
			b.WriteByte('"')
		}
		for j, w := range t {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.Text)
			if w.Prefix {
				b.WriteByte('*')
			}
		}
		if len(t) > 1 {
			b.WriteByte('"')
		}
	}
	return b.String()
}

// SearchWords returns the distinct words of a's title, summary and text,
// sorted: what a search index holds for a, and all that Search.Match
// reads of it (but for the order of the words within each field).
func SearchWords(a *Article) []string {
	var words []string
	for _, f := range []string{a.Title, a.Summary, a.Text} {
		eachWord(f, func(w string, _ int) { words = append(words, w) })
	}
	slices.Sort(words)
	return slices.Compact(words)
}

// fieldWords returns the words of one field, in order.
func fieldWords(s string) []string {
	var words []string
	eachWord(s, func(w string, _ int) { words = append(words, w) })
	return words
}

// eachWord calls fn with each word of s, normalized (lower case, NFC, cut
// to MaxWordBytes), and the offset in s just after it.
func eachWord(s string, fn func(w string, end int)) {
	start := -1
	ascii := true
	for i := 0; i <= len(s); {
		r, size := utf8.RuneError, 1
		if i < len(s) {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isWordRune(r, size) {
			if start < 0 {
				start, ascii = i, true
			}
			ascii = ascii && r < utf8.RuneSelf
		} else if start >= 0 {
			fn(normalizeWord(s[start:i], ascii), i)
			start = -1
		}
		i += size
	}
}

// isWordRune reports whether r, decoded from size bytes, is part of a
// word: a letter, a digit or number, or a combining mark. Bytes that are
// not UTF-8 separate words.
func isWordRune(r rune, size int) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r == utf8.RuneError && size <= 1 {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// normalizeWord lower-cases w, composes it (NFC) and cuts it to
// MaxWordBytes at a character boundary.
func normalizeWord(w string, ascii bool) string {
	if ascii {
		w = strings.ToLower(w)
	} else {
		w = norm.NFC.String(strings.ToLower(w))
	}
	if len(w) <= MaxWordBytes {
		return w
	}
	cut := MaxWordBytes
	for cut > 0 && !utf8.RuneStart(w[cut]) {
		cut--
	}
	return w[:cut]
}
