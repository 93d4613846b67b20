package rules

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

var testLists = map[string][]string{
	"facebook": {"facebook", "meta", "instagram"},
	"banks":    {"bank", "banks", "credit card", "card issuer*"},
	"empty":    {},
}

// matchOne compiles q as a rule named "r" and reports whether it flags d.
func matchOne(t *testing.T, def Definition, d Doc) (Hit, bool) {
	t.Helper()
	def.Name = "r"
	s, err := Compile([]Definition{def}, testLists)
	if err != nil {
		t.Fatalf("Compile(%q) error: %v", def.Query, err)
	}
	hits := matchBoth(t, s, &d)
	if len(hits) == 0 {
		return Hit{}, false
	}
	return hits[0], true
}

func TestMatch(t *testing.T) {
	tests := []struct {
		query string
		stem  bool
		doc   Doc
		want  bool
	}{
		{"facebook", false, Doc{Text: "Facebook's plan"}, true},
		{"facebook", false, Doc{Text: "facebookpage"}, false},
		{"FACEBOOK", false, Doc{Title: "facebook"}, true},
		{"muller", false, Doc{Text: "Thomas Müller scored"}, true},
		{"strasse", false, Doc{Text: "Straße 5"}, true},
		{"straße", false, Doc{Text: "STRASSE"}, true},
		{"aeroskobing", false, Doc{Text: "Ærøskøbing harbour"}, true},
		{"cafe", false, Doc{Text: "the café"}, true},
		{"café", false, Doc{Text: "the cafe\u0301 nearby"}, true},
		{"آ", false, Doc{Text: "ا\u0653"}, true}, // canonically equivalent outside the folding tables
		{"\u0915\u093c", false, Doc{Text: "\u0958"}, true},
		{"银行", false, Doc{Text: "中国银行发布"}, true},
		{"银行", false, Doc{Text: "中国银发布行"}, false},
		{"bank", false, Doc{Text: "中国bank发布"}, true},
		{"москва", false, Doc{Text: "В Москве и МОСКВА"}, true},
		{`"credit card"`, false, Doc{Text: "a credit-card data"}, true},
		{`"credit card"`, false, Doc{Text: "credit for the card"}, false},
		{"checking-account", false, Doc{Text: "checking account balances"}, true},
		{"bank*", false, Doc{Text: "the bankers"}, true},
		{"bank*", false, Doc{Text: "riverbank"}, false},
		{`"card issuer*"`, false, Doc{Text: "card issuers said"}, true},
		{"bank AND NOT meta", false, Doc{Text: "bank"}, true},
		{"bank AND NOT meta", false, Doc{Text: "bank meta"}, false},
		{"bank AND -meta", false, Doc{Text: "bank meta"}, false},
		{"NOT meta", false, Doc{Text: "nothing"}, true},
		{"a OR b", false, Doc{Text: "b"}, true},
		{"a AND b OR c", false, Doc{Text: "c"}, true},
		{"a AND (b OR c)", false, Doc{Text: "c"}, false},
		{"data NEAR/3 share", false, Doc{Text: "share the data"}, true},
		{"data NEAR/3 share", false, Doc{Text: "data one two three share"}, false},
		{"data NEAR/4 share", false, Doc{Text: "data one two three share"}, true},
		{"data ONEAR/3 share", false, Doc{Text: "share the data"}, false},
		{"data ONEAR/3 share", false, Doc{Text: "data is shared, share"}, true},
		{"data NEAR/3 share", false, Doc{Title: "data", Text: "share"}, false},
		{"data NEAR/2 @banks", false, Doc{Text: "data on credit cards"}, false},
		{"data NEAR/2 @banks", false, Doc{Text: "data on credit card"}, true},
		{`(data NEAR/2 bank) NEAR/3 facebook`, false, Doc{Text: "facebook wants bank data"}, true},
		{`(data OR info) NEAR/1 bank`, false, Doc{Text: "bank info"}, true},
		{"bank NEAR/1 bank", false, Doc{Text: "bank"}, false},
		{"bank NEAR/1 bank", false, Doc{Text: "bank bank"}, true},
		{"title:bank", false, Doc{Text: "bank"}, false},
		{"title:bank", false, Doc{Title: "Bank"}, true},
		{"bank", false, Doc{Author: "bank"}, false},
		{"author:smith", false, Doc{Author: "Jane Smith"}, true},
		{"url:facebook", false, Doc{URL: "https://example.com/facebook-banks"}, true},
		{`url:"example.com"`, false, Doc{URL: "https://www.example.com/x"}, true},
		{"feed:register", false, Doc{Feed: "The Register"}, true},
		{"title:(bank OR lender)", false, Doc{Title: "A lender"}, true},
		{"@facebook AND @banks", false, Doc{Text: "Instagram and a card issuer"}, true},
		{"@facebook AND @banks", false, Doc{Text: "Instagram and a card"}, false},
		{"@empty OR bank", false, Doc{Text: "bank"}, true},
		{"share", true, Doc{Text: "Facebook shared it"}, true},
		{"share", false, Doc{Text: "Facebook shared it"}, false},
		{"@banks", true, Doc{Text: "banking"}, true},
		{`"share data"`, true, Doc{Text: "sharing datas"}, true},
		{"die", true, Doc{Text: "dying"}, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/stem=%v", tt.query, tt.stem), func(t *testing.T) {
			_, got := matchOne(t, Definition{Query: tt.query, Stem: tt.stem}, tt.doc)
			if got != tt.want {
				t.Errorf("Match(%q on %+v) = %v, want %v", tt.query, tt.doc, got, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		query    string
		minScore float64
		text     string
		want     float64 // -1: no hit
	}{
		{"a AND b", 0, "a b", 2},
		{"a^2 AND b", 0, "a b", 3},
		{"(a OR b)^3 AND c", 0, "a b c", 7},
		{"(a^2)^3 AND c", 0, "a b c", 7},
		{"a OR b OR c", 0, "a c", 2},
		{"a OR b OR c", 2, "a", -1},
		{"a OR b OR c", 2, "a c c c", 2},
		{"(a AND b) OR c", 0, "a c", 1},
		{"a NEAR/2 b", 0, "a b", 1},
		{"@banks AND NOT x", 0, "bank credit card", 1},
		{"NOT x", 0, "y", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			h, ok := matchOne(t, Definition{Query: tt.query, MinScore: tt.minScore}, Doc{Text: tt.text})
			got := h.Score
			if !ok {
				got = -1
			}
			if got != tt.want {
				t.Errorf("score of %q on %q = %v, want %v", tt.query, tt.text, got, tt.want)
			}
		})
	}
}

func TestMatchExplains(t *testing.T) {
	text := "In 2018 the social network asked big banks to share detailed financial data about their customers, including card transactions."
	h, ok := matchOne(t, Definition{Query: `title:facebook AND (bank* OR "card transactions") AND data NEAR/8 share`, Tags: []string{"privacy"}},
		Doc{Title: "Facebook wants your bank data", Text: text})
	if !ok {
		t.Fatal("rule did not match")
	}
	want := []string{
		"title facebook [[Facebook]] wants your bank data",
		"title bank* Facebook wants your [[bank]] data",
		"text bank* In 2018 the social network asked big [[banks]] to share detailed financial data about their customers …",
		"text share … 2018 the social network asked big banks to [[share]] detailed financial data about their customers, including card …",
		"text data … network asked big banks to share detailed financial [[data]] about their customers, including card transactions.",
		"text card transactions … share detailed financial data about their customers, including [[card transactions]].",
	}
	var got []string
	for _, m := range h.Matches {
		doc := text
		if m.Field == "title" {
			doc = "Facebook wants your bank data"
		}
		if doc[m.Offset:m.Offset+m.Length] != m.Snippet[m.SnippetOffset:m.SnippetOffset+m.Length] {
			t.Errorf("match %+v: offsets disagree with the snippet", m)
		}
		got = append(got, m.Field+" "+m.Term+" "+Mark(m, "[[", "]]"))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("matches =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if h.Score != 4 || len(h.Tags) != 1 {
		t.Errorf("score, tags = %v, %v, want 4, [privacy]", h.Score, h.Tags)
	}
}

func TestMatchSortedAndConcurrent(t *testing.T) {
	defs := []Definition{{Name: "zeta", Query: "bank"}, {Name: "alpha", Query: "bank OR x"}, {Name: "mid", Query: "NOT nothing"}}
	s, err := Compile(defs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				hits := s.Match(&Doc{Text: "the bank"})
				if len(hits) != 3 || hits[0].Rule != "alpha" || hits[1].Rule != "mid" || hits[2].Rule != "zeta" {
					t.Errorf("Match = %+v, want alpha, mid, zeta", hits)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestWantsArticle(t *testing.T) {
	s, err := Compile([]Definition{{Name: "a", Query: "bank AND data", Prefilter: "bank* OR lender"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.WantsArticle(&Doc{Title: "Banking news"}); !got {
		t.Errorf("WantsArticle(banking) = %v, want true", got)
	}
	if got := s.WantsArticle(&Doc{Title: "Sports"}); got {
		t.Errorf("WantsArticle(sports) = %v, want false", got)
	}
	s, err = Compile([]Definition{{Name: "a", Query: "bank", Prefilter: "bank"}, {Name: "b", Query: "x"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.WantsArticle(&Doc{Title: "Sports"}); !got {
		t.Errorf("WantsArticle with a rule without prefilter = %v, want true", got)
	}
}
