package postgres

import (
	"fmt"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// TestSearchWholeArchive finds matches however old, as substrings, also
// on articles stored before the search column existed, with the scan
// bound counting candidates rather than articles.
func TestSearchWholeArchive(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	t0 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	const n = rareCandidates + 200
	for i := range n {
		a := &store.Article{URL: fmt.Sprintf("https://x.example/%d", i), Fetched: t0.Add(time.Duration(i) * time.Minute),
			Title: fmt.Sprint("Story ", i), Text: "Weather and sport."}
		switch i {
		case 0: // the oldest
			a.Text = "The river's EMBANKMENT gave way."
		case 1:
			a.Summary, a.Text = "Bad\xffbytes and a zero\x00byte", "A central\n\tbank."
		}
		if err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		text string
		want []string // titles, newest first
	}{
		{"ank", []string{"Story 1", "Story 0"}},
		{"embankment", []string{"Story 0"}},
		{`"central bank"`, []string{"Story 1"}},
		{"zero", []string{"Story 1"}},
		{"volcano", nil},
	}
	check := func(t *testing.T) {
		for _, tt := range tests {
			page, next, err := s.SearchPage(ctx, store.Query{}, tt.text, 5)
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
	t.Run("common", func(t *testing.T) { // more candidates than rareCandidates: the ordered walk
		q := store.Query{Limit: 100, NoText: true}
		var got []string
		for pages := 0; ; pages++ {
			page, next, err := s.SearchPage(ctx, q, "weather", 0)
			if err != nil || pages > n {
				t.Fatalf("SearchPage(weather) page %d = %v", pages, err)
			}
			for _, a := range page {
				got = append(got, a.Title)
			}
			if next == "" {
				break
			}
			q.After = next
		}
		if len(got) != n-2 || got[0] != fmt.Sprint("Story ", n-1) || got[len(got)-1] != "Story 2" {
			t.Errorf("SearchPage(weather) over every page = %d stories from %q to %q, want %d from Story %d to Story 2",
				len(got), got[0], got[len(got)-1], n-2, n-1)
		}
	})
	// Articles stored before schema 5 have no search value; a full scan
	// then finds them.
	if _, err := s.pool.Exec(ctx, `UPDATE articles SET search = NULL`); err != nil {
		t.Fatal(err)
	}
	page, _, err := s.SearchPage(ctx, store.Query{}, "embankment", n+1)
	if err != nil || len(page) != 1 || page[0].Title != "Story 0" {
		t.Errorf("SearchPage(embankment) over unindexed articles = %d stories, %v, want Story 0", len(page), err)
	}
}
