package rules

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// matchBoth matches doc with s and with its reference matcher, fails
// the test when they disagree on hits, scores or explanations, and
// returns the hits.
func matchBoth(t testing.TB, s *Set, doc *Doc) []Hit {
	t.Helper()
	got, want := s.Match(doc), NewReference(s).Match(doc)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Set.Match(%+v) =\n%+v\nReference.Match =\n%+v", doc, got, want)
	}
	return got
}

// wordMatches is the definition of a query word matching a folded
// document word w (stemmed: its stem).
func wordMatches(q word, w, stemmed string) bool {
	switch q.kind {
	case wordExact:
		return q.key == w
	case wordPrefix:
		return strings.HasPrefix(w, q.key)
	}
	return stemmed == q.key
}

// diffVocab are the words of the random rules and documents: a few
// families of inflections, so that stems, wildcards and phrases meet.
var diffVocab = strings.Fields(`bank banks banking banker share shares shared sharing data
	facebook meta card credit happy happily happiness general generally generalization
	national nationalities run running runs ran agree agreed agreement the a of and
	sky skies dying news café cafe müller muller strasse straße 银行 한국은행 aed s
	internationalization internationalizations`)

func randQuery(r *rand.Rand, depth int) string {
	w := func() string { return diffVocab[r.IntN(len(diffVocab))] }
	leaf := func() string {
		switch r.IntN(10) {
		case 0:
			return fmt.Sprintf("%q", w()+" "+w())
		case 1:
			x := []rune(w())
			return string(x[:1+r.IntN(len(x))]) + "*"
		case 2:
			return fmt.Sprintf("@l%d", r.IntN(4))
		case 3:
			return []string{"title:", "text:", "summary:", "url:", "author:", "feed:"}[r.IntN(6)] + w()
		}
		return w()
	}
	scope := func() string {
		return []string{"sentence", "paragraph", fmt.Sprint(1 + r.IntN(6))}[r.IntN(3)]
	}
	if depth == 0 || r.IntN(3) == 0 {
		return leaf()
	}
	a, b := randQuery(r, depth-1), randQuery(r, depth-1)
	switch r.IntN(10) {
	case 0, 1:
		return "(" + a + " AND " + b + ")"
	case 2, 3:
		return "(" + a + " OR " + b + ")"
	case 4:
		return "(" + a + " AND NOT " + b + ")"
	case 5:
		return fmt.Sprintf("(%s NEAR/%d %s)", leaf(), 1+r.IntN(4), "("+leaf()+" OR "+leaf()+")")
	case 6:
		return fmt.Sprintf("(%s ONEAR/%d %s)^2", leaf(), 1+r.IntN(4), leaf())
	case 7:
		return fmt.Sprintf("((%s NEAR/%s %s) %s (%s OR %s))", leaf(), scope(), leaf(), []string{"NEAR", "ONEAR"}[r.IntN(2)]+"/"+scope(), leaf(), leaf())
	case 8:
		// a count: never inside NEAR or another count
		return fmt.Sprintf("%s#%d", []string{leaf(), "(" + leaf() + " OR " + leaf() + ")"}[r.IntN(2)], 1+r.IntN(3))
	}
	return fmt.Sprintf("(%s %sNEAR/%s %s)#%d^%d", leaf(), []string{"", "O"}[r.IntN(2)], scope(), leaf(), 1+r.IntN(3), 1+r.IntN(3))
}

func randText(r *rand.Rand, n int) string {
	seps := []string{" ", " ", " ", ", ", ". ", "-", "'s ", "\n", "’s ", " “", "” — ", ". ", "\n\n", "? ", " Inc. ", "。", ".\n \n"}
	var b strings.Builder
	for range n {
		w := diffVocab[r.IntN(len(diffVocab))]
		if r.IntN(8) == 0 {
			w = strings.ToUpper(w)
		}
		b.WriteString(w)
		b.WriteString(seps[r.IntN(len(seps))])
	}
	return b.String()
}

// TestIndexedMatchesReference is the differential test of the indexed
// matcher (tokenizer, word cache, dictionary filters, stem filter, index,
// clause checks, NEAR pairing): on random rules and documents it must
// give the same hits, scores and explanations as Reference, and
// WantsArticle the same answers.
func TestIndexedMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	lists := map[string][]string{
		"l0": {"bank", "credit card", "share*"},
		"l1": {"facebook", "meta", "happy"},
		"l2": {},
		"l3": {"national", "银行", "the sky"},
	}
	hits := 0
	for round := range 40 {
		var defs []Definition
		for i := range 40 {
			d := Definition{Name: fmt.Sprintf("r%02d", i), Query: randQuery(r, 3), Stem: r.IntN(3) == 0}
			if r.IntN(4) == 0 {
				d.MinScore = float64(r.IntN(3))
			}
			if round%2 == 0 || r.IntN(2) == 0 {
				d.Prefilter = randQuery(r, 1)
			}
			defs = append(defs, d)
		}
		s, err := Compile(defs, lists)
		if err != nil {
			t.Fatalf("round %d: Compile: %v", round, err)
		}
		for range 20 {
			doc := &Doc{Title: randText(r, 5), Summary: randText(r, 10*r.IntN(2)), Text: randText(r, 60),
				Author: randText(r, 2), URL: "https://x.example/" + randText(r, 2), Feed: randText(r, 1)}
			got, want := s.Match(doc), NewReference(s).Match(doc)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d: Match(%+v) =\n%+v\nwant\n%+v", round, doc, got, want)
			}
			hits += len(got)
			{
				gotW, wantW := s.WantsArticle(doc), NewReference(s).WantsArticle(doc)
				if gotW != wantW {
					t.Fatalf("round %d: WantsArticle(%+v) = %v, want %v", round, doc, gotW, wantW)
				}
			}
		}
	}
	if hits < 600 {
		t.Errorf("only %d hits in the differential test, want at least 600: the random rules are too narrow", hits)
	}
}

// collapseReference is the plain white-space collapse appendCollapsed
// must agree with.
func collapseReference(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func TestAppendCollapsed(t *testing.T) {
	tests := []string{"", " ", "a  b", "a\n\t b ", "\u00a0x\u00a0 y", "bad \xff\xfe utf8 \xe2\x82", "é  ü\r\n", "\ufffd ok", "银行 \u3000 x"}
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", " ", "\n", "\t", "\r", "\u00a0", "é", "\xff", "\xe2", "\x82", "银"}
	for range 500 {
		var b strings.Builder
		for range r.IntN(20) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		tests = append(tests, b.String())
	}
	for _, s := range tests {
		if got, want := string(appendCollapsed([]byte("<"), s)), "<"+collapseReference(s); got != want {
			t.Errorf("appendCollapsed(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestWordCacheMatchesDefinition looks up many distinct words, short and
// long, more than a wordCache holds, twice in random order, through one
// cache, and checks each against the definition of matching (see
// wordMatches), so that the cache's short and long keys, growth and
// emptying are exercised.
func TestWordCacheMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var defs []Definition
	for i := range 60 {
		defs = append(defs, Definition{Name: fmt.Sprintf("r%02d", i), Query: randQuery(r, 2), Stem: i%3 == 0})
	}
	s, err := Compile(defs, map[string][]string{"l0": {"bank*"}, "l1": {"meta"}, "l2": {}, "l3": {"sky"}})
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	suffixes := []string{"", "s", "ing", "ed", "ation", "ations", "ly", "ness"}
	var words []string
	for i := range maxCacheWords + maxCacheWords/2 {
		w := diffVocab[r.IntN(len(diffVocab))] + suffixes[r.IntN(len(suffixes))]
		if i%2 == 0 {
			w += fmt.Sprint(i)
		}
		words = append(words, w)
	}
	words = append(words, words...)
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	var c wordCache
	fold := make([]byte, 0, 64)
	for i, w := range words {
		// Every other word is at the end of a buffer with no room past
		// it, as the last word of a document may be.
		fold = append(fold[:0], w...)
		key := fold
		if i%2 == 0 {
			key = fold[:len(w):len(w)]
		}
		got := slices.Clone(c.get(&s.dict, key))
		var want []int32
		stemmed := string(stemString(w))
		for _, q := range s.dict.words {
			if wordMatches(q, w, stemmed) {
				want = append(want, q.id)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("query words of %q: got %v, want %v", w, got, want)
		}
	}
}

// TestOrOfPhrasesKeys checks rules whose ORs give the index a second
// clause (the second cheapest clause of each kid) on stories that hold
// words of one clause only, of both without the phrase, and the phrase;
// the same words are also used by a plain rule and inside NEAR.
func TestOrOfPhrasesKeys(t *testing.T) {
	s, err := Compile([]Definition{
		{Name: "or-phrases", Query: `"china of the room" OR "quipimdan jam"`},
		{Name: "or-and", Query: `(china AND room AND mirtrax) OR (jam AND quipimdan)`},
		{Name: "plain", Query: `room AND NOT jam`},
		{Name: "near", Query: `china NEAR/2 (room OR jam)`},
	}, nil)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"first key words only", "China and quipimdan met.", nil},
		{"second key words only", "The room was full of jam.", nil},
		{"both keys, no phrase", "China has a room; quipimdan eats jam.", []string{"or-and"}},
		{"first phrase", "The China of the room is here.", []string{"or-phrases", "plain"}},
		{"second phrase", "Quipimdan jam, and more jam.", []string{"or-and", "or-phrases"}},
		{"and kid", "mirtrax: China, room.", []string{"near", "or-and", "plain"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &Doc{Text: tt.text}
			got := matchBoth(t, s, doc)
			var names []string
			for _, h := range got {
				names = append(names, h.Rule)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("rules hit = %v, want %v", names, tt.want)
			}
		})
	}
}

// TestCacheEmptiedMidField matches a story whose text holds more distinct
// words than the word cache keeps, then words that have several query
// words (bank: bank, bank* and ban*), after a story that put those in the
// cache: the cache is emptied while the text's words are recorded, after
// they were resolved against it, and new words with query words
// (bank1f4) take the emptied cache's room.
func TestCacheEmptiedMidField(t *testing.T) {
	s, err := Compile([]Definition{
		{Name: "exact", Query: `"bank data" AND banking`},
		{Name: "prefix", Query: `bank* NEAR/2 data`},
		{Name: "short", Query: "ban* AND shared"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	warm := &Doc{Text: "bank data banking shared"}
	if got := matchBoth(t, s, warm); len(got) != 3 {
		t.Fatalf("warm-up story: Match = %+v, want 3 hits", got)
	}
	// The summary's words fill half the cache and the text's the rest
	// (a field has at most MaxFieldWords words).
	var summary, b strings.Builder
	for i := range maxCacheWords + 1000 {
		w := &b
		if i < maxCacheWords/2 {
			w = &summary
		}
		fmt.Fprintf(w, "w%x ", i)
		if i%50 == 0 {
			fmt.Fprintf(w, "bank%x ", i) // new words with query words, to overwrite the emptied cache's
		}
	}
	b.WriteString("banking bank data shared")
	doc := &Doc{Summary: summary.String(), Text: b.String()}
	if got := matchBoth(t, s, doc); len(got) != 3 {
		t.Fatalf("Match of the long story = %+v, want 3 hits", got)
	}
}
