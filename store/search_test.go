package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseSearch(t *testing.T) {
	w := func(text string) SearchWord { return SearchWord{Text: text} }
	p := func(text string) SearchWord { return SearchWord{Text: text, Prefix: true} }
	long := strings.Repeat("é", 60) // 120 bytes: cut to 50 characters
	tests := []struct {
		in   string
		want Search
	}{
		{"", nil},
		{"  Bank  ", Search{{w("bank")}}},
		{"bank Facebook", Search{{w("bank")}, {w("facebook")}}},
		{`"data  sharing" bank`, Search{{w("data"), w("sharing")}, {w("bank")}}},
		{`bank "unclosed phrase`, Search{{w("bank")}, {w("unclosed"), w("phrase")}}},
		{`""`, nil},
		{"bank* *", Search{{p("bank")}}},
		{`"central ban*"`, Search{{w("central"), p("ban")}}},
		{"e-mail U.S.", Search{{w("e"), w("mail")}, {w("u"), w("s")}}},
		{"ÉLECTION, Straße!", Search{{w("élection")}, {w("straße")}}},
		{"e\u0301te", Search{{w("\u00e9te")}}}, // composed: é is one character
		{"-- !", nil},
		{long, Search{{w(strings.Repeat("é", 50))}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ParseSearch(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseSearch(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := ParseSearch(got.String()); !reflect.DeepEqual(again, got) {
				t.Errorf("ParseSearch(%q.String() = %q) = %q, want it unchanged", tt.in, got.String(), again)
			}
		})
	}
}

func TestSearchMatch(t *testing.T) {
	a := &Article{Title: "Bank shares DATA", Summary: "with Meta", Text: "The bank\nsaid customers\twere told, e-mails and all. Élection à Paris."}
	tests := []struct {
		text string
		want bool
	}{
		{"", true},
		{"bank", true},
		{"BANKS", false},
		{"ban", false},
		{"ban*", true},
		{"banks*", false},
		{"meta data", true},
		{`"bank said customers"`, true},
		{`"bank said cust*"`, true},
		{`"said bank"`, false},
		{`"data with"`, false}, // title and summary are not one text
		{"bank twitter", false},
		{"e-mails", true},
		{`"told e"`, true},
		{"mail", false},
		{"élection", true},
		{"election", false}, // no folding of accents
		{"à", true},
		{"!!!", true}, // no words: every article
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := ParseSearch(tt.text).Match(a); got != tt.want {
				t.Errorf("ParseSearch(%q).Match = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestSearchWords(t *testing.T) {
	a := &Article{Title: "The Bank", Summary: "bank's", Text: "1,000 banks\x00and\xffthe"}
	want := []string{"000", "1", "and", "bank", "banks", "s", "the"}
	if got := SearchWords(a); !reflect.DeepEqual(got, want) {
		t.Errorf("SearchWords = %q, want %q", got, want)
	}
}

func TestSearchPage(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var want []string
	for i := range 12 {
		a := article("https://news.example/"+string(rune('a'+i)), "https://feed.example/rss", at(-time.Duration(i)*time.Hour), t0, "bank")
		if i%3 == 0 {
			a.Title = "Bank shares data with Meta"
			want = append(want, a.URL)
		}
		put(t, s, a)
	}
	tests := []struct {
		name        string
		limit, scan int
	}{
		{"one per page", 1, 0},
		{"two per page", 2, 0},
		{"page bigger than result", 10, 0},
		{"scan argument smaller than a page (ignored)", 3, 2},
		{"scan argument of one (ignored)", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			after := ""
			for pages := 0; ; pages++ {
				if pages > 20 {
					t.Fatalf("SearchPage did not finish after %d pages", pages)
				}
				arts, next, err := s.SearchPage(ctx, Query{Rule: "bank", Limit: tt.limit, After: after}, "meta", tt.scan)
				if err != nil {
					t.Fatal(err)
				}
				if len(arts) > tt.limit {
					t.Errorf("SearchPage gave %d articles, want at most %d", len(arts), tt.limit)
				}
				got = append(got, urls(arts)...)
				if next == "" {
					break
				}
				after = next
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("SearchPage pages = %v, want %v", got, want)
			}
		})
	}
	arts, next, err := s.SearchPage(ctx, Query{Limit: 4}, "", 0)
	if err != nil || len(arts) != 4 || next == "" {
		t.Errorf("SearchPage(no text) = %d articles, next %q, %v; want 4, a cursor, nil", len(arts), next, err)
	}
	if _, _, err := s.SearchPage(ctx, Query{After: "bogus"}, "meta", 0); !errors.Is(err, ErrBadCursor) {
		t.Errorf("SearchPage(bad cursor) = %v, want ErrBadCursor", err)
	}
}

func TestSearchPhrases(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", ""},
		{"bank ban*", ""},
		{`bank "central ban*" "bank" rates "of the"`, `"central ban*" "of the"`},
	}
	for _, tt := range tests {
		if got := ParseSearch(tt.text).Phrases().String(); got != tt.want {
			t.Errorf("ParseSearch(%q).Phrases() = %q, want %q", tt.text, got, tt.want)
		}
	}
}
