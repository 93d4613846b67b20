package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// ArticleStore is what the Articles group needs: storing, reading and
// querying articles.
type ArticleStore interface {
	AddArticle(ctx context.Context, a *store.Article) (bool, error)
	PutArticle(ctx context.Context, a *store.Article) error
	AddSource(ctx context.Context, id string, f store.FeedRef) error
	HasArticle(ctx context.Context, id string) (bool, error)
	Article(ctx context.Context, id string) (*store.Article, error)
	ResolveArticle(ctx context.Context, ref string) (*store.Article, error)
	Articles(ctx context.Context, q store.Query, fn func(*store.Article) error) error
	ArticlesPage(ctx context.Context, q store.Query) ([]*store.Article, string, error)
	RuleNames(ctx context.Context) ([]string, error)
}

// Articles checks storing articles (PutArticle, AddArticle, AddSource),
// reading them (HasArticle, Article, ResolveArticle) and querying them
// (Articles, ArticlesPage with every Query field, RuleNames).
func Articles(t *testing.T, open func(t *testing.T) ArticleStore) {
	t.Run("PutFillsIn", func(t *testing.T) { articlePutFillsIn(t, open(t)) })
	t.Run("PutKeepsStored", func(t *testing.T) { articlePutKeepsStored(t, open(t)) })
	t.Run("PutReplaces", func(t *testing.T) { articlePutReplaces(t, open(t)) })
	t.Run("PutErrors", func(t *testing.T) {
		s := open(t)
		for name, a := range map[string]*store.Article{
			"nil":               nil,
			"no id or URL":      {Title: "nothing to key it by"},
			"flag without rule": {URL: storyURL(1), Flags: []store.Flag{{Score: 1}}},
		} {
			if err := s.PutArticle(t.Context(), a); err == nil {
				t.Errorf("PutArticle(%s) = nil, want an error", name)
			}
		}
		if has, err := s.HasArticle(t.Context(), idsOf(1)[0]); has || err != nil {
			t.Errorf("HasArticle after a refused PutArticle = %v, %v, want false", has, err)
		}
	})
	t.Run("Add", func(t *testing.T) { articleAdd(t, open(t)) })
	t.Run("AddConcurrent", func(t *testing.T) {
		s := open(t)
		const n = 8
		var wg sync.WaitGroup
		added := make([]bool, n)
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() { added[i], errs[i] = s.AddArticle(t.Context(), story(1, 0, time.Minute)) })
		}
		wg.Wait()
		trues := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("AddArticle = %v, want no error", errs[i])
			}
			if added[i] {
				trues++
			}
		}
		if trues != 1 {
			t.Errorf("%d concurrent AddArticle of one id: %d returned true, want exactly 1", n, trues)
		}
	})
	t.Run("AddSource", func(t *testing.T) { articleAddSource(t, open(t)) })
	t.Run("HasAndGet", func(t *testing.T) {
		s := open(t)
		a := story(1, 0, time.Minute)
		a.Aliases = []string{"https://news.example/amp/1"}
		put(t, s, a)
		aliasID := store.ArticleID(a.Aliases[0])
		for _, tt := range []struct {
			id   string
			want bool
		}{{a.ID, true}, {aliasID, true}, {idsOf(2)[0], false}, {"", false}} {
			has, err := s.HasArticle(t.Context(), tt.id)
			if has != tt.want || err != nil {
				t.Errorf("HasArticle(%q) = %v, %v, want %v", tt.id, has, err, tt.want)
			}
			got, err := s.Article(t.Context(), tt.id)
			switch {
			case tt.want && err != nil:
				t.Errorf("Article(%q) = %v, want the article", tt.id, err)
			case tt.want && got.ID != a.ID:
				t.Errorf("Article(%q).ID = %s, want %s", tt.id, got.ID, a.ID)
			case !tt.want && !errors.Is(err, store.ErrNotFound):
				t.Errorf("Article(%q) = %v, want ErrNotFound", tt.id, err)
			}
		}
	})
	t.Run("Resolve", func(t *testing.T) { articleResolve(t, open(t)) })
	t.Run("Query", func(t *testing.T) { articleQuery(t, open(t)) })
	t.Run("Pages", func(t *testing.T) { articlePages(t, open(t)) })
	t.Run("DefaultPage", func(t *testing.T) { articleDefaultPage(t, open(t)) })
	t.Run("NoText", func(t *testing.T) { articleNoText(t, open(t)) })
	t.Run("RuleNames", func(t *testing.T) { articleRuleNames(t, open(t)) })
}

// articlePutFillsIn checks what PutArticle fills in on its argument, and
// that Article reads back exactly that.
func articlePutFillsIn(t *testing.T, s ArticleStore) {
	a := story(1, -time.Hour, 0, "bank", "privacy")
	a.Fetched = time.Time{}
	a.Sources = []store.FeedRef{feedB}
	a.Conflicts = []store.Conflict{{Field: "title", Feed: "Story 1", Page: "Story one"}}
	a.FetchError = ""
	c := during(func() { put(t, s, a) })
	if want := store.ArticleID(a.URL); a.ID != want {
		t.Errorf("PutArticle set ID %q, want ArticleID(URL) %q", a.ID, want)
	}
	if !c.covers(a.Fetched) {
		t.Errorf("PutArticle set a zero Fetched to %v, want the current time (%v)", a.Fetched, c.before)
	}
	if d := diff(a.Sources, []store.FeedRef{feedA, feedB}); d != "" {
		t.Errorf("PutArticle's Sources, want Feed inserted first:\n%s", d)
	}
	if a.Cluster != a.ID {
		t.Errorf("PutArticle set Cluster %q on an unsigned article alone, want its own id %q", a.Cluster, a.ID)
	}
	for _, f := range a.Flags {
		if !c.covers(f.Stored) {
			t.Errorf("PutArticle set flag %s's Stored to %v, want the current time (%v)", f.Rule, f.Stored, c.before)
		}
		if f.Duplicate {
			t.Errorf("PutArticle set flag %s's Duplicate on an article alone in its cluster", f.Rule)
		}
	}
	got, err := s.Article(t.Context(), a.ID)
	if err != nil {
		t.Fatalf("Article(%s) = %v, want no error", a.ID, err)
	}
	if d := diff(got, a); d != "" {
		t.Errorf("Article(%s) differs from the article PutArticle stored (and filled in):\n%s", a.ID, d)
	}
	// An article with no Published and an explicit id.
	b := &store.Article{ID: "00000000000000000000000000000abc", URL: storyURL(2), Fetched: at(time.Minute), Feed: feedB}
	put(t, s, b)
	got, err = s.Article(t.Context(), b.ID)
	if err != nil {
		t.Fatalf("Article(%s) = %v, want no error", b.ID, err)
	}
	if d := diff(got, b); d != "" || got.Published != nil {
		t.Errorf("Article(%s) of an article with a given id and no Published (Published %v):\n%s", b.ID, got.Published, d)
	}
}

// articlePutKeepsStored checks that a flag keeps its first Stored time.
func articlePutKeepsStored(t *testing.T, s ArticleStore) {
	a := story(1, 0, time.Minute, "bank")
	put(t, s, a)
	first := a.Flags[0].Stored
	b := story(1, 0, time.Minute, "bank", "privacy")
	b.Flags[0].Stored = at(-24 * time.Hour) // ignored: the stored value wins
	c := during(func() { put(t, s, b) })
	got, err := s.Article(t.Context(), a.ID)
	if err != nil {
		t.Fatalf("Article = %v, want no error", err)
	}
	if len(got.Flags) != 2 {
		t.Fatalf("Article has %d flags, want 2", len(got.Flags))
	}
	if !sameTime(got.Flags[0].Stored, first) {
		t.Errorf("flag bank's Stored after a second PutArticle = %v, want the first one's %v", got.Flags[0].Stored, first)
	}
	if !c.covers(got.Flags[1].Stored) {
		t.Errorf("flag privacy's Stored = %v, want the time of the PutArticle that added it (%v)", got.Flags[1].Stored, c.before)
	}
}

// articlePutReplaces checks that a replaced version leaves no trace in
// the queries.
func articlePutReplaces(t *testing.T, s ArticleStore) {
	put(t, s, story(1, 0, time.Minute, "bank"), story(2, time.Hour, time.Hour, "bank"))
	// Story 1 moves from older to newer than story 2 and loses its flag.
	put(t, s, story(1, 2*time.Hour, 2*time.Hour))
	for _, tt := range []struct {
		q    store.Query
		want []string
	}{
		{store.Query{}, idsOf(1, 2)},
		{store.Query{Rule: "bank"}, idsOf(2)},
		{store.Query{FlaggedOnly: true}, idsOf(2)},
		{store.Query{Until: at(90 * time.Minute)}, idsOf(2)},
	} {
		if d := diff(queryIDs(t, s, tt.q), tt.want); d != "" {
			t.Errorf("Articles(%+v) after replacing story 1:\n%s", tt.q, d)
		}
	}
	got, err := s.Article(t.Context(), idsOf(1)[0])
	if err != nil || len(got.Flags) != 0 || !sameTime(*got.Published, at(2*time.Hour)) {
		t.Errorf("Article(story 1) after replacing = %+v, %v, want the second version", got, err)
	}
}

// articleAdd checks AddArticle against an article stored under its id,
// its URL or one of its aliases.
func articleAdd(t *testing.T, s ArticleStore) {
	ctx := t.Context()
	a := story(1, 0, time.Minute, "bank")
	if added, err := s.AddArticle(ctx, a); !added || err != nil {
		t.Fatalf("AddArticle(new) = %v, %v, want true", added, err)
	}
	stored, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatalf("Article = %v, want no error", err)
	}
	if d := diff(stored, a); d != "" {
		t.Errorf("Article after AddArticle differs from what it stored and filled in:\n%s", d)
	}
	// Same id again: only the sources and aliases are added.
	again := story(1, time.Hour, time.Hour)
	again.Title, again.Feed = "Another title", feedB
	again.Aliases = []string{"https://news.example/amp/1"}
	if added, err := s.AddArticle(ctx, again); added || err != nil {
		t.Fatalf("AddArticle(same id) = %v, %v, want false", added, err)
	}
	// A new URL whose alias is the stored URL: it is the stored story.
	redirect := story(2, 0, time.Minute)
	redirect.Feed = store.FeedRef{URL: "https://c.example/atom", Title: "Feed C"}
	redirect.Aliases = []string{a.URL}
	if added, err := s.AddArticle(ctx, redirect); added || err != nil {
		t.Fatalf("AddArticle(alias of the stored URL) = %v, %v, want false", added, err)
	}
	// An id that is now an alias of the stored story.
	byAlias := &store.Article{URL: "https://news.example/amp/1", Fetched: at(time.Hour), Feed: store.FeedRef{URL: "https://d.example/feed"}}
	if added, err := s.AddArticle(ctx, byAlias); added || err != nil {
		t.Fatalf("AddArticle(an alias's URL) = %v, %v, want false", added, err)
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatalf("Article = %v, want no error", err)
	}
	if got.Title != a.Title || !sameTime(got.Fetched, a.Fetched) || len(got.Flags) != 1 {
		t.Errorf("AddArticle of a stored story changed it: title %q, fetched %v, %d flags; want the first version's", got.Title, got.Fetched, len(got.Flags))
	}
	wantSources := []string{feedA.URL, feedB.URL, "https://c.example/atom", "https://d.example/feed"}
	if d := diff(sourceURLs(got.Sources), wantSources); d != "" {
		t.Errorf("Sources after AddArticle of copies, want each feed once in the order seen:\n%s", d)
	}
	wantAliases := map[string]bool{"https://news.example/amp/1": true, storyURL(2): true}
	gotAliases := map[string]bool{}
	for _, al := range got.Aliases {
		gotAliases[al] = true
	}
	if d := diff(gotAliases, wantAliases); d != "" || len(got.Aliases) != len(wantAliases) {
		t.Errorf("Aliases after AddArticle of copies = %q, want each alias once:\n%s", got.Aliases, d)
	}
	for _, u := range []string{"https://news.example/amp/1", storyURL(2)} {
		if has, err := s.HasArticle(ctx, store.ArticleID(u)); !has || err != nil {
			t.Errorf("HasArticle(id of alias %s) = %v, %v, want true", u, has, err)
		}
	}
	if got := queryIDs(t, s, store.Query{}); len(got) != 1 {
		t.Errorf("Articles after AddArticle of copies lists %d articles, want 1", len(got))
	}
}

func sourceURLs(fs []store.FeedRef) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.URL)
	}
	return out
}

// articleAddSource checks AddSource.
func articleAddSource(t *testing.T, s ArticleStore) {
	ctx := t.Context()
	a := story(1, 0, time.Minute)
	a.Aliases = []string{"https://news.example/amp/1"}
	put(t, s, a)
	feedC := store.FeedRef{URL: "https://c.example/atom", Title: "Feed C"}
	for _, tt := range []struct {
		id string
		f  store.FeedRef
	}{{a.ID, feedB}, {a.ID, feedB}, {store.ArticleID(a.Aliases[0]), feedC}, {a.ID, feedA}} {
		if err := s.AddSource(ctx, tt.id, tt.f); err != nil {
			t.Errorf("AddSource(%s, %s) = %v, want no error", tt.id, tt.f.URL, err)
		}
	}
	got, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatalf("Article = %v, want no error", err)
	}
	if d := diff(got.Sources, []store.FeedRef{feedA, feedB, feedC}); d != "" {
		t.Errorf("Sources after AddSource, want each feed once, in the order added:\n%s", d)
	}
	if err := s.AddSource(ctx, idsOf(2)[0], feedB); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AddSource to an article not stored = %v, want ErrNotFound", err)
	}
	if err := s.AddSource(ctx, a.ID, store.FeedRef{Title: "no URL"}); err == nil {
		t.Errorf("AddSource of a feed without URL = nil, want an error")
	}
	if d := diff(queryIDs(t, s, store.Query{Feed: feedC.URL}), []string{a.ID}); d != "" {
		t.Errorf("Articles(Feed: a source added by AddSource):\n%s", d)
	}
}

// queryIDs runs q through Articles and returns the ids in order.
func queryIDs(t *testing.T, s interface {
	Articles(context.Context, store.Query, func(*store.Article) error) error
}, q store.Query) []string {
	t.Helper()
	var got []string
	if err := s.Articles(t.Context(), q, func(a *store.Article) error {
		got = append(got, a.ID)
		return nil
	}); err != nil {
		t.Fatalf("Articles(%+v) = %v, want no error", q, err)
	}
	return got
}
