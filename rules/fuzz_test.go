package rules

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// FuzzCompile checks that no query panics the parser, compiler or
// matcher, that every rejection is an *Error, and that compiling stays
// linear: a query of n bytes never yields more than n clauses.
func FuzzCompile(f *testing.F) {
	for _, q := range []string{
		"@facebook AND @banks AND (@personal_data OR (data NEAR/8 @sharing))",
		`title:(facebook OR meta) AND bank* AND NOT "stock price"`,
		"a NEAR/3 b ONEAR/2 (c OR @banks)", "((((a))))", "NOT NOT -a", `"a b c d e f"^2.5`,
		"a b", "a and b", "(", ")", `"`, "^", "@", "-", "title:", "x:y", "NEAR/99999 a",
		"银行 AND ß*", "a^1e9", "\x00\xff", strings.Repeat("(a AND ", 50),
		"facebook NEAR/sentence bank", "(@facebook ONEAR/paragraph @banks)#2^3", `("a b" OR c)#2 AND NOT d#3`,
		"((a NEAR/sentence b) NEAR/paragraph c)#2", "(a OR b)#1 AND c", "C# AND a#", "a^2^3", "(a#2 OR b)#2",
	} {
		f.Add(q)
	}
	lists := map[string][]string{"facebook": {"facebook", "meta"}, "banks": {"bank", "credit card"},
		"personal_data": {"personal data"}, "sharing": {"share*"}}
	doc := &Doc{Title: "Facebook meta bank", Text: "a b. C d e f bank data!\n\nShare Inc. credit card 银行。ß c a\nb"}
	f.Fuzz(func(t *testing.T, q string) {
		s, err := Compile([]Definition{{Name: "f", Query: q}}, lists)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%q) error %v is not an *Error", q, err)
			}
			if strings.Contains(e.Msg, "\n") {
				t.Fatalf("Compile(%q) message %q has several lines", q, e.Msg)
			}
			return
		}
		if n := countNodes(s.rules[0].q.root); n > len(q) {
			t.Fatalf("Compile(%q) made %d nodes from %d bytes", q, n, len(q))
		}
		hits := s.Match(doc)
		for _, h := range hits {
			for _, m := range h.Matches {
				_ = Mark(m, "[", "]")
			}
		}
		d, ok := s.Diagnose("f", doc)
		if !ok || d.Flags() != (len(hits) > 0) {
			t.Fatalf("Diagnose(%q) = %+v, %v; Match flags: %v", q, d, ok, len(hits) > 0)
		}
		for _, c := range d.Clauses {
			for _, p := range c.Missing {
				// rules/corpus.Suggest rewrites the query there
				if p.Pos < 0 || p.Pos+len(p.Src) > len(q) || q[p.Pos:p.Pos+len(p.Src)] != p.Src {
					t.Fatalf("Diagnose(%q): part %q is not at byte %d of the query", q, p.Src, p.Pos)
				}
			}
		}
		_ = Lint([]Definition{{Name: "f", Query: q}}, lists)
	})
}

func countNodes(n *node) int {
	c := 1
	for _, k := range n.kids {
		c += countNodes(k)
	}
	return c
}

// FuzzMatchDoc checks the indexed matcher against Reference on fuzzed
// documents: the same hits, scores and explanations for a fixed set of
// random rules. It covers what the differential test's
// generated documents do not: words of every length at the end of a
// field (the word cache reads whole integers past a word), invalid
// UTF-8, and huge or empty fields.
func FuzzMatchDoc(f *testing.F) {
	for _, s := range []string{
		"bank data shared with facebook", "the sky of the national bank", "banking", "sharings",
		"internationalizations", "happiness generalization", "café müller straße 银行 한국은행",
		"abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "\xff\xfe bank", "",
		strings.Repeat("share ", 200) + "facebook",
		"Facebook asked a bank. The bank said no.\n\nData Inc. shared! U.S. bank。银行 data", "a. B\n \nc? d\ne",
	} {
		f.Add(s, s)
	}
	r := rand.New(rand.NewPCG(3, 5))
	var defs []Definition
	for i := range 60 {
		defs = append(defs, Definition{Name: fmt.Sprintf("r%02d", i), Query: randQuery(r, 3), Stem: i%3 == 0})
	}
	lists := map[string][]string{"l0": {"bank", "credit card", "share*"}, "l1": {"facebook", "meta", "happy"},
		"l2": {}, "l3": {"national", "银行", "the sky"}}
	s, err := Compile(defs, lists)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, text string) {
		doc := &Doc{Title: title, Text: text, URL: "https://x.example/" + title}
		if got, want := s.Match(doc), NewReference(s).Match(doc); !reflect.DeepEqual(got, want) {
			t.Fatalf("Match(%q, %q) =\n%+v\nReference.Match =\n%+v", title, text, got, want)
		}
		if got, want := s.WantsArticle(doc), NewReference(s).WantsArticle(doc); got != want {
			t.Fatalf("WantsArticle(%q, %q) = %v, Reference.WantsArticle = %v", title, text, got, want)
		}
	})
}
