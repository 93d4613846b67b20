package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// scope is the unit of text that the two sides of a NEAR must share, on
// top of their distance in words.
type scope uint8

const (
	scopeWords     scope = iota // NEAR/n: only the distance counts
	scopeSentence               // NEAR/sentence
	scopeParagraph              // NEAR/paragraph
)

// abbreviations are words that a period after them does not end a
// sentence with: "Facebook Inc. said", "Sen. Warner". "No." is one only
// before a number (see endsSentence), as "the bank said no." ends one.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true,
	"gov": true, "gen": true, "st": true, "jr": true, "sr": true, "inc": true, "corp": true,
	"co": true, "ltd": true, "plc": true, "bros": true, "vs": true, "etc": true,
	"approx": true, "dept": true, "est": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// unitsOf returns, for each word of field f, the index of its sentence
// (sc == scopeSentence) or paragraph (scopeParagraph). They are computed
// on first use for a document, since only NEAR/sentence and
// NEAR/paragraph need them.
//
// A paragraph ends at a blank line. A sentence ends where a paragraph
// does, at a line break, and at a '.', '!' or '?' followed by white space
// (or at '。', '！', '？'), unless the next word starts with a lower-case
// letter (in any script) or the word before the period is a single
// letter (U.S.) or a common abbreviation (Inc., Sen., No. 1).
func (t *tokens) unitsOf(f int, sc scope) []int32 {
	k := sc - scopeSentence
	if t.unitsDone&(1<<(uint(f)*2+uint(k))) != 0 {
		return t.units[f][k]
	}
	t.unitsDone |= 1 << (uint(f)*2 + uint(k))
	toks, text := t.toks[f], t.text[f]
	ids := t.units[f][k][:0]
	var id int32
	for i := range toks {
		if i > 0 {
			gap := text[toks[i-1].end:toks[i].start]
			if sc == scopeParagraph && paragraphBreak(gap) || sc == scopeSentence && t.sentenceBreak(f, i, gap) {
				id++
			}
		}
		ids = append(ids, id)
	}
	t.units[f][k] = ids
	return ids
}

// paragraphBreak reports whether the text between two words holds a
// blank line.
func paragraphBreak(gap string) bool {
	nl := false
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '\n':
			if nl {
				return true
			}
			nl = true
		case ' ', '\t', '\r', '\f', '\v':
		default:
			nl = false
		}
	}
	return false
}

// sentenceBreak reports whether a sentence ends in gap, the text between
// words i-1 and i of field f: at a line break or a CJK stop anywhere in
// it, or at the first white space after its first '.', '!' or '?' (see
// endsSentence).
func (t *tokens) sentenceBreak(f, i int, gap string) bool {
	stop, space := false, -1 // space: the first white space after a stop
	for j, r := range gap {
		switch r {
		case '\n', '。', '！', '？':
			return true
		case '.', '!', '?':
			stop = true
		case ' ', '\t', '\r', '\u00a0':
			if stop && space < 0 {
				space = j
			}
		}
	}
	return space >= 0 && t.endsSentence(f, i, gap[:space])
}

// endsSentence reports whether the stop that closes before (the gap's
// text up to the white space after it) ends a sentence between words i-1
// and i.
func (t *tokens) endsSentence(f, i int, before string) bool {
	next, _ := utf8.DecodeRuneInString(t.text[f][t.toks[f][i].start:])
	switch {
	case unicode.IsLower(next):
		return false
	case strings.ContainsAny(before, "!?"), before[0] != '.':
		return true // a period after a quote or bracket ends a sentence too
	}
	prev := t.word(f, i-1)
	if string(prev) == "no" {
		return !unicode.IsDigit(next)
	}
	return utf8.RuneCount(prev) > 1 && !abbreviations[string(prev)]
}
