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

// searchFieldSep parts the fields in the search column, so that no term
// spans two of them (store.MatchText parts them with a zero byte, which
// PostgreSQL text cannot hold). It is not white space.
const searchFieldSep = "\x01"

// searchText is an article's search column: its title, summary and text
// lower-cased as store.MatchText reads them, runs of white space as one
// space, zero bytes dropped and invalid UTF-8 replaced (PostgreSQL text
// holds neither).
func searchText(a *store.Article) string {
	hay := strings.ToLower(a.Title + searchFieldSep + a.Summary + searchFieldSep + a.Text)
	hay = strings.ReplaceAll(strings.Join(strings.Fields(hay), " "), "\x00", "")
	return strings.ToValidUTF8(hay, "\uFFFD")
}

// likePattern is the LIKE pattern of a search term: anywhere in the
// column, its wildcards and zero bytes (which store.MatchText still
// checks) taken out.
func likePattern(term string) string {
	term = strings.ToValidUTF8(strings.ReplaceAll(term, "\x00", ""), "\uFFFD")
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(term) + "%"
}

// SearchPage is ArticlesPage keeping only the articles that match text
// (store.MatchText: every term a substring of the title, summary or
// text, ignoring case); an empty text keeps every article. The trigram
// index of the search column gives the candidates, newest first, which
// store.MatchText then decides: so every match in the archive is found,
// not only those among the newest. It examines at most scan candidates
// (store.DefaultSearchScan when scan <= 0), so a page may hold fewer than
// q.Limit articles and still return a cursor to go on from. A bad cursor
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
		page, keys, err := s.queryPage(ctx, q, after, want, terms)
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
