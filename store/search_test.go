package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  Bank  ", []string{"bank"}},
		{"bank Facebook", []string{"bank", "facebook"}},
		{`"data  sharing" bank`, []string{"data sharing", "bank"}},
		{`bank "unclosed phrase`, []string{"bank", "unclosed phrase"}},
		{`""`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SearchTerms(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SearchTerms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMatchText(t *testing.T) {
	a := &Article{Title: "Bank shares DATA", Summary: "with Meta", Text: "The bank\nsaid customers\twere told."}
	tests := []struct {
		text string
		want bool
	}{
		{"", true},
		{"bank", true},
		{"BANKS", false},
		{"meta data", true},
		{`"bank said customers"`, true},
		{`"data with"`, false}, // title and summary are not one text
		{"bank twitter", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := MatchText(a, SearchTerms(tt.text)); got != tt.want {
				t.Errorf("MatchText(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
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
		{"scan budget smaller than a page", 3, 2},
		{"scan budget of one", 2, 1},
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

// BenchmarkSearchPage measures a text search that has to examine the whole
// scan budget: 5,000 stored articles of about 4 KB, one in twenty flagged,
// the searched word in none of them.
func BenchmarkSearchPage(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	arts := make([]*Article, 5000)
	for i := range arts {
		arts[i] = benchArticle(i)
	}
	putParallel(b, s, arts)
	for _, tc := range []struct {
		name string
		q    Query
		want int // articles examined per call
	}{
		{"all", Query{Limit: 50}, len(arts)},
		{"flagged", Query{FlaggedOnly: true, Limit: 50}, len(arts) / 20},
	} {
		b.Run(tc.name, func(b *testing.B) {
			examined := 0
			start := time.Now()
			for b.Loop() {
				got, _, err := s.SearchPage(ctx, tc.q, "zeppelin", len(arts))
				if err != nil || len(got) != 0 {
					b.Fatalf("SearchPage = %d, %v; want none", len(got), err)
				}
				examined += tc.want
			}
			b.ReportMetric(float64(examined)/time.Since(start).Seconds(), "articles/s")
		})
	}
}
