package rules

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestNearScope(t *testing.T) {
	tests := []struct {
		name  string
		query string
		text  string
		want  bool
	}{
		{"same sentence", "facebook NEAR/sentence bank", "Facebook asked the bank for data. Then it left.", true},
		{"next sentence", "facebook NEAR/sentence bank", "Facebook asked for data. The bank said no.", false},
		{"question mark ends a sentence", "facebook NEAR/sentence bank", "Did Facebook ask? A bank said no.", false},
		{"exclamation after a quote", "facebook NEAR/sentence bank", `He said "Facebook!" A bank said no.`, false},
		{"period inside a number", "facebook NEAR/sentence bank", "Facebook paid 3.5 billion to a bank.", true},
		{"abbreviation", "facebook NEAR/sentence bank", "Facebook Inc. Chief asked a bank.", true},
		{"initials", "facebook NEAR/sentence bancorp", "Facebook asked U.S. Bancorp for data.", true},
		{"lower case after a period", "facebook NEAR/sentence bank", "Facebook etc. asked, e.g. a bank.", true},
		{"lower case in another script", "facebook NEAR/sentence bank", "Facebook said. über die bank.", true},
		{"no ends a sentence", "facebook NEAR/sentence bank", "Facebook said no. A bank said yes.", false},
		{"No. before a number", "facebook NEAR/sentence bank", "Facebook ranks No. 1 with a bank.", true},
		{"line break ends a sentence", "facebook NEAR/sentence bank", "Share on Facebook\nBank results", false},
		{"line break after an abbreviation", "facebook NEAR/sentence bank", "Facebook Inc. \nBank results", false},
		{"a single letter in another script", "facebook NEAR/sentence bank", "Facebook and ж. Bank results", true},
		{"full stop in Chinese", "脸书 NEAR/sentence 银行", "脸书发布。银行回应", false},
		{"same paragraph", "facebook NEAR/paragraph bank", "Facebook asked for data.\nA bank said no.", true},
		{"next paragraph", "facebook NEAR/paragraph bank", "Facebook asked for data.\n\nA bank said no.", false},
		{"blank line with spaces", "facebook NEAR/paragraph bank", "Facebook asked.\n \t\nA bank said no.", false},
		{"ordered in order", "facebook ONEAR/sentence bank", "Facebook and a bank.", true},
		{"ordered out of order", "facebook ONEAR/sentence bank", "A bank and Facebook.", false},
		{"nearest pair in one sentence", "facebook NEAR/sentence bank", "Facebook. Facebook asked a bank. Bank.", true},
		{"nested", "(facebook NEAR/sentence bank) NEAR/paragraph data", "Facebook asked a bank. It wants data.\n\nMore.", true},
		{"nested across paragraphs", "(facebook NEAR/sentence bank) NEAR/paragraph data", "Facebook asked a bank.\n\nIt wants data.", false},
		{"a phrase on one side", `"credit card" NEAR/sentence facebook`, "Your credit card. Facebook.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := matchOne(t, Definition{Query: tt.query}, Doc{Text: tt.text})
			if got != tt.want {
				t.Errorf("%s on %q = %v, want %v", tt.query, tt.text, got, tt.want)
			}
		})
	}
}

func TestNearScopeFieldsAreSeparate(t *testing.T) {
	// The title is a field of its own: its words never share a sentence
	// with the text's.
	_, got := matchOne(t, Definition{Query: "facebook NEAR/sentence bank"}, Doc{Title: "Facebook", Text: "bank"})
	if got {
		t.Errorf("NEAR/sentence matched across title and text")
	}
}

func TestNearScopeSyntax(t *testing.T) {
	for _, q := range []string{"a NEAR/sentences b", "a NEAR/para b", "a ONEAR/ b"} {
		if _, err := Compile([]Definition{{Name: "r", Query: q}}, nil); err == nil {
			t.Errorf("Compile(%q) = nil error, want a syntax error", q)
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		name  string
		query string
		text  string
		want  bool
	}{
		{"a word twice", "facebook#2", "Facebook said. Facebook added.", true},
		{"a word once", "facebook#2", "Facebook said.", false},
		{"a list counts every entry", "@facebook#2", "Facebook and Instagram.", true},
		{"a phrase", `"credit card"#2`, "a credit card, then a credit card", true},
		{"overlapping places count once", `"credit credit"#2`, "credit credit credit", false},
		{"NEAR in two sentences", "(facebook NEAR/sentence bank)#2", "Facebook asked a bank. The bank told Facebook no.", true},
		{"NEAR in one sentence only", "(facebook NEAR/sentence bank)#2", "Facebook asked a bank. Facebook left. A bank stayed.", false},
		{"NEAR/sentence twice in one sentence", "(meta NEAR/sentence (chase OR citi))#2", "Meta and Chase met, and Meta and Citi met.", false},
		{"NEAR/sentence in two sentences", "(meta NEAR/sentence (chase OR citi))#2", "Meta and Chase met. Meta and Citi met.", true},
		{"NEAR/paragraph in one paragraph", "(meta NEAR/paragraph bank)#2", "Meta met a bank. Meta and a bank met.", false},
		{"NEAR/paragraph in two paragraphs", "(meta NEAR/paragraph bank)#2", "Meta met a bank.\n\nMeta and a bank met.", true},
		{"NEAR/n twice in one sentence", "(meta NEAR/3 (chase OR citi))#2", "Meta and Chase met, and Meta and Citi met.", true},
		{"one is any", "facebook#1", "Facebook", true},
		{"in an AND", "facebook#2 AND bank", "Facebook, Facebook and a bank", true},
		{"under NOT", "bank AND NOT facebook#2", "a bank and Facebook", true},
		{"under NOT, twice", "bank AND NOT facebook#2", "a bank, Facebook and Facebook", false},
		{"with a weight", "facebook#2^3", "Facebook, Facebook", true},
		{"title and text are separate places", "facebook#2", "Facebook", true},
		{"two short places inside a long one", `("x y z" OR y OR z)#2`, "x y z", true},
		{"a long place and a short one inside it", `("x y z" OR y)#2`, "x y z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Doc{Text: tt.text}
			if tt.name == "title and text are separate places" {
				d.Title = "Facebook"
			}
			_, got := matchOne(t, Definition{Query: tt.query}, d)
			if got != tt.want {
				t.Errorf("%s on %q = %v, want %v", tt.query, tt.text, got, tt.want)
			}
		})
	}
}

func TestCountScore(t *testing.T) {
	h, ok := matchOne(t, Definition{Query: "facebook#2^3 AND bank"}, Doc{Text: "Facebook, Facebook and a bank"})
	if !ok || h.Score != 4 {
		t.Errorf("score of facebook#2^3 AND bank = %v (matched %v), want 4", h.Score, ok)
	}
}

func TestCountErrors(t *testing.T) {
	for _, q := range []string{"facebook#0", "facebook#", "facebook#101", "(a AND b)#2", "(a#2 NEAR/3 b)", "a#2#3", "NOT a#2 AND b#x",
		"(a#2 OR b)#2", "((a NEAR/3 b)#2 OR c)#1", "a^2^3", "a^1000^1000"} {
		if _, err := Compile([]Definition{{Name: "r", Query: q}}, nil); err == nil {
			t.Errorf("Compile(%q) = nil error, want an error", q)
		}
	}
}

func TestCountedGroupScoresOnce(t *testing.T) {
	doc := Doc{Text: "Facebook, Meta and a bank"}
	for _, tt := range []struct {
		query string
		want  float64
	}{
		{"(facebook OR meta) AND bank", 3},
		{"(facebook OR meta)#1 AND bank", 2},
		{"(facebook OR meta)#2^3 AND bank", 4},
		{"(facebook OR meta OR instagram)#1^2", 2},
	} {
		h, ok := matchOne(t, Definition{Query: tt.query}, doc)
		if !ok || h.Score != tt.want {
			t.Errorf("score of %s = %v (matched %v), want %v", tt.query, h.Score, ok, tt.want)
		}
		if ok && len(h.Matches) == 0 {
			t.Errorf("%s matched with no explanation", tt.query)
		}
	}
}

// TestPlacesIsMaximal checks places against its definition on random
// ORs of phrases: the largest number of the node's spans no two of which
// overlap, computed by dynamic programming over the positions.
func TestPlacesIsMaximal(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 2))
	vocab := []string{"x", "y", "z"}
	word := func() string { return vocab[r.IntN(len(vocab))] }
	for range 2000 {
		var alts []string
		for range 1 + r.IntN(5) {
			var ws []string
			for range 1 + r.IntN(4) {
				ws = append(ws, word())
			}
			alts = append(alts, `"`+strings.Join(ws, " ")+`"`)
		}
		q := "(" + strings.Join(alts, " OR ") + ")"
		var ws []string
		for range 2 + r.IntN(12) {
			ws = append(ws, word())
		}
		doc := &Doc{Title: ws[0], Text: strings.Join(ws[1:], " ")}
		s, err := Compile([]Definition{{Name: "r", Query: q}}, nil)
		if err != nil {
			t.Fatalf("Compile(%q): %v", q, err)
		}
		st := s.get()
		st.begin()
		st.tokenizeDoc(doc)
		st.lookup(&s.dict, &s.main)
		root := s.rules[0].q.root
		got := st.places(root)
		st.spansOf(root, modeAll)
		want := mostDisjoint(st.spans)
		st.spans = st.spans[:0]
		s.pool.put(st)
		if got != want {
			t.Fatalf("places(%s) on %+v = %d, want %d", q, doc, got, want)
		}
	}
}

// mostDisjoint returns the size of the largest subset of spans no two of
// which overlap: per field, best[i] is the most that start at i or
// later.
func mostDisjoint(spans []span) int {
	total := 0
	for f := range uint8(numFields) {
		var end int32
		for _, sp := range spans {
			if sp.field == f {
				end = max(end, sp.end+1)
			}
		}
		best := make([]int, end+2)
		for i := end - 1; i >= 0; i-- {
			best[i] = best[i+1]
			for _, sp := range spans {
				if sp.field == f && sp.start == i {
					best[i] = max(best[i], 1+best[sp.end+1])
				}
			}
		}
		total += best[0]
	}
	return total
}

// TestNearScopeOnGeneratedText matches NEAR/sentence, ONEAR/sentence and
// NEAR/paragraph, alone and counted, on texts built from known sentences
// and paragraphs, and checks each answer against those: the units where
// two occurrences of the sides meet (the first before the second for
// ONEAR), of which #n wants n.
func TestNearScopeOnGeneratedText(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 8))
	vocab := []string{"bank", "data", "meta", "card", "shares", "news"}
	ends := []string{".", "!", "?", "."}
	for range 500 {
		type occ struct {
			word           string
			sentence, para int
		}
		var occs []occ
		var b strings.Builder
		sentence := 0
		for p := range 1 + r.IntN(3) {
			if p > 0 {
				b.WriteString([]string{"\n\n", "\n \n", "\n\t\n"}[r.IntN(3)])
			}
			for k := range 1 + r.IntN(3) {
				if k > 0 {
					b.WriteString([]string{" ", "  ", "\u00a0", "\" "}[r.IntN(4)])
				}
				for i := range 1 + r.IntN(5) {
					w := vocab[r.IntN(len(vocab))]
					occs = append(occs, occ{w, sentence, p})
					if i == 0 {
						w = strings.ToUpper(w[:1]) + w[1:]
					} else {
						b.WriteString([]string{" ", ", ", " - "}[r.IntN(3)])
					}
					b.WriteString(w)
				}
				b.WriteString(ends[r.IntN(len(ends))])
				sentence++
			}
		}
		text := b.String()
		x, y := vocab[r.IntN(len(vocab))], vocab[r.IntN(len(vocab))]
		for _, q := range []struct {
			op      string
			ordered bool
			unit    func(occ) int
		}{
			{"NEAR/sentence", false, func(o occ) int { return o.sentence }},
			{"ONEAR/sentence", true, func(o occ) int { return o.sentence }},
			{"NEAR/paragraph", false, func(o occ) int { return o.para }},
		} {
			units := map[int]bool{} // where the sides meet
			for i, a := range occs {
				for j, c := range occs {
					if i != j && a.word == x && c.word == y && q.unit(a) == q.unit(c) && (!q.ordered || i < j) {
						units[q.unit(a)] = true
					}
				}
			}
			for n := range 3 {
				query := x + " " + q.op + " " + y
				if n > 0 {
					query = fmt.Sprintf("(%s)#%d", query, n+1)
				}
				want := len(units) > n
				if _, got := matchOne(t, Definition{Query: query}, Doc{Text: text}); got != want {
					t.Fatalf("%s on %q = %v, want %v", query, text, got, want)
				}
			}
		}
	}
}

// TestNearSpansMatchReference compares the spans of NEAR/n,
// NEAR/sentence and NEAR/paragraph (and ONEAR) with a search of every
// pair: for each left span, the first right span of least gap within the
// distance that shares its unit. The texts have phrases across sentence
// ends and sides of several lengths.
func TestNearSpansMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	vocab := []string{"x", "y", "z", "w"}
	side := func() string {
		var alts []string
		for range 1 + r.IntN(3) {
			var ws []string
			for range 1 + r.IntN(2) {
				ws = append(ws, vocab[r.IntN(len(vocab))])
			}
			alts = append(alts, `"`+strings.Join(ws, " ")+`"`)
		}
		return "(" + strings.Join(alts, " OR ") + ")"
	}
	seps := []string{" ", " ", " ", ". ", "! ", "\n", "\n\n", ", "}
	for range 3000 {
		op := []string{"NEAR", "ONEAR"}[r.IntN(2)] + "/" + []string{"sentence", "paragraph", fmt.Sprint(1 + r.IntN(4))}[r.IntN(3)]
		q := side() + " " + op + " " + side()
		var b strings.Builder
		for range 1 + r.IntN(25) {
			b.WriteString(strings.ToUpper(vocab[r.IntN(len(vocab))]) + "x" + seps[r.IntN(len(seps))])
			b.WriteString(vocab[r.IntN(len(vocab))] + seps[r.IntN(len(seps))])
		}
		doc := &Doc{Text: b.String()}
		s, err := Compile([]Definition{{Name: "r", Query: q}}, nil)
		if err != nil {
			t.Fatalf("Compile(%q): %v", q, err)
		}
		st := s.get()
		st.begin()
		st.tokenizeDoc(doc)
		st.lookup(&s.dict, &s.main)
		n := s.rules[0].q.root
		st.spansOf(n, modeAll)
		got := slices.Clone(st.spans)
		st.spans = st.spans[:0]
		st.spansOf(n.kids[0], modeAll)
		left := slices.Clone(st.spans)
		st.spans = st.spans[:0]
		st.spansOf(n.kids[1], modeAll)
		right := slices.Clone(st.spans)
		st.spans = st.spans[:0]
		var want []span
		for _, a := range left {
			best, bestGap := -1, int32(0)
			for j, c := range right {
				gap := int32(-1)
				switch {
				case c.start > a.end:
					gap = c.start - a.end
				case !n.ordered && a.start > c.end:
					gap = a.start - c.end
				}
				if gap < 0 || gap > int32(n.dist) || c.field != a.field || (best >= 0 && gap >= bestGap) {
					continue
				}
				if n.scope != scopeWords {
					u := st.unitsOf(int(a.field), n.scope)
					if u[min(a.start, c.start)] != u[max(a.end, c.end)] {
						continue
					}
				}
				best, bestGap = j, gap
			}
			if best >= 0 {
				c := right[best]
				want = append(want, span{field: a.field, start: min(a.start, c.start), end: max(a.end, c.end), term: n.term})
			}
		}
		sortSpans(want)
		want = slices.Compact(want) // pairs covering the same words are one place
		s.pool.put(st)
		if !slices.Equal(got, want) {
			t.Fatalf("spans of %s on %q = %v, want %v", q, doc.Text, got, want)
		}
	}
}
