package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file is how the reference matcher (reference.go) reads text: a
// story's fields split into folded words with their sentences and
// paragraphs, and the words of query terms.

// refWord is one word of a field: folded, where it is in the field's
// text, and the sentence and paragraph it belongs to (numbered from 0).
type refWord struct {
	folded              string
	start, end          int // byte offsets in the field's text
	sentence, paragraph int
	stemmed             string // its English stem, computed on first use
}

// refField is a field of a story: its text and its words.
type refField struct {
	text  string
	words []refWord
}

// refDoc is a story read by the reference matcher, by field (fieldTitle,
// fieldSummary, ...), and the rule being evaluated on it.
type refDoc struct {
	fields [numFields]refField
	terms  []string // the display text of the Set's terms (list entries)
	stem   bool     // the rule compares words by their stems
}

func readDoc(doc *Doc, terms []string) *refDoc {
	d := &refDoc{terms: terms}
	for f, text := range [numFields]string{doc.Title, doc.Summary, doc.Text, doc.Author, doc.URL, doc.Feed} {
		d.fields[f] = splitField(text)
	}
	return d
}

// Kinds of character, for splitting text into words.
const (
	charSeparator = iota // ends a word
	charLetter           // a letter, digit or mark: part of a word
	charAccent           // a diacritic: dropped, part of the word around it
	charIdeograph        // a Han ideograph or kana: a word of its own
)

// foldChar returns what kind of character r is and, for a letter, its
// folded form: lower case, decomposed, without diacritics (é is e),
// with the letters of foldSpecial spelled out (ß is ss, ø is o).
// Hangul syllables stay whole.
func foldChar(r rune) (string, int) {
	switch {
	case isDiacritic(r):
		return "", charAccent
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
		return string(r), charIdeograph
	case !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r):
		return "", charSeparator
	case r >= hangulFirst && r <= hangulLast:
		return string(r), charLetter
	}
	if s, ok := foldSpecial[r]; ok {
		return s, charLetter
	}
	var b strings.Builder
	for _, c := range norm.NFD.String(string(unicode.ToLower(r))) {
		if !isDiacritic(c) {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "", charAccent // a letter that is only accents
	}
	return b.String(), charLetter
}

// splitField splits text into words, the maximal runs of letters, digits
// and marks (every ideograph and kana alone), folded. A field is read up
// to its first maxFieldBytes bytes, and up to the start of its word
// number MaxFieldWords+1: its text is cut there too. Then each word gets
// its sentence and paragraph.
func splitField(text string) refField {
	if len(text) > maxFieldBytes {
		text = text[:maxFieldBytes]
	}
	var words []refWord
	var cur strings.Builder
	start := -1 // where the current word starts; -1 between words
	endWord := func(at int) {
		if start >= 0 {
			words = append(words, refWord{folded: cur.String(), start: start, end: at})
			start = -1
		}
	}
	cut := len(text)
	for i, r := range text {
		folded, kind := foldChar(r)
		if kind == charSeparator || kind == charIdeograph {
			endWord(i)
		}
		startsWord := kind == charIdeograph || kind == charLetter && start < 0
		if startsWord && len(words) == MaxFieldWords {
			cut = i
			break
		}
		switch kind {
		case charLetter:
			if start < 0 {
				start = i
				cur.Reset()
			}
			cur.WriteString(folded)
		case charIdeograph:
			words = append(words, refWord{folded: folded, start: i, end: i + utf8.RuneLen(r)})
		}
	}
	endWord(cut)
	text = text[:cut]
	for i := 1; i < len(words); i++ {
		gap := text[words[i-1].end:words[i].start]
		words[i].paragraph = words[i-1].paragraph
		words[i].sentence = words[i-1].sentence
		if blankLine(gap) {
			words[i].paragraph++
		}
		if endsSentence(gap, words[i-1].folded, text[words[i].start:]) {
			words[i].sentence++
		}
	}
	return refField{text: text, words: words}
}

// blankLine reports whether gap has two line breaks with nothing but
// white space between them: a paragraph ends there.
func blankLine(gap string) bool {
	lines := strings.Split(gap, "\n")
	if len(lines) < 3 {
		return false // fewer than two line breaks
	}
	for _, line := range lines[1 : len(lines)-1] {
		if strings.Trim(line, " \t\r\f\v") == "" {
			return true
		}
	}
	return false
}

// endsSentence reports whether a sentence ends in gap, the text between
// the word before (folded) and the text that starts with the next word:
// at a line break or at '。', '！', '？'; or at the first white space
// after a '.', '!' or '?', unless the next word starts with a lower-case
// letter, or the gap starts with the period (no '!' or '?' before the
// white space) and the word before is a single letter (U.S.), a common
// abbreviation (Inc.) or "no" before a number (No. 1).
func endsSentence(gap, before, next string) bool {
	if strings.ContainsAny(gap, "\n。！？") {
		return true
	}
	stop := strings.IndexAny(gap, ".!?")
	if stop < 0 {
		return false
	}
	space := strings.IndexAny(gap[stop:], " \t\r\u00a0")
	if space < 0 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	switch {
	case unicode.IsLower(first):
		return false
	case gap[0] != '.' || strings.ContainsAny(gap[:stop+space], "!?"):
		return true
	case before == "no":
		return !unicode.IsDigit(first)
	}
	return utf8.RuneCountInString(before) > 1 && !abbreviations[before]
}

// refQueryWord is one word of a query term as the reference matcher
// compares it: a word, a prefix (bank*) or a stem.
type refQueryWord struct {
	key    string
	prefix bool
	stem   bool
}

// queryWords splits the text of a term (a word, phrase or list entry)
// into its words, as the story's text is split. A piece ending in * is a
// prefix (its last word); in a rule with Stem the other words are
// compared by their stems.
func queryWords(text string, stemmed bool) []refQueryWord {
	var out []refQueryWord
	for _, piece := range strings.Fields(text) {
		core, prefix := strings.CutSuffix(piece, "*")
		words := splitField(core).words
		for i, w := range words {
			q := refQueryWord{key: w.folded}
			switch {
			case prefix && i == len(words)-1:
				q.prefix = true
			case stemmed:
				q.key, q.stem = string(stem(nil, []byte(w.folded))), true
			}
			out = append(out, q)
		}
	}
	return out
}

// fits reports whether word w of a story is query word q: the same
// word, a word that starts with the prefix, or a word with the same
// stem.
func (q refQueryWord) fits(w *refWord) bool {
	switch {
	case q.prefix:
		return strings.HasPrefix(w.folded, q.key)
	case q.stem:
		if w.stemmed == "" {
			w.stemmed = string(stem(nil, []byte(w.folded)))
		}
		return w.stemmed == q.key
	}
	return w.folded == q.key
}
