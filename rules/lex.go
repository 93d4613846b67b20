package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lexKind is the kind of a query token.
type lexKind uint8

const (
	lexEOF lexKind = iota
	lexWord
	lexPhrase
	lexList
	lexField
	lexAnd
	lexOr
	lexNot
	lexMinus
	lexNear
	lexLParen
	lexRParen
	lexWeight
	lexCount
)

// lexTok is one token of a query.
type lexTok struct {
	kind    lexKind
	pos     int // byte offset in the query
	end     int
	text    string  // word, phrase content, list or field name
	n       int     // NEAR distance
	scope   scope   // NEAR/sentence, NEAR/paragraph
	ordered bool    // ONEAR
	weight  float64 // ^w
}

// describe names t for error messages.
func (t lexTok) describe(q string) string {
	if t.kind == lexEOF {
		return "the end of the query"
	}
	return strconv.Quote(q[t.pos:t.end])
}

// lexError is a syntax error at a byte offset of the query.
type lexError struct {
	pos int
	msg string
}

func (e *lexError) Error() string { return e.msg }

// isPrimaryStart reports whether t can begin an operand.
func (t lexTok) isPrimaryStart() bool {
	switch t.kind {
	case lexWord, lexPhrase, lexList, lexField, lexNot, lexMinus, lexLParen:
		return true
	}
	return false
}

// lex splits q into tokens.
func lex(q string) ([]lexTok, error) {
	var out []lexTok
	i := 0
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		switch r {
		case '(':
			out = append(out, lexTok{kind: lexLParen, pos: i, end: i + 1})
			i++
		case ')':
			out = append(out, lexTok{kind: lexRParen, pos: i, end: i + 1})
			i++
		case '"':
			j := strings.IndexByte(q[i+1:], '"')
			if j < 0 {
				return nil, &lexError{i, `phrase has no closing quote: add the closing "`}
			}
			out = append(out, lexTok{kind: lexPhrase, pos: i, end: i + j + 2, text: q[i+1 : i+1+j]})
			i += j + 2
		case '#':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			n, err := strconv.Atoi(q[i+1 : j])
			// the word right before, as in C#
			w := q[strings.LastIndexAny(q[:i], " \t\n\r()\":^")+1 : i]
			switch {
			case j == i+1 && w != "" && w[0] != '@' && w[0] != '-':
				return nil, &lexError{i, fmt.Sprintf("# after a word starts a count, as in facebook#2: to match %s#, write %s or \"%s#\", as # separates words", w, w, w)}
			case err != nil || n < 1 || n > MaxCount:
				return nil, &lexError{i, fmt.Sprintf("a count is # and a whole number from 1 to %d, as in (facebook NEAR/sentence bank)#2", MaxCount)}
			}
			out = append(out, lexTok{kind: lexCount, pos: i, end: j, n: n})
			i = j
		case '^':
			j := i + 1
			for j < len(q) && (q[j] >= '0' && q[j] <= '9' || q[j] == '.') {
				j++
			}
			w, err := strconv.ParseFloat(q[i+1:j], 64)
			if err != nil || w <= 0 || w > MaxWeight {
				return nil, &lexError{i, fmt.Sprintf("a weight is ^ and a number above 0 and at most %d, as in bank^2", MaxWeight)}
			}
			out = append(out, lexTok{kind: lexWeight, pos: i, end: j, weight: w})
			i = j
		case '@':
			j := i + 1
			for j < len(q) && isListByte(q[j]) {
				j++
			}
			if j == i+1 {
				return nil, &lexError{i, "@ must be followed by a list name, as in @banks"}
			}
			out = append(out, lexTok{kind: lexList, pos: i, end: j, text: q[i+1 : j]})
			i = j
		case '-':
			if i+1 >= len(q) || strings.ContainsRune(" \t\r\n)", rune(q[i+1])) {
				return nil, &lexError{i, "a - must be followed by the term to exclude, as in -instagram"}
			}
			out = append(out, lexTok{kind: lexMinus, pos: i, end: i + 1})
			i++
		default:
			j := i
			for j < len(q) {
				r, size := utf8.DecodeRuneInString(q[j:])
				if unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' || r == '^' || r == '#' {
					break
				}
				if r == ':' && isFieldName(q[i:j]) {
					break
				}
				j += size
			}
			if j < len(q) && q[j] == ':' {
				out = append(out, lexTok{kind: lexField, pos: i, end: j + 1, text: q[i:j]})
				i = j + 1
				continue
			}
			tok, err := lexWordTok(q, start, j)
			if err != nil {
				return nil, err
			}
			out = append(out, tok)
			i = j
		}
	}
	return append(out, lexTok{kind: lexEOF, pos: len(q), end: len(q)}), nil
}

// isFieldName reports whether s looks like a field prefix (letters only).
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

func isListByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// lexWordTok classifies q[i:j] as an operator or a word.
func lexWordTok(q string, i, j int) (lexTok, error) {
	w := q[i:j]
	t := lexTok{kind: lexWord, pos: i, end: j, text: w}
	switch {
	case w == "AND":
		t.kind = lexAnd
	case w == "OR":
		t.kind = lexOr
	case w == "NOT":
		t.kind = lexNot
	case w == "NEAR" || w == "ONEAR" || strings.HasPrefix(w, "NEAR/") || strings.HasPrefix(w, "ONEAR/"):
		op, num, _ := strings.Cut(w, "/")
		t.kind, t.ordered = lexNear, op == "ONEAR"
		switch num {
		case "sentence":
			t.scope, t.n = scopeSentence, MaxDistance
			return t, nil
		case "paragraph":
			t.scope, t.n = scopeParagraph, MaxDistance
			return t, nil
		}
		n, err := strconv.Atoi(num)
		if err != nil || n < 1 || n > MaxDistance {
			return t, &lexError{i, fmt.Sprintf("%s needs a distance in words from 1 to %d, or sentence or paragraph, as in %s/5 or %s/sentence", op, MaxDistance, op, op)}
		}
		t.n = n
	}
	return t, nil
}
