package postgres

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/store"
)

// langStories are stories in English (two ways of saying so), German,
// French, without a language and in a language PostgreSQL does not stem,
// newest first: langStories()[i] is "Story i".
func langStories() []*store.Article {
	texts := []struct{ lang, text string }{
		{"en", "The data were shared with the police."},
		{"en-US", "Sharing data is having a say."},
		{"de-DE", "Der Schutz des Datenschutzes wächst."},
		{"fr", "Les données sont partagées."},
		{"", "Data shared, says nobody."},
		{"xx", "Shared data in a tongue of its own."},
		{"DE", "Datenschutz für alle, sagen die Banken."},
		{"en", "Bad\x00bytes: shares rose."},
	}
	t0 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]*store.Article, len(texts))
	for i, tx := range texts {
		arts[i] = &store.Article{URL: fmt.Sprintf("https://x.example/lang/%d", i), Fetched: t0.Add(-time.Duration(i) * time.Hour),
			Title: fmt.Sprint("Story ", i), Lang: tx.lang, Text: tx.text}
	}
	return arts
}

// langCases are searches of langStories and the stories they find,
// newest first, on PostgreSQL.
var langCases = []struct {
	name, text string
	want       []int
}{
	{"English inflections", "share", []int{0, 1, 7}},
	{"from an inflection", "sharing", []int{0, 1, 7}},
	{"an inflection, exact in every language", "shared", []int{0, 1, 4, 5, 7}},
	{"German inflection", "datenschutz", []int{2, 6}},
	{"German, the other way", "datenschutzes", []int{2, 6}},
	{"French", "partager", []int{3}},
	{"two plain words", "share data", []int{0, 1}},
	{"stop word: no stems", "have", nil},
	{"stop word: the exact word", "having", []int{1}},
	{"stop word in the story, exact", "were", []int{0}},
	{"prefix stays exact", "shar*", []int{0, 1, 4, 5, 7}},
	{"prefix of an inflection only", "shares*", []int{7}},
	{"phrase stays exact", `"data share"`, nil},
	{"phrase of the story's words", `"data shared"`, []int{4}},
	{"phrase with an inflected word", `"were share*"`, []int{0}},
	{"plain word and phrase", `share "the police"`, []int{0}},
	{"no match", "volcano", nil},
}

// TestSearchStems checks the stems of PostgreSQL's search (a plain word
// finds its inflections in the story's language, exactly otherwise), as
// PutArticle, CopyArticles, fillWords and migration 9's backfill of the
// articles stored before it set them, and that Check finds stems that
// are wrong or missing.
func TestSearchStems(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	arts := langStories()
	for _, a := range arts[:6] {
		if err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CopyArticles(ctx, arts[6:]); err != nil { // db migrate's path
		t.Fatal(err)
	}
	check := func(t *testing.T) {
		t.Helper()
		for _, tt := range langCases {
			page, next, err := s.SearchPage(ctx, store.Query{NoText: true}, tt.text, 0)
			if err != nil {
				t.Fatalf("SearchPage(%s: %q) = %v", tt.name, tt.text, err)
			}
			var got, want []string
			for _, a := range page {
				got = append(got, a.Title)
			}
			for _, i := range tt.want {
				want = append(want, fmt.Sprint("Story ", i))
			}
			if !slices.Equal(got, want) || next != "" {
				t.Errorf("SearchPage(%s: %q) = %q, next %q; want %q", tt.name, tt.text, got, next, want)
			}
		}
		if err := s.Check(ctx); err != nil {
			t.Errorf("Check = %v, want nil", err)
		}
	}
	t.Run("stored", check)

	stemmed := func() int {
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE stems IS NOT NULL`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := stemmed(); n != 6 {
		t.Errorf("articles with stems = %d, want 6 (not those without a language or in xx)", n)
	}

	// Stored before schema 6: no words, no stems; Match decides exactly
	// until fillWords fills in both.
	if _, err := s.pool.Exec(ctx, `UPDATE articles SET words = NULL, stems = NULL`); err != nil {
		t.Fatal(err)
	}
	if page, _, err := s.SearchPage(ctx, store.Query{}, "share", 0); err != nil || len(page) != 0 {
		t.Errorf("SearchPage(share) without words = %d stories, %v; want none: exact words only", len(page), err)
	}
	if page, _, err := s.SearchPage(ctx, store.Query{}, "shared", 0); err != nil || len(page) != 3 {
		t.Errorf("SearchPage(shared) without words = %d stories, %v; want the 3 saying it", len(page), err)
	}
	if err := s.fillWords(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("filled", check)

	// Stored before schema 9: words, no stems column. The migration adds
	// it, marking every story to be filled in; until fillStems has run,
	// exact words find them and Check passes them over.
	undoSchema9(t, s)
	if err := migrate(ctx, s.pool, s.log); err != nil {
		t.Fatalf("migrate to schema 9 = %v", err)
	}
	if n := stemmed(); n != 0 {
		t.Errorf("articles with stems right after migration 9 = %d, want none: fillStems fills them in", n)
	}
	if page, _, err := s.SearchPage(ctx, store.Query{}, "shared", 0); err != nil || len(page) != 3 {
		t.Errorf("SearchPage(shared) before the stems are in = %d stories, %v; want the 3 saying it", len(page), err)
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check before the stems are in = %v, want nil", err)
	}
	if err := s.PutArticle(ctx, arts[0]); err != nil { // written again: stemmed, no longer pending
		t.Fatal(err)
	}
	if n := stemmed(); n != 1 {
		t.Errorf("articles with stems after one is written again = %d, want 1", n)
	}
	if err := s.fillStems(ctx); err != nil {
		t.Fatal(err)
	}
	if n := stemmed(); n != 6 {
		t.Errorf("articles with stems after fillStems = %d, want 6", n)
	}
	var pending int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE stems_pending`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("articles still marked for stems after fillStems = %d, %v; want none", pending, err)
	}
	t.Run("migrated", check)

	for _, tt := range []struct{ name, sql, want string }{
		{"stems lost", `UPDATE articles SET stems = NULL WHERE url = 'https://x.example/lang/0'`, "stems column is empty, though its language \"en\""},
		{"stems of another language", `UPDATE articles SET stems = search_stems('de', tsvector_to_array(words)) WHERE url = 'https://x.example/lang/1'`, "not that of its words in its language \"en-US\""},
		{"stems without a language", `UPDATE articles SET stems = search_stems('en', tsvector_to_array(words)) WHERE url = 'https://x.example/lang/4'`, "not that of its words in its language \"\""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := s.pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx)
			if _, err := tx.Exec(ctx, tt.sql); err != nil {
				t.Fatal(err)
			}
			var problems []string
			// Check reads through the pool; the damage is checked in tx, by
			// the query Check runs.
			if err := checkArticles(ctx, tx, func(err error) { problems = append(problems, err.Error()) }); err != nil {
				t.Fatal(err)
			}
			if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
				t.Errorf("checkArticles after %s = %q, want one problem saying %q", tt.name, problems, tt.want)
			}
		})
	}
}

// TestSearchStemQuery checks the stems a query word gives in SQL:
// tagged by language, none for a language where it is a stop word, and
// '-' (which no stems column holds) where it has none at all.
func TestSearchStemQuery(t *testing.T) {
	s := open(t)
	for _, tt := range []struct {
		word      string
		has, lack []string
	}{
		{"share", []string{"'en:share'", "'de:shar'"}, nil},
		{"datenschutzes", []string{"'de:datenschutz'"}, nil},
		{"the", []string{"'de:the'"}, []string{"'en:"}},
		{`o'k\x`, []string{"'-'"}, []string{":"}}, // several words for PostgreSQL's parser: no stem
	} {
		var got string
		if err := s.pool.QueryRow(t.Context(), `SELECT search_stem_query($1)::text`, tt.word).Scan(&got); err != nil {
			t.Fatal(err)
		}
		for _, h := range tt.has {
			if !strings.Contains(got, h) {
				t.Errorf("search_stem_query(%q) = %s, want it to hold %s", tt.word, got, h)
			}
		}
		for _, l := range tt.lack {
			if strings.Contains(got, l) {
				t.Errorf("search_stem_query(%q) = %s, want no %s", tt.word, got, l)
			}
		}
	}
	for lang, want := range map[string]string{"en": "en", "EN-gb": "en", "pt_BR": "pt", "nb": "no", "nn-NO": "no", "xx": "", "": "", "e": ""} {
		var got *string
		if err := s.pool.QueryRow(t.Context(), `SELECT search_lang_tag($1)`, lang).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (want == "") || got != nil && *got != want {
			t.Errorf("search_lang_tag(%q) = %v, want %q (empty: NULL)", lang, got, want)
		}
	}
}

// undoSchema9 takes the database of s back to schema 8: no stems
// column, no functions of migration 9, and version 9 not applied.
func undoSchema9(tb testing.TB, s *Store) {
	tb.Helper()
	if _, err := s.pool.Exec(tb.Context(), `DROP INDEX articles_stems, articles_stems_pending; ALTER TABLE articles DROP COLUMN stems, DROP COLUMN stems_pending;
		DROP FUNCTION search_stem_query, search_stems, search_doc_lang, search_lang_tag, search_langs;
		DELETE FROM schema_migrations WHERE version = 9`); err != nil {
		tb.Fatal(err)
	}
}

func TestTSLexeme(t *testing.T) {
	if got, want := tsLexeme(`o'k\`), `'o''k\\'`; got != want {
		t.Errorf("tsLexeme(%q) = %s, want %s", `o'k\`, got, want)
	}
}

// TestOpenFillsStemsInBackground: a database upgraded to schema 9 is
// usable at once (Open returns with the stems still to fill in), and the
// fill Open started stems every story.
func TestOpenFillsStemsInBackground(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := t.Context()
	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CopyArticles(ctx, langStories()); err != nil {
		t.Fatal(err)
	}
	undoSchema9(t, s) // stored at schema 8
	s.Close()

	s, err = Open(ctx, dsn, Options{}) // migrates, then fills in the background
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// What a search finds meanwhile depends on how far the fill got (from
	// the exact words alone to every inflection): TestSearchStems checks
	// the state before the fill; here only that the store serves.
	if _, _, err := s.SearchPage(ctx, store.Query{}, "shared", 0); err != nil {
		t.Errorf("SearchPage(shared) while the stems fill in = %v", err)
	}
	select {
	case <-s.filled:
	case <-time.After(30 * time.Second):
		t.Fatal("the stems were not filled in within 30 s of Open")
	}
	var stemmed, pending int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE stems IS NOT NULL), count(*) FILTER (WHERE stems_pending) FROM articles`).Scan(&stemmed, &pending); err != nil {
		t.Fatal(err)
	}
	if stemmed != 6 || pending != 0 {
		t.Errorf("after the fill: %d stories stemmed and %d pending, want 6 and 0", stemmed, pending)
	}
	if page, _, err := s.SearchPage(ctx, store.Query{}, "share", 0); err != nil || len(page) == 0 {
		t.Errorf("SearchPage(share) after the fill = %d stories, %v; want the inflections found", len(page), err)
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check after the fill = %v", err)
	}
}
