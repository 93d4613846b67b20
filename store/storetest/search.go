package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// SearchStore is what the Search group needs.
type SearchStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	SearchPage(ctx context.Context, q store.Query, text string, scan int) ([]*store.Article, string, error)
	SearchPageFunc(ctx context.Context, q store.Query, text string, scan int, fn func(*store.Article) error) (string, error)
	Prune(ctx context.Context, olderThan time.Time, includeFlagged bool) (int, error)
	Check(ctx context.Context) error
}

// searchStories are stories 1 to 9, newest first by number, whose words
// are in their title, summary or text; 7 to 9 in French, German and
// English.
func searchStories() []*store.Article {
	texts := []struct{ lang, title, summary, text string }{
		{"en", "Central Bank raises rates", "Rates go up.", "The governor spoke."},
		{"en", "Markets", "The banking sector fell.", "Shares of lenders fell."},
		{"", "Policy", "A speech.", "The central\n   bank of the country\tsaid so."},
		{"en", "Privacy law passes", "Parliament voted.", "New rules on data protection."},
		{"en", "Weather", "Rain.", "Rain all week, and wind."},
		{"en", "BANK HOLIDAY", "Shops shut.", "Everything closed."},
		{"fr", "Élection présidentielle", "Les électeurs votent.", "Le scrutin a lieu à Paris."},
		{"de", "Die Straßenbahn fährt wieder", "Die Banken öffnen.", "Der Verkehr läuft."},
		{"en", "Elections held", "Voters were counted.", "On the banks of the river, e-mail voting."},
	}
	arts := make([]*store.Article, len(texts))
	for i, tx := range texts {
		a := story(i+1, -time.Duration(i)*time.Hour, -time.Duration(i)*time.Hour+time.Minute)
		a.Lang, a.Title, a.Summary, a.Text = tx.lang, tx.title, tx.summary, tx.text
		if i%2 == 0 {
			a.Flags = []store.Flag{flag("bank", a.Fetched)}
		}
		arts[i] = a
	}
	return arts
}

// Search checks SearchPage and SearchPageFunc against the query language
// of store.ParseSearch: words, prefixes, phrases and case, the same in
// every language (no stemming, but for the plain words of a backend
// given Stems); following the cursors finds every match
// once, newest first, whatever the page size, also for a rare word under
// thousands of newer stories (SearchPage's scan argument bounds nothing);
// NoText; bad cursors; the index follows replacements and Prune. It opens
// one backend for the cases on searchStories and one for each of Deep and
// Index.
func Search(t *testing.T, open func(t *testing.T) SearchStore, opts ...Option) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s := open(t)
	putConcurrently(t, s, searchStories())
	type searchCase struct {
		name, text string
		q          store.Query
		want       []int
	}
	tests := []searchCase{
		{"word", "bank", store.Query{}, []int{1, 3, 6}},
		{"any case", "BaNk", store.Query{}, []int{1, 3, 6}},
		{"whole words only", "ank", store.Query{}, nil},
		{"prefix", "bank*", store.Query{}, []int{1, 2, 3, 6, 8, 9}},
		{"prefix of one word", "banking*", store.Query{}, []int{2}},
		{"every word", "central bank", store.Query{}, []int{1, 3}},
		{"every word, any field", "privacy protection", store.Query{}, []int{4}},
		{"summary", "parliament", store.Query{}, []int{4}},
		{"phrase", `"central bank"`, store.Query{}, []int{1, 3}},
		{"phrase across lines", `"bank of the country"`, store.Query{}, []int{3}},
		{"phrase in order only", `"bank central"`, store.Query{}, nil},
		{"phrase within one field", `"passes parliament"`, store.Query{}, nil},
		{"phrase with a prefix", `"central ban*"`, store.Query{}, []int{1, 3}},
		{"phrase of exact words", `"the bank"`, store.Query{}, nil},
		{"punctuation parts words", "e-mail", store.Query{}, []int{9}},
		{"a part alone", "mail", store.Query{}, []int{9}},
		{"accents kept", "élection", store.Query{}, []int{7}},
		{"accents and case", "ÉLECTION", store.Query{}, []int{7}},
		{"no accent folding", "election", store.Query{}, nil},
		{"no stemming in English", "election*", store.Query{}, []int{9}},
		{"no stemming in German", "bank öffnen", store.Query{}, nil},
		{"German word", "straßenbahn banken", store.Query{}, []int{8}},
		{"plural is another word", "banks", store.Query{}, []int{9}},
		{"no match", "volcano", store.Query{}, nil},
		{"no words", "!!", store.Query{}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"no text", "", store.Query{}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"with a rule", "bank*", store.Query{Rule: "bank"}, []int{1, 3, 9}},
		{"flagged only", "bank*", store.Query{FlaggedOnly: true}, []int{1, 3, 9}},
		{"with since", "bank*", store.Query{Since: at(-3 * time.Hour)}, []int{1, 2, 3}},
		{"with until", "bank*", store.Query{Until: at(-2*time.Hour + time.Second)}, []int{3, 6, 8, 9}},
		{"with a feed", "bank", store.Query{Feed: feedB.URL}, nil},
	}
	// With Stems, the plain words of these cases also find, in stories in
	// English (1, 2, 6, 9) and German (8), the words Snowball stems alike:
	// banking, banks and Bank give bank in English, Banken bank and öffnen
	// offn in German, Elections elect; story 3 has no language and
	// matches exactly; prefixes and phrases ("the bank") stay exact.
	stemmed := map[string][]int{
		"word":                   {1, 2, 3, 6, 8, 9},
		"any case":               {1, 2, 3, 6, 8, 9},
		"no accent folding":      {9},
		"no stemming in German":  {8},
		"plural is another word": {1, 2, 6, 8, 9},
	}
	for name := range stemmed {
		if !slices.ContainsFunc(tests, func(tt searchCase) bool { return tt.name == name }) {
			t.Fatalf("stemmed names the case %q, which is not one", name)
		}
	}
	for _, tt := range tests {
		if want, ok := stemmed[tt.name]; ok && o.stems {
			tt.name, tt.want = tt.name+" (stemmed)", want
		}
		for _, limit := range []int{0, 1, 2} {
			for _, scan := range []int{0, 1, 3} {
				q := tt.q
				q.Limit = limit
				got, pages := searchAll(t, s, q, tt.text, scan, 50)
				if d := diff(ids(got), idsOf(tt.want...)); d != "" {
					t.Errorf("SearchPage(%s: %q, limit %d, scan %d) over %d pages, want every match once, newest first:\n%s", tt.name, tt.text, limit, scan, pages, d)
				}
				if want := max(1, (len(tt.want)+max(limit, 1)-1)/max(limit, 1)); limit > 0 && pages != want {
					t.Errorf("SearchPage(%s: %q, limit %d) took %d pages, want %d: only full pages but the last", tt.name, tt.text, limit, pages, want)
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
		page, next, err := s.SearchPage(t.Context(), q, "bank*", 0)
		if err != nil {
			t.Fatalf("SearchPage = %v, want no error", err)
		}
		var got []*store.Article
		nextFunc, err := s.SearchPageFunc(t.Context(), q, "bank*", 0, func(a *store.Article) error { got = append(got, a); return nil })
		if d := diff(got, page); err != nil || d != "" || nextFunc != next {
			t.Errorf("SearchPageFunc = cursor %q, error %v; want SearchPage's page and cursor %q:\n%s", nextFunc, err, next, d)
		}
		stop := errors.New("stop here")
		n := 0
		if _, err := s.SearchPageFunc(t.Context(), q, "bank*", 0, func(*store.Article) error { n++; return stop }); err != stop || n != 1 {
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
	t.Run("Deep", func(t *testing.T) { searchDeep(t, open(t)) })
	t.Run("Index", func(t *testing.T) { searchIndex(t, open(t)) })
}

// deepStories is how many stories searchDeep stores: more than the 5,000
// that SearchPage's scan once bounded.
const deepStories = 5100

// searchDeep stores deepStories stories, newest first by number, all
// holding "weather", the oldest alone holding "zeppelin" and one in a
// hundred "storm": the rare word is found in one page, and the cursors of
// a common one lead through every story once.
func searchDeep(t *testing.T, s SearchStore) {
	arts := make([]*store.Article, deepStories)
	for i := range arts {
		a := story(i+1, -time.Duration(i)*time.Minute, -time.Duration(i)*time.Minute)
		a.Title, a.Summary, a.Text = fmt.Sprintf("Report %d", i+1), "", "Weather and sport."
		if i%100 == 0 {
			a.Text = "Weather: a storm."
		}
		arts[i] = a
	}
	arts[len(arts)-1].Text = "The Zeppelin flew over, whatever the weather."
	putConcurrently(t, s, arts)
	for _, tt := range []struct {
		text string
		want []int
	}{
		{"zeppelin", []int{deepStories}},
		{"zep*", []int{deepStories}},
		{"weather zeppelin", []int{deepStories}},
		{`"the weather"`, []int{deepStories}},
		{"sport zeppelin", nil},
	} {
		page, next, err := s.SearchPage(t.Context(), store.Query{NoText: true}, tt.text, 0)
		if d := diff(ids(page), idsOf(tt.want...)); err != nil || d != "" || next != "" {
			t.Errorf("SearchPage(%q) under %d newer stories = next %q, %v; want the match in one page:\n%s", tt.text, deepStories-1, next, err, d)
		}
	}
	for _, tt := range []struct {
		text  string
		every int
	}{
		{"weather", 1},
		{"storm", 100},
	} {
		got, pages := searchAll(t, s, store.Query{Limit: 500, NoText: true}, tt.text, 1, deepStories)
		var want []int
		for n := 1; n <= deepStories; n += tt.every {
			want = append(want, n)
		}
		if d := diff(ids(got), idsOf(want...)); d != "" {
			t.Errorf("SearchPage(%q) over %d pages of 500 = %d stories, want every one of the %d matches once, newest first:\n%s", tt.text, pages, len(got), len(want), d)
		}
	}
}

// searchIndex checks that searches follow the stored versions: a story
// replaced is found by its new words only, a story pruned by none, and
// Check passes after each.
func searchIndex(t *testing.T, s SearchStore) {
	ctx := t.Context()
	old, kept := story(1, -3*time.Hour, -3*time.Hour), story(2, -time.Hour, -time.Hour)
	old.Text, kept.Text = "The old dam burst.", "The new dam holds."
	put(t, s, old, kept)
	expect := func(what, text string, want ...int) {
		t.Helper()
		got, _ := searchAll(t, s, store.Query{}, text, 0, 10)
		if d := diff(ids(got), idsOf(want...)); d != "" {
			t.Errorf("SearchPage(%q) %s:\n%s", text, what, d)
		}
	}
	expect("before any change", "dam", 2, 1)
	replaced := story(2, -time.Hour, -time.Hour)
	replaced.Text = "The new weir holds."
	put(t, s, replaced)
	expect("after story 2 no longer says it", "dam", 1)
	expect("after story 2 says it", "weir", 2)
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check after a replacement = %v, want nil", err)
	}
	if n, err := s.Prune(ctx, at(-2*time.Hour), true); err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want story 1 removed", n, err)
	}
	expect("after story 1 was pruned", "dam")
	expect("after story 1 was pruned", "burst")
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check after a prune = %v, want nil", err)
	}
	again := story(3, 0, 0)
	again.Text = "Another dam."
	put(t, s, again)
	expect("after story 3 says it", "dam", 3)
}

// searchAll follows SearchPage's cursors from q to the end and returns
// the stories found and the number of pages read, failing after
// maxPages.
func searchAll(t *testing.T, s SearchStore, q store.Query, text string, scan, maxPages int) ([]*store.Article, int) {
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
		if pages > maxPages {
			t.Fatalf("SearchPage(%q, %+v, scan %d) still gives a cursor after %d pages", text, q, scan, pages)
		}
		q.After = next
	}
}
