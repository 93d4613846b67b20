package rules

import "unicode/utf8"

// Document fields, in the order matches are reported.
const (
	fieldTitle = iota
	fieldSummary
	fieldText
	fieldAuthor
	fieldURL
	fieldFeed
	numFields
)

// fieldNames are the names of the fields in queries and in Match.Field.
var fieldNames = [numFields]string{"title", "summary", "text", "author", "url", "feed"}

// defaultFields is where an unscoped term is looked for.
const defaultFields uint8 = 1<<fieldTitle | 1<<fieldSummary | 1<<fieldText

// token is one word of a field: its bytes in the field's text and its
// folded form in the tokenizer's buffer. Its position is its index.
type token struct {
	start, end int32 // byte offsets in the field's text
	fs, fe     int32 // byte offsets of the folded form in tokens.fold
}

// tokens is a tokenized document: per field its text and words, and one
// buffer holding every folded word.
type tokens struct {
	text [numFields]string
	toks [numFields][]token
	fold []byte
	// units are the sentence and paragraph of each word, per field;
	// computed by unitsOf when bit 2*field+k of unitsDone is set
	units     [numFields][2][]int32
	unitsDone uint16
}

// asciiWord maps an ASCII byte to its folded form, or 0 for a separator.
var asciiWord = func() (t [128]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	return t
}()

// MaxFieldWords is how many words of each field of a Doc the rules see:
// the first 20,000 (about 130 KB of English; the longest article of the
// project's corpora has 7,963). The rest of a longer field is ignored,
// so that the cost of matching a story is bounded whatever its size (see
// MaxRuleCost).
const MaxFieldWords = 20_000

// maxFieldBytes caps how much of one field is tokenized, for a field of
// few words and much else (punctuation, space).
const maxFieldBytes = 4 << 20

// reset prepares t for a new document, keeping its buffers.
func (t *tokens) reset() {
	t.fold = t.fold[:0]
	t.unitsDone = 0
	for f := range t.toks {
		t.toks[f] = t.toks[f][:0]
		t.text[f] = ""
	}
}

// tokenizeDoc tokenizes every field of d.
func (t *tokens) tokenizeDoc(d *Doc) {
	t.reset()
	t.tokenize(fieldTitle, d.Title)
	t.tokenize(fieldSummary, d.Summary)
	t.tokenize(fieldText, d.Text)
	t.tokenize(fieldAuthor, d.Author)
	t.tokenize(fieldURL, d.URL)
	t.tokenize(fieldFeed, d.Feed)
}

// tokenize splits text into words: maximal runs of letters, digits and
// marks, folded to lower case without diacritics. Every ideograph or kana
// is a word of its own. Anything else (space, punctuation, apostrophes,
// hyphens, symbols) separates words. It keeps the first MaxFieldWords
// words and the text up to the next, and drops the rest: this is the one
// place where the cap is applied.
func (t *tokens) tokenize(f int, text string) {
	if len(text) > maxFieldBytes {
		text = text[:maxFieldBytes]
	}
	toks := t.toks[f]
	limit := len(toks) + MaxFieldWords
	fold := t.fold
	in := false
	var cur token
	i := 0
scan:
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] == 0 {
				if in {
					in = false
					cur.end, cur.fe = int32(i), int32(len(fold))
					toks = append(toks, cur)
				}
				i++
				continue
			}
			if !in {
				if len(toks) == limit {
					break scan
				}
				in = true
				cur.start, cur.fs = int32(i), int32(len(fold))
			}
			// Copy the ASCII run of the word in one go, into a buffer
			// with room for the rest of the text (ASCII folds to itself).
			if cap(fold)-len(fold) < len(text)-i {
				fold = append(fold[:cap(fold)], make([]byte, len(text)-i+len(fold))...)[:len(fold)]
			}
			k := len(fold)
			buf := fold[:cap(fold)]
			for ; i < len(text); i++ {
				w := asciiWord[text[i]&0x7f]
				if w == 0 || text[i] >= utf8.RuneSelf {
					break
				}
				buf[k] = w
				k++
			}
			fold = buf[:k]
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		n := len(fold)
		var class uint8
		fold, class = appendFold(fold, r)
		switch class {
		case classWord:
			if !in {
				if len(toks) == limit {
					fold = fold[:n]
					break scan
				}
				in = true
				cur.start, cur.fs = int32(i), int32(n)
			}
		case classMark:
		case classIdeo:
			if in {
				cur.end, cur.fe = int32(i), int32(n)
				toks = append(toks, cur)
				in = false
			}
			if len(toks) == limit {
				fold = fold[:n]
				break scan
			}
			toks = append(toks, token{int32(i), int32(i + size), int32(n), int32(len(fold))})
		default:
			if in {
				in = false
				cur.end, cur.fe = int32(i), int32(len(fold))
				toks = append(toks, cur)
			}
		}
		i += size
	}
	if in {
		cur.end, cur.fe = int32(i), int32(len(fold))
		toks = append(toks, cur)
	}
	t.text[f] = text[:i]
	t.toks[f] = toks
	t.fold = fold
}

// word returns the folded form of token i of field f.
func (t *tokens) word(f, i int) []byte {
	k := t.toks[f][i]
	return t.fold[k.fs:k.fe]
}

// splitWords tokenizes s on its own and returns its folded words.
func splitWords(s string) []string {
	var t tokens
	t.tokenize(0, s)
	out := make([]string, len(t.toks[0]))
	for i := range out {
		out[i] = string(t.word(0, i))
	}
	return out
}

// Words returns the words of s as the matcher sees them: folded to lower
// case without diacritics, split as the package documentation says.
func Words(s string) []string { return splitWords(s) }
