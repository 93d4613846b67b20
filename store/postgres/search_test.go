package postgres

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// TestSearchWholeArchive finds matches however old, by word, stem and
// prefix, also on articles stored before the words column existed (until
// Open fills them in, and after), and on an article with too many words
// for a tsvector, through both the sorted and the ordered read of the
// candidates.
func TestSearchWholeArchive(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	t0 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	const n = sortedCandidates + 200
	for i := range n {
		a := &store.Article{URL: fmt.Sprintf("https://x.example/%d", i), Fetched: t0.Add(time.Duration(i) * time.Minute),
			Title: fmt.Sprint("Story ", i), Text: "Weather and sport.", Lang: "en"}
		switch i {
		case 0: // the oldest
			a.Text = "The river's EMBANKMENT gave way."
		case 1:
			a.Summary, a.Text = "Bad\xffbytes and a zero\x00byte", "A central\n\tbank, l'embankment."
		case 2: // more distinct words than a tsvector holds
			var b strings.Builder
			for w := range 60000 {
				fmt.Fprintf(&b, "w%dx ", w)
			}
			a.Text = b.String() + "embankment"
		}
		if err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		text string
		want []string // titles, newest first
	}{
		{"embankment", []string{"Story 2", "Story 1", "Story 0"}},
		{"embank*", []string{"Story 2", "Story 1", "Story 0"}},
		{"ank", nil},
		{`"central bank"`, []string{"Story 1"}},
		{"zero", []string{"Story 1"}},
		{"volcano", nil},
	}
	check := func(t *testing.T) {
		for _, tt := range tests {
			page, next, err := s.SearchPage(ctx, store.Query{NoText: true}, tt.text, 5)
			if err != nil {
				t.Fatalf("SearchPage(%q) = %v", tt.text, err)
			}
			var got []string
			for _, a := range page {
				got = append(got, a.Title)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || next != "" {
				t.Errorf("SearchPage(%q, scan 5) over %d stories = %q, next %q; want %q in one page", tt.text, n, got, next, tt.want)
			}
		}
	}
	t.Run("indexed", check)
	var unworded int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE words IS NULL`).Scan(&unworded); err != nil || unworded != 1 {
		t.Errorf("articles without words = %d, %v; want 1, the one with too many", unworded, err)
	}
	// More candidates than sortedCandidates: the ordered walk, known
	// from the exact words (weather) or only with the stems (sports,
	// which no story says).
	for _, word := range []string{"weather", "sports"} {
		t.Run("common "+word, func(t *testing.T) {
			q := store.Query{Limit: 100, NoText: true}
			var got []string
			for pages := 0; ; pages++ {
				page, next, err := s.SearchPage(ctx, q, word, 0)
				if err != nil || pages > n {
					t.Fatalf("SearchPage(%s) page %d = %v", word, pages, err)
				}
				for _, a := range page {
					got = append(got, a.Title)
				}
				if next == "" {
					break
				}
				q.After = next
			}
			if len(got) != n-3 || got[0] != fmt.Sprint("Story ", n-1) || got[len(got)-1] != "Story 3" {
				t.Errorf("SearchPage(%s) over every page = %d stories from %q to %q, want %d from Story %d to Story 3",
					word, len(got), got[0], got[len(got)-1], n-3, n-1)
			}
		})
	}
	// Articles stored before schema 6 have no words: they are candidates
	// of every search, and the next Open fills them in.
	if _, err := s.pool.Exec(ctx, `UPDATE articles SET words = NULL`); err != nil {
		t.Fatal(err)
	}
	t.Run("unworded", check)
	if err := s.fillWords(ctx); err != nil {
		t.Fatalf("fillWords = %v", err)
	}
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE words IS NULL`).Scan(&unworded); err != nil || unworded != 1 {
		t.Errorf("articles without words after fillWords = %d, %v; want 1, the one with too many", unworded, err)
	}
	t.Run("filled", check)
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check after fillWords = %v, want nil", err)
	}
}

func TestTSQuery(t *testing.T) {
	tests := []struct{ text, want string }{
		{"bank", "'bank'"},
		{`Central "bank of" ban*`, "'central' & 'bank' & 'of' & 'ban':*"},
		{`"it's" o*`, "'it' & 's' & 'o':*"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := tsQuery(store.ParseSearch(tt.text)); got != tt.want {
			t.Errorf("tsQuery(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
