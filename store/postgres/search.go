package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/newshound/newshound/store"
)

// errPageFull ends a search once its page is complete.
var errPageFull = errors.New("page full")

// SearchPage is ArticlesPage keeping only the articles that match text
// (store.MatchText: every term a substring of the title, summary or
// text, ignoring case); an empty text keeps every article. It examines at
// most scan articles (store.DefaultSearchScan when scan <= 0), newest
// first, so a page may hold fewer than q.Limit articles, even none, and
// still return a cursor to go on from. A bad cursor gives
// store.ErrBadCursor.
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
func (s *Store) SearchPageFunc(ctx context.Context, q store.Query, text string, scan int, fn func(*store.Article) error) (string, error) {
	after, err := queryAfter(q)
	if err != nil {
		return "", err
	}
	terms := store.SearchTerms(text)
	if scan <= 0 {
		scan = store.DefaultSearchScan
	}
	limit := pageLimit(q)
	kept, examined := 0, 0
	var lastKept, next []byte
	visit := func(a *store.Article, k []byte) error {
		examined++
		if store.MatchText(a, terms) {
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
		}
		if len(terms) > 0 && examined >= scan {
			if next = k; kept == limit {
				next = lastKept
			}
			return errPageFull
		}
		return nil
	}
	for {
		want := scanPage
		if len(terms) == 0 {
			want = min(want, limit+1-examined)
		}
		page, keys, err := s.queryPage(ctx, q, after, want, true)
		if err != nil {
			return "", fmt.Errorf("postgres: search articles: %w", err)
		}
		for i, a := range page {
			if err := visit(a, keys[i]); errors.Is(err, errPageFull) {
				return encodeCursor(next), nil
			} else if err != nil {
				return "", err
			}
		}
		if len(page) < want {
			if next == nil {
				return "", nil
			}
			return encodeCursor(next), nil
		}
		after = keys[len(keys)-1]
	}
}
