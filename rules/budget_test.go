package rules

import (
	"errors"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// nearWork matches the only rule of s against doc and returns whether
// it matched and how many spans NEAR evaluation read (state.work).
func nearWork(t *testing.T, s *Set, doc *Doc) (bool, int) {
	t.Helper()
	st := s.get()
	defer s.pool.put(st)
	st.begin()
	st.tokenizeDoc(doc)
	st.lookup(&s.dict, &s.main)
	ok := st.match(s.rules[0].q.root)
	return ok, st.work
}

// denseWords is a text of n words that all start with w, so that the
// wildcard w* matches every word of it.
func denseWords(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('w')
		for range 1 + r.IntN(3) {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
	}
	return b.String()
}

// chain is a query of terms joined by op.
func chain(term, op string, terms int) string {
	return strings.TrimSuffix(strings.Repeat(term+" "+op+" ", terms), " "+op+" ")
}

// TestNearWorkLinear pins the cost of proximity evaluation: a chain of
// NEARs over a wildcard that matches every word reads each level's spans
// a logarithmic number of times, however far NEAR reaches. Evaluated
// window by window (every right span within the distance of every left
// span), a chain of 16 NEAR/200 read about 200 times as much.
func TestNearWorkLinear(t *testing.T) {
	const words, terms = 2000, 16
	doc := &Doc{Text: denseWords(rand.New(rand.NewPCG(1, 2)), words)}
	// Each of the terms-1 NEARs pairs two lists of at most words spans:
	// a pass over the left, a binary search of the right for each, a
	// pass over the right.
	limit := (terms - 1) * 2 * words * (bits.Len(words) + 2)
	work := map[string]int{}
	for _, op := range []string{"NEAR/2", "NEAR/20", "NEAR/200", "ONEAR/2", "ONEAR/200", "NEAR/sentence", "ONEAR/paragraph"} {
		s, err := Compile([]Definition{{Name: "chain", Query: chain("w*", op, terms)}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ok, w := nearWork(t, s, doc)
		if !ok {
			t.Fatalf("%s did not match a text where every word matches w*", op)
		}
		if w > limit {
			t.Errorf("a chain of %d %s over %d words read %d spans, want at most %d", terms, op, words, w, limit)
		}
		work[op] = w
	}
	if work["NEAR/200"] > 2*work["NEAR/2"] {
		t.Errorf("a chain of NEAR/200 read %d spans and one of NEAR/2 %d: the work grows with the distance", work["NEAR/200"], work["NEAR/2"])
	}
}

// TestFieldWordCap checks that a rule sees the first MaxFieldWords words
// of a field, and the text up to the next, and nothing after: a word
// after them does not match, in ASCII, other scripts and ideographs, and
// the explanation of the last word seen stays within the field's text.
func TestFieldWordCap(t *testing.T) {
	s, err := Compile([]Definition{{Name: "r", Query: "facebook OR müller OR 银"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	filler := strings.Repeat("x ", MaxFieldWords-1)
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"last word seen", filler + "facebook", true},
		{"last word seen, then more", filler + "Facebook, and more words", true},
		{"first word left out", filler + "x facebook", false},
		{"first word left out, not ASCII", filler + "x Müller", false},
		{"first word left out, an ideograph", filler + "行银", false},
		{"ideograph seen", filler + "银行", true},
		{"far past the cap", filler + strings.Repeat("y ", 3*MaxFieldWords) + "facebook", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			hits := s.Match(&Doc{Text: c.text})
			if got := len(hits) > 0; got != c.want {
				t.Fatalf("Match = %+v, want a hit: %v", hits, c.want)
			}
			for _, m := range hits {
				for _, mm := range m.Matches {
					if mm.Offset+mm.Length > len(c.text) || mm.Offset < 2*(MaxFieldWords-1) {
						t.Errorf("match %+v is not the last word seen", mm)
					}
				}
			}
		})
	}
	var tk tokens
	tk.tokenize(fieldText, filler+"facebook   and more")
	if got, want := tk.text[fieldText], filler+"facebook   "; got[len(got)-20:] != want[len(want)-20:] || len(tk.toks[fieldText]) != MaxFieldWords {
		t.Errorf("tokenize kept %d words and a text ending %q, want %d words and a text ending %q",
			len(tk.toks[fieldText]), got[len(got)-20:], MaxFieldWords, want[len(want)-20:])
	}
}

// TestRuleCost pins the cost model (MaxRuleCost) on small clauses.
func TestRuleCost(t *testing.T) {
	lists := map[string][]string{
		"banks":  {"bank", "bank of america", "banking", "chase bank"},
		"copies": {"a*", "a*", "ab*"},
	}
	for _, c := range []struct {
		q    string
		want int
	}{
		{"bank", 1},
		{`"bank of america"`, 1},    // one word of a story is one of the three
		{`"bank to bank"`, 2},       // bank is read twice
		{"bank AND bank*", 2},       // banks matches bank*, bank both
		{"bank* AND ba* AND b*", 3}, // banks matches all three
		{"bank NEAR/3 data", 3},     // bank: read, paired, the pair written
		{"bank ONEAR/sentence data", 3},
		{"data NEAR/3 bank", 3},            // data; bank, the right side, is read and paired: 2
		{"(bank NEAR/3 data) NEAR/3 x", 5}, // bank's spans go on to the outer NEAR
		{"@banks", 3},                      // bank: "bank", "bank of america", the bank of "chase bank"
		{"@copies", 3},
		{"bank#2", 2}, // counting reads the spans
	} {
		root, err := newCompiler(lists).query("r", c.q, false)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		if got := cost(root); got != c.want {
			t.Errorf("cost(%s) = %d, want %d", c.q, got, c.want)
		}
	}
	if got, want := cost(mustQuery(t, chain("w*", "NEAR/5", 16))), 61; got != want {
		t.Errorf("cost of a chain of 15 NEARs over w* = %d, want %d", got, want)
	}
	words := strings.Fields("a b c d e f g h i j k l m n o p")
	if got, want := cost(mustQuery(t, strings.Join(words, " NEAR/5 "))), 31; got != want {
		t.Errorf("cost of a chain of 15 NEARs over distinct words = %d, want %d", got, want)
	}
}

func mustQuery(t *testing.T, q string) *node {
	t.Helper()
	root, err := newCompiler(nil).query("r", q, false)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestRuleCostRefused checks that Compile and Lint (rules check) refuse a
// query or prefilter that costs more than MaxRuleCost, with one sentence
// naming the rule, the clause and the fix, and accept a chain of 16
// NEARs over a wildcard, which the linear NEAR evaluates in time.
func TestRuleCostRefused(t *testing.T) {
	long := chain("w*", "NEAR/1000", 300) // 3,900 bytes: under MaxQueryBytes
	for _, c := range []struct {
		name string
		def  Definition
		want []string // in the message
	}{
		{"chain", Definition{Name: "chain", Query: long},
			[]string{`rule "chain" at position 1: the query may read 1197 positions for each word of a story (one made of the word "w"), more than the limit of 500: split it into several rules`}},
		{"clause", Definition{Name: "clause", Query: "facebook AND (" + long + ")"},
			[]string{`rule "clause" at position 14: the clause "(w* NEAR/1000`, `w*)" may read 1197 positions`, "split it"}},
		{"prefilter", Definition{Name: "pre", Query: "facebook", Prefilter: long},
			[]string{`rule "pre" at position 1: in prefilter: the query may read 1197 positions`}},
		{"list", Definition{Name: "list", Query: "@many NEAR/5 bank"},
			[]string{`rule "list" at position 1: the query may read 1502 positions for each word of a story (one made of the word "bank")`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			lists := map[string][]string{"many": slices.Repeat([]string{"ban*"}, 500)}
			_, err := Compile([]Definition{c.def}, lists)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%q) = %v, want an *Error", c.def.Query, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Compile error %q does not say %q", err, w)
				}
			}
			if strings.Count(e.Msg, ". ") > 0 || strings.Contains(e.Msg, "\n") {
				t.Errorf("message %q is not one sentence", e.Msg)
			}
			ws := Lint([]Definition{c.def}, lists)
			if len(ws) == 0 || ws[0].Severity != SeverityError || !strings.Contains(ws[0].String(), "more than the limit of 500") {
				t.Errorf("Lint = %v, want the cost error", ws)
			}
		})
	}
	if _, err := Compile([]Definition{{Name: "ok", Query: chain("w*", "NEAR/1000", 16)}}, nil); err != nil {
		t.Errorf("a chain of 16 NEARs: %v", err)
	}
}

// TestCostBound checks that costBound, which lets most rules skip the
// count by word, is never below the cost.
func TestCostBound(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	lists := map[string][]string{"l0": {"bank", "credit card", "share*"}, "l1": {"facebook", "meta", "happy"},
		"l2": {}, "l3": {"national", "银行", "the sky"}}
	for range 2000 {
		q := randQuery(r, 4)
		root, err := newCompiler(lists).query("r", q, r.IntN(3) == 0)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if b, _ := costBound(root); b < cost(root) {
			t.Fatalf("costBound(%s) = %d, below its cost %d", q, b, cost(root))
		}
	}
}
