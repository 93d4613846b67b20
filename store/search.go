package store

import (
	"context"
	"errors"
	"strings"
	"unicode"
)

// DefaultSearchScan is how many articles SearchPage examines per call
// when its scan argument is zero or less.
const DefaultSearchScan = 5000

// errPageFull ends a scan once a page is complete.
var errPageFull = errors.New("page full")

// SearchPage is ArticlesPage keeping only the articles that match text
// (see MatchText); an empty text keeps every article. So that one request
// never reads the whole archive, it examines at most scan articles
// (DefaultSearchScan when scan <= 0): a page may then hold fewer than
// q.Limit articles, even none, and still return a cursor to go on from.
// A bad cursor gives ErrBadCursor.
func (s *Store) SearchPage(ctx context.Context, q Query, text string, scan int) ([]*Article, string, error) {
	var arts []*Article
	next, err := s.SearchPageFunc(ctx, q, text, scan, func(a *Article) error {
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return arts, next, nil
}

// SearchPageFunc is SearchPage calling fn with each article of the page,
// newest first, instead of returning them, so that the page is never
// held whole: with q.NoText, a page of a thousand stories costs the
// memory of a few hundred without their texts, however long the texts.
// It stops at the first error of fn and returns it unchanged. A bad
// cursor gives ErrBadCursor before fn is called.
func (s *Store) SearchPageFunc(ctx context.Context, q Query, text string, scan int, fn func(*Article) error) (string, error) {
	terms := SearchTerms(text)
	if scan <= 0 {
		scan = DefaultSearchScan
	}
	limit := pageLimit(q)
	scanLimit := 0
	if len(terms) == 0 { // one more than the page: is there a next one?
		scanLimit = limit + 1
	}
	kept, examined := 0, 0
	var lastKept, next []byte
	err := s.scan(ctx, q, scanLimit, terms, func(a *Article, k []byte, match bool) error {
		examined++
		if match {
			if kept == limit { // one more match: there is a next page
				next = lastKept
				return errPageFull
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
	})
	if err != nil && !errors.Is(err, errPageFull) {
		return "", err
	}
	if next == nil {
		return "", nil
	}
	return encodeCursor(next), nil
}

// SearchTerms splits a text query into its terms, lower-cased: words
// separated by white space, or "double-quoted phrases" kept whole. An
// unclosed quote runs to the end of the text.
func SearchTerms(text string) []string {
	var terms []string
	for text = strings.TrimSpace(text); text != ""; text = strings.TrimSpace(text) {
		var term string
		if rest, ok := strings.CutPrefix(text, `"`); ok {
			term, text, _ = strings.Cut(rest, `"`)
		} else if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
			term, text = text[:i], text[i:]
		} else {
			term, text = text, ""
		}
		if term = strings.Join(strings.Fields(term), " "); term != "" {
			terms = append(terms, strings.ToLower(term))
		}
	}
	return terms
}

// MatchText reports whether every term (as SearchTerms returns them:
// lower-cased) occurs in a's title, summary or text, ignoring case. Terms
// match as substrings, so "bank" also finds "banking"; white space inside
// the article counts as one space, so a phrase matches across line
// breaks. No terms match every article.
func MatchText(a *Article, terms []string) bool {
	if len(terms) == 0 {
		return true
	}
	hay := strings.ToLower(a.Title + "\x00" + a.Summary + "\x00" + a.Text)
	for _, t := range terms {
		if strings.Contains(t, " ") { // a phrase: any white space matches one space
			hay = strings.Join(strings.Fields(hay), " ")
			break
		}
	}
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}
