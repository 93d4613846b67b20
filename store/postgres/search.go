package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/newshound/newshound/store"
)

// errPageFull ends a search once its page is complete.
var errPageFull = errors.New("page full")

// maxWordsBytes bounds an article's words column: a tsvector holds at
// most 1 MB, and an article with more distinct words than this (never a
// real story) is stored without, a candidate of every search.
const maxWordsBytes = 512 << 10

// searchWords returns the words column of a: its store.SearchWords, or
// nil (SQL NULL) when they would not fit a tsvector.
func searchWords(a *store.Article) []string {
	words := store.SearchWords(a)
	size := 0
	for _, w := range words {
		if size += len(w) + 8; size > maxWordsBytes {
			return nil
		}
	}
	if words == nil {
		return []string{} // no words at all: an empty tsvector, not NULL
	}
	return words
}

// tsQuery is the tsquery of the articles holding every word of search
// exactly: every word of every term ('word', or 'prefix':* for a
// prefix), joined by &; "" when it has none. The adjacency of phrases is
// left to store.Search.Match.
func tsQuery(search store.Search) string {
	var parts []string
	for _, t := range search {
		for _, w := range t {
			q := tsLexeme(w.Text)
			if w.Prefix {
				q += ":*"
			}
			parts = append(parts, q)
		}
	}
	return strings.Join(parts, " & ")
}

// tsLexeme is the word w quoted as one lexeme of a tsquery.
func tsLexeme(w string) string {
	return "'" + strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(w) + "'"
}

// isPlain reports whether t is a plain word: one word, not a prefix.
func isPlain(t store.SearchTerm) bool {
	return len(t) == 1 && !t[0].Prefix
}

// searchCond is the SQL condition on articles a of the candidates of a
// non-empty search, its values added by arg: the words column holds
// every word of its phrases and prefixes (their tsQuery), and each of its
// plain words or, in the story's language, one of its stems
// (search_stem_query of migration 9 against the stems column). The
// articles without words are candidates of every search; for the
// others the condition decides every term but the order of a phrase's
// words.
func searchCond(search store.Search, arg func(any) string) string {
	var conds []string
	if q := tsQuery(slices.DeleteFunc(slices.Clone(search), isPlain)); q != "" {
		conds = append(conds, "a.words @@ "+arg(q)+"::tsquery")
	}
	for _, t := range search {
		if isPlain(t) {
			conds = append(conds, "(a.words @@ "+arg(tsLexeme(t[0].Text))+"::tsquery OR a.stems @@ search_stem_query("+arg(t[0].Text)+"::text))")
		}
	}
	return "(a.words IS NULL OR (" + strings.Join(conds, " AND ") + "))"
}

// SearchPage is ArticlesPage keeping only the articles that match the
// text query (store.ParseSearch; an empty text keeps every article):
// following its cursors finds every match in the archive, newest first,
// each once. The scan argument is ignored. A bad cursor gives
// store.ErrBadCursor.
//
// It matches as the bbolt file does, but that a plain word (one word,
// not a prefix, not in a phrase) also finds its inflections in the
// story's language, where PostgreSQL has a Snowball configuration for it
// (store.Article.Lang "en", "en-US", "de", ... migration 9 lists them):
// share finds a story in English saying shared or sharing, Datenschutz
// one in German saying Datenschutzes. A story without a known language,
// and a word that is a stop word in the story's language, match exactly.
// The GIN indexes of the words and stems columns decide words and
// prefixes (searchCond); store.Search.Match decides the order of the
// phrases' words, and every term of the articles without words.
func (s *Store) SearchPage(ctx context.Context, q store.Query, text string, scan int) ([]*store.Article, string, error) {
	var arts []*store.Article
	next, err := s.SearchPageFunc(ctx, q, text, scan, func(a *store.Article) error {
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return arts, next, nil
}

// SearchPageFunc is SearchPage calling fn with each article of the page,
// newest first, instead of returning them. It stops at the first error
// of fn and returns it unchanged. A bad cursor gives store.ErrBadCursor
// before fn is called.
func (s *Store) SearchPageFunc(ctx context.Context, q store.Query, text string, _ int, fn func(*store.Article) error) (string, error) {
	after, err := queryAfter(q)
	if err != nil {
		return "", err
	}
	search := store.ParseSearch(text)
	phrases := search.Phrases()
	limit := pageLimit(q)
	kept := 0
	var lastKept, next []byte
	visit := func(a *store.Article, k []byte, unworded bool) error {
		if unworded && !search.Match(a) || !unworded && !phrases.Match(a) {
			return nil
		}
		if kept == limit { // one more match: there is a next page
			next = lastKept
			return errPageFull
		}
		if q.NoText {
			a.Text = ""
		}
		if err := fn(a); err != nil {
			return err
		}
		kept, lastKept = kept+1, k
		return nil
	}
	read := 0
	for {
		want := scanPage
		if len(search) == 0 {
			want = min(want, limit+1-read)
		}
		page, keys, unworded, err := s.queryPage(ctx, q, after, want, search)
		if err != nil {
			return "", fmt.Errorf("postgres: search articles: %w", err)
		}
		read += len(page)
		for i, a := range page {
			if err := visit(a, keys[i], len(search) > 0 && unworded[i]); errors.Is(err, errPageFull) {
				return encodeCursor(next), nil
			} else if err != nil {
				return "", err
			}
		}
		if len(page) < want {
			return "", nil
		}
		after = keys[len(keys)-1]
	}
}
