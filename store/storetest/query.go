package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// collidingURLs returns two URLs whose article ids share their first
// store.MinIDPrefix hex digits (found by counting up: a few thousand
// hashes).
func collidingURLs() (string, string) {
	seen := map[string]string{}
	for i := 0; ; i++ {
		u := fmt.Sprintf("https://collide.example/%d", i)
		p := store.ArticleID(u)[:store.MinIDPrefix]
		if other, ok := seen[p]; ok {
			return other, u
		}
		seen[p] = u
	}
}

// articleResolve checks ResolveArticle's ids, prefixes and URLs.
func articleResolve(t *testing.T, s ArticleStore) {
	u1, u2 := collidingURLs()
	one := story(1, 0, time.Minute)
	one.Aliases = []string{"https://news.example/amp/1"}
	c1 := &store.Article{URL: u1, Fetched: at(time.Minute), Feed: feedA}
	c2 := &store.Article{URL: u2, Fetched: at(2 * time.Minute), Feed: feedA}
	put(t, s, one, c1, c2)
	shared := c1.ID[:store.MinIDPrefix]
	// The shortest prefix of one's id that no other id shares.
	unique := one.ID[:store.MinIDPrefix]
	for strings.HasPrefix(c1.ID, unique) || strings.HasPrefix(c2.ID, unique) {
		unique = one.ID[:len(unique)+1]
	}
	tests := []struct {
		name, ref string
		want      string // the id found; "" for an error
		err       error
	}{
		{"id", one.ID, one.ID, nil},
		{"id with spaces", "  " + one.ID + "\n", one.ID, nil},
		{"alias id", store.ArticleID(one.Aliases[0]), one.ID, nil},
		{"prefix", unique, one.ID, nil},
		{"upper-case prefix", strings.ToUpper(unique), one.ID, nil},
		{"longer prefix", one.ID[:20], one.ID, nil},
		{"URL", one.URL, one.ID, nil},
		{"alias URL", one.Aliases[0], one.ID, nil},
		{"ambiguous prefix", shared, "", store.ErrAmbiguous},
		{"disambiguated", c2.ID[:len(commonPrefix(c1.ID, c2.ID))+1], c2.ID, nil},
		{"prefix too short", one.ID[:store.MinIDPrefix-1], "", store.ErrNotFound},
		{"unknown prefix", "zzzzzzzz", "", store.ErrNotFound},
		{"unknown URL", "https://none.example/x", "", store.ErrNotFound},
		{"empty", " ", "", store.ErrNotFound},
	}
	for _, tt := range tests {
		got, err := s.ResolveArticle(t.Context(), tt.ref)
		switch {
		case tt.err != nil && !errors.Is(err, tt.err):
			t.Errorf("ResolveArticle(%s %q) = %v, want %v", tt.name, tt.ref, err, tt.err)
		case tt.err == nil && err != nil:
			t.Errorf("ResolveArticle(%s %q) = %v, want story %s", tt.name, tt.ref, err, tt.want)
		case tt.err == nil && got.ID != tt.want:
			t.Errorf("ResolveArticle(%s %q) = story %s, want %s", tt.name, tt.ref, got.ID, tt.want)
		}
	}
	got, err := s.ResolveArticle(t.Context(), one.ID)
	if err == nil {
		if d := diff(got, one); d != "" {
			t.Errorf("ResolveArticle's story differs from Article's:\n%s", d)
		}
	}
}

func commonPrefix(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[:i]
}

// queryStories are five stories whose sort times, newest first, are
// 3 (-10m; published after its fetch), 2 (-30m; no Published), 1 (-1h),
// 4 (-2h; from feed B, also seen in feed A) and 5 (-3h).
func queryStories() []*store.Article {
	s1 := story(1, -time.Hour, 0, "bank")
	s2 := story(2, 0, -30*time.Minute)
	s2.Published, s2.Feed = nil, feedB
	s3 := story(3, time.Hour, -10*time.Minute, "privacy")
	s4 := story(4, -2*time.Hour, -time.Hour, "bank", "privacy")
	s4.Feed, s4.Sources = feedB, []store.FeedRef{feedB, feedA}
	s5 := story(5, -3*time.Hour, -3*time.Hour+time.Minute)
	return []*store.Article{s1, s2, s3, s4, s5}
}

// articleQuery checks each Query filter, through Articles and through
// ArticlesPage.
func articleQuery(t *testing.T, s ArticleStore) {
	putConcurrently(t, s, queryStories())
	tests := []struct {
		name string
		q    store.Query
		want []int
	}{
		{"all", store.Query{}, []int{3, 2, 1, 4, 5}},
		{"since is inclusive", store.Query{Since: at(-time.Hour)}, []int{3, 2, 1}},
		{"until is exclusive", store.Query{Until: at(-time.Hour)}, []int{4, 5}},
		{"since and until", store.Query{Since: at(-2 * time.Hour), Until: at(-30 * time.Minute)}, []int{1, 4}},
		{"until between", store.Query{Until: at(-30*time.Minute + time.Microsecond)}, []int{2, 1, 4, 5}},
		{"rule", store.Query{Rule: "bank"}, []int{1, 4}},
		{"other rule", store.Query{Rule: "privacy"}, []int{3, 4}},
		{"rule that flags nothing", store.Query{Rule: "none"}, nil},
		{"flagged only", store.Query{FlaggedOnly: true}, []int{3, 1, 4}},
		{"feed", store.Query{Feed: feedA.URL}, []int{3, 1, 4, 5}},
		{"feed in sources", store.Query{Feed: feedB.URL}, []int{2, 4}},
		{"unknown feed", store.Query{Feed: "https://none.example/"}, nil},
		{"limit", store.Query{Limit: 2}, []int{3, 2}},
		{"rule and since", store.Query{Rule: "bank", Since: at(-time.Hour)}, []int{1}},
		{"flagged and feed", store.Query{FlaggedOnly: true, Feed: feedB.URL}, []int{4}},
		{"rule, feed and limit", store.Query{Rule: "privacy", Feed: feedA.URL, Limit: 1}, []int{3}},
	}
	for _, tt := range tests {
		want := idsOf(tt.want...)
		if d := diff(queryIDs(t, s, tt.q), want); d != "" {
			t.Errorf("Articles(%s: %+v):\n%s", tt.name, tt.q, d)
		}
		page, _, err := s.ArticlesPage(t.Context(), tt.q)
		if err != nil {
			t.Errorf("ArticlesPage(%s) = %v, want no error", tt.name, err)
			continue
		}
		if d := diff(ids(page), want); d != "" {
			t.Errorf("ArticlesPage(%s: %+v):\n%s", tt.name, tt.q, d)
		}
	}
	stop := errors.New("stop here")
	n := 0
	if err := s.Articles(t.Context(), store.Query{}, func(*store.Article) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Articles with fn failing = %v after %d calls, want fn's error unchanged after 1 call", err, n)
	}
	for _, bad := range []string{"not a cursor!", "AAAA"} {
		if _, _, err := s.ArticlesPage(t.Context(), store.Query{After: bad}); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("ArticlesPage(After: %q) = %v, want ErrBadCursor", bad, err)
		}
		err := s.Articles(t.Context(), store.Query{After: bad}, func(*store.Article) error { return nil })
		if !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("Articles(After: %q) = %v, want ErrBadCursor", bad, err)
		}
	}
}

// pageStories are n stories whose sort times come in runs of three equal
// times, so that a cursor must tell apart articles of one time.
func pageStories(n int) []*store.Article {
	arts := make([]*store.Article, n)
	for i := range arts {
		d := -time.Duration(i/3) * time.Minute
		var rules []string
		if i%2 == 0 {
			rules = []string{"bank"}
		}
		arts[i] = story(i, d, d+time.Second, rules...)
	}
	return arts
}

// articlePages checks that following the cursors reads every article
// once, newest first, and ends with "" on the last page.
func articlePages(t *testing.T, s ArticleStore) {
	arts := pageStories(24)
	putConcurrently(t, s, arts)
	tests := []struct {
		name  string
		q     store.Query
		want  int // articles in all pages
		pages int
	}{
		{"all", store.Query{Limit: 4}, 24, 6},
		{"not a multiple", store.Query{Limit: 5}, 24, 5},
		{"one per page", store.Query{Limit: 1, Rule: "bank"}, 12, 12},
		{"rule", store.Query{Limit: 5, Rule: "bank"}, 12, 3},
		{"until", store.Query{Limit: 4, Until: at(-3 * time.Minute)}, 12, 3},
		{"everything on one page", store.Query{Limit: 24}, 24, 1},
	}
	for _, tt := range tests {
		seen := map[string]int{}
		var all []*store.Article
		q := tt.q
		pages := 0
		for {
			page, next, err := s.ArticlesPage(t.Context(), q)
			if err != nil {
				t.Fatalf("ArticlesPage(%s, page %d) = %v, want no error", tt.name, pages+1, err)
			}
			pages++
			if len(page) > q.Limit {
				t.Errorf("ArticlesPage(%s, page %d) has %d articles, more than Limit %d", tt.name, pages, len(page), q.Limit)
			}
			for _, a := range page {
				seen[a.ID]++
			}
			all = append(all, page...)
			if next == "" || pages > 2*tt.pages {
				break
			}
			q.After = next
		}
		if pages != tt.pages || len(all) != tt.want || len(seen) != tt.want {
			t.Errorf("ArticlesPage(%s) read %d articles (%d distinct) in %d pages, want %d in %d", tt.name, len(all), len(seen), pages, tt.want, tt.pages)
		}
		for i := 1; i < len(all); i++ {
			if store.SortTime(all[i]).After(store.SortTime(all[i-1])) {
				t.Errorf("ArticlesPage(%s): article %d (%v) is newer than article %d before it (%v)", tt.name, i, store.SortTime(all[i]), i-1, store.SortTime(all[i-1]))
			}
		}
	}
	// A cursor also resumes Articles, after the page's last article.
	page, next, err := s.ArticlesPage(t.Context(), store.Query{Limit: 7})
	if err != nil || next == "" {
		t.Fatalf("ArticlesPage(Limit 7) = %d articles, cursor %q, %v; want a cursor", len(page), next, err)
	}
	rest := queryIDs(t, s, store.Query{After: next})
	all := queryIDs(t, s, store.Query{})
	if d := diff(append(ids(page), rest...), all); d != "" {
		t.Errorf("ArticlesPage's first page then Articles(After: its cursor), want every article once in Articles' order:\n%s", d)
	}
}

// articleDefaultPage checks that a zero Limit gives pages of
// store.DefaultPageLimit.
func articleDefaultPage(t *testing.T, s ArticleStore) {
	n := store.DefaultPageLimit + 1
	arts := make([]*store.Article, n)
	for i := range arts {
		arts[i] = &store.Article{URL: storyURL(i), Fetched: at(-time.Duration(i) * time.Second), Feed: feedA, Title: "short"}
	}
	putConcurrently(t, s, arts)
	page, next, err := s.ArticlesPage(t.Context(), store.Query{})
	if err != nil || len(page) != store.DefaultPageLimit || next == "" {
		t.Fatalf("ArticlesPage(zero Limit) of %d articles = %d articles, cursor %q, %v; want %d and a cursor", n, len(page), next, err, store.DefaultPageLimit)
	}
	page, next, err = s.ArticlesPage(t.Context(), store.Query{After: next})
	if d := diff(ids(page), idsOf(n-1)); err != nil || d != "" || next != "" {
		t.Errorf("ArticlesPage's second page = cursor %q, error %v; want the oldest article and no cursor:\n%s", next, err, d)
	}
}

// articleNoText checks Query.NoText.
func articleNoText(t *testing.T, s ArticleStore) {
	arts := queryStories()
	put(t, s, arts...)
	want, err := s.Article(t.Context(), arts[2].ID)
	if err != nil {
		t.Fatalf("Article = %v, want no error", err)
	}
	want.Text = ""
	q := store.Query{NoText: true, Rule: "privacy", Limit: 1}
	var got []*store.Article
	if err := s.Articles(t.Context(), q, func(a *store.Article) error { got = append(got, a); return nil }); err != nil {
		t.Fatalf("Articles(NoText) = %v, want no error", err)
	}
	page, _, err := s.ArticlesPage(t.Context(), q)
	if err != nil {
		t.Fatalf("ArticlesPage(NoText) = %v, want no error", err)
	}
	for name, got := range map[string][]*store.Article{"Articles": got, "ArticlesPage": page} {
		if len(got) != 1 {
			t.Errorf("%s(NoText) = %d articles, want 1", name, len(got))
			continue
		}
		if d := diff(got[0], want); d != "" {
			t.Errorf("%s(NoText), want the stored article without its text:\n%s", name, d)
		}
	}
}

// articleRuleNames checks RuleNames as flags come and go.
func articleRuleNames(t *testing.T, s ArticleStore) {
	names := func() []string {
		got, err := s.RuleNames(t.Context())
		if err != nil {
			t.Fatalf("RuleNames() = %v, want no error", err)
		}
		return got
	}
	if got := names(); len(got) != 0 {
		t.Errorf("RuleNames() of an empty store = %q, want none", got)
	}
	put(t, s, story(1, 0, time.Minute, "privacy", "bank"), story(2, 0, time.Minute, "zebra"), story(3, 0, time.Minute, "bank"), story(4, 0, time.Minute))
	if d := diff(names(), []string{"bank", "privacy", "zebra"}); d != "" {
		t.Errorf("RuleNames(), want each flagging rule once, sorted:\n%s", d)
	}
	put(t, s, story(2, 0, time.Minute), story(1, 0, time.Minute, "bank"))
	if d := diff(names(), []string{"bank"}); d != "" {
		t.Errorf("RuleNames() after the flags of privacy and zebra are replaced away:\n%s", d)
	}
}
