package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// SearchStore is what the Search group needs.
type SearchStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	SearchPage(ctx context.Context, q store.Query, text string, scan int) ([]*store.Article, string, error)
	SearchPageFunc(ctx context.Context, q store.Query, text string, scan int, fn func(*store.Article) error) (string, error)
}

// searchStories are stories 1 to 6, newest first by number, whose words
// are in their title, summary or text.
func searchStories() []*store.Article {
	texts := []struct{ title, summary, text string }{
		{"Central Bank raises rates", "Rates go up.", "The governor spoke."},
		{"Markets", "The banking sector fell.", "Shares of lenders fell."},
		{"Policy", "A speech.", "The central\n   bank of the country\tsaid so."},
		{"Privacy law passes", "Parliament voted.", "New rules on data protection."},
		{"Weather", "Rain.", "Rain all week, and wind."},
		{"BANK HOLIDAY", "Shops shut.", "Everything closed."},
	}
	arts := make([]*store.Article, len(texts))
	for i, tx := range texts {
		a := story(i+1, -time.Duration(i)*time.Hour, -time.Duration(i)*time.Hour+time.Minute)
		a.Title, a.Summary, a.Text = tx.title, tx.summary, tx.text
		if i%2 == 0 {
			a.Flags = []store.Flag{flag("bank", a.Fetched)}
		}
		arts[i] = a
	}
	return arts
}

// Search checks SearchPage and SearchPageFunc: following the cursors
// finds every story matching the text once, newest first, whatever the
// page size and scan bound; NoText; bad cursors.
func Search(t *testing.T, open func(t *testing.T) SearchStore) {
	s := open(t)
	putConcurrently(t, s, searchStories())
	tests := []struct {
		name, text string
		q          store.Query
		want       []int
	}{
		{"word", "bank", store.Query{}, []int{1, 2, 3, 6}},
		{"any case", "BaNk", store.Query{}, []int{1, 2, 3, 6}},
		{"every word", "central bank", store.Query{}, []int{1, 3}},
		{"phrase", `"central bank"`, store.Query{}, []int{1, 3}},
		{"phrase across lines", `"bank of the country"`, store.Query{}, []int{3}},
		{"phrase in order only", `"bank central"`, store.Query{}, nil},
		{"title and text", "privacy protection", store.Query{}, []int{4}},
		{"summary", "parliament", store.Query{}, []int{4}},
		{"no match", "volcano", store.Query{}, nil},
		{"no text", "", store.Query{}, []int{1, 2, 3, 4, 5, 6}},
		{"with a rule", "bank", store.Query{Rule: "bank"}, []int{1, 3}},
		{"with since", "bank", store.Query{Since: at(-3 * time.Hour)}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		for _, limit := range []int{0, 1, 2} {
			for _, scan := range []int{0, 1, 3} {
				q := tt.q
				q.Limit = limit
				got, pages := searchAll(t, s, q, tt.text, scan)
				if d := diff(ids(got), idsOf(tt.want...)); d != "" {
					t.Errorf("SearchPage(%s: %q, limit %d, scan %d) over %d pages, want every match once, newest first:\n%s", tt.name, tt.text, limit, scan, pages, d)
				}
			}
		}
	}
	t.Run("NoText", func(t *testing.T) {
		page, _, err := s.SearchPage(t.Context(), store.Query{NoText: true}, "country", 0)
		if err != nil || len(page) != 1 {
			t.Fatalf("SearchPage(NoText, a word of one text) = %d stories, %v, want 1", len(page), err)
		}
		if page[0].Text != "" || page[0].Title != "Policy" {
			t.Errorf("SearchPage(NoText) = story %q with text %q, want story Policy without its text", page[0].Title, page[0].Text)
		}
	})
	t.Run("Func", func(t *testing.T) {
		q := store.Query{Limit: 2}
		page, next, err := s.SearchPage(t.Context(), q, "bank", 0)
		if err != nil {
			t.Fatalf("SearchPage = %v, want no error", err)
		}
		var got []*store.Article
		nextFunc, err := s.SearchPageFunc(t.Context(), q, "bank", 0, func(a *store.Article) error { got = append(got, a); return nil })
		if d := diff(got, page); err != nil || d != "" || nextFunc != next {
			t.Errorf("SearchPageFunc = cursor %q, error %v; want SearchPage's page and cursor %q:\n%s", nextFunc, err, next, d)
		}
		stop := errors.New("stop here")
		n := 0
		if _, err := s.SearchPageFunc(t.Context(), q, "bank", 0, func(*store.Article) error { n++; return stop }); err != stop || n != 1 {
			t.Errorf("SearchPageFunc with fn failing = %v after %d calls, want fn's error unchanged after 1 call", err, n)
		}
	})
	t.Run("BadCursor", func(t *testing.T) {
		if _, _, err := s.SearchPage(t.Context(), store.Query{After: "not a cursor!"}, "bank", 0); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("SearchPage(bad cursor) = %v, want ErrBadCursor", err)
		}
		called := false
		_, err := s.SearchPageFunc(t.Context(), store.Query{After: "not a cursor!"}, "bank", 0, func(*store.Article) error { called = true; return nil })
		if !errors.Is(err, store.ErrBadCursor) || called {
			t.Errorf("SearchPageFunc(bad cursor) = %v with fn called %v, want ErrBadCursor before any call", err, called)
		}
	})
}

// searchAll follows SearchPage's cursors from q to the end and returns
// the stories found and the number of pages read.
func searchAll(t *testing.T, s SearchStore, q store.Query, text string, scan int) ([]*store.Article, int) {
	t.Helper()
	var all []*store.Article
	for pages := 1; ; pages++ {
		page, next, err := s.SearchPage(t.Context(), q, text, scan)
		if err != nil {
			t.Fatalf("SearchPage(%q, %+v, scan %d) = %v, want no error", text, q, scan, err)
		}
		limit := q.Limit
		if limit == 0 {
			limit = store.DefaultPageLimit
		}
		if len(page) > limit {
			t.Errorf("SearchPage(%q, %+v) = %d stories, more than the page's limit", text, q, len(page))
		}
		all = append(all, page...)
		if next == "" {
			return all, pages
		}
		if pages > 50 {
			t.Fatalf("SearchPage(%q, %+v, scan %d) still gives a cursor after %d pages of 6 stories", text, q, scan, pages)
		}
		q.After = next
	}
}
