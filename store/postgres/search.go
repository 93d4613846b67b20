package postgres

import (
	"context"
	"errors"
	"fmt"
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

// tsQuery is the tsquery of the candidates of search: every word of
// every term ('word', or 'prefix':* for a prefix), joined by &. Phrases
// and word order are left to store.Search.Match.
func tsQuery(search store.Search) string {
	var parts []string
	for _, t := range search {
		for _, w := range t {
			q := "'" + strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(w.Text) + "'"
			if w.Prefix {
				q += ":*"
			}
			parts = append(parts, q)
		}
	}
	return strings.Join(parts, " & ")
}

// SearchPage is ArticlesPage keeping only the articles that match the
// text query (store.ParseSearch; an empty text keeps every article):
// following its cursors finds every match in the archive, newest first,
// each once. The GIN index of the words column gives the candidates,
// store.Search.Match decides. The scan argument is ignored. A bad cursor
// gives store.ErrBadCursor.
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
	limit := pageLimit(q)
	kept := 0
	var lastKept, next []byte
	visit := func(a *store.Article, k []byte) error {
		if !search.Match(a) {
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
		page, keys, err := s.queryPage(ctx, q, after, want, search)
		if err != nil {
			return "", fmt.Errorf("postgres: search articles: %w", err)
		}
		read += len(page)
		for i, a := range page {
			if err := visit(a, keys[i]); errors.Is(err, errPageFull) {
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
