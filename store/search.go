package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// DefaultSearchScan was how many articles SearchPage examined per call.
// SearchPage now reads the search index and returns every match, so its
// scan argument is ignored; the constant stays for callers that pass it.
const DefaultSearchScan = 5000

// sortedCandidates is the fewest candidates of a search always read
// through their index keys and sorted. With more than that and than
// sqrt(page × stories), the time index is walked in order, skipping the
// articles that are not candidates: a walk reads about page × stories /
// candidates keys to fill a page, the sort one key per candidate.
const sortedCandidates = 4096

// sortLimit is how many candidates a search of pages of limit sorts
// rather than walking the time index, in an archive of docs documents.
func sortLimit(limit int, docs uint64) uint64 {
	return max(sortedCandidates, uint64(math.Sqrt(float64(limit+1)*float64(docs))))
}

// errPageFull ends a scan once a page is complete.
var errPageFull = errors.New("page full")

// SearchPage is ArticlesPage keeping only the articles that match the
// text query (ParseSearch; an empty text keeps every article): following
// its cursors finds every match in the archive, newest first, each once.
// The search index (document numbers per word) gives the candidates,
// Search.Match decides. The scan argument is ignored (it once bounded the
// articles examined per call). A bad cursor gives ErrBadCursor.
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
func (s *Store) SearchPageFunc(ctx context.Context, q Query, text string, _ int, fn func(*Article) error) (string, error) {
	search := ParseSearch(text)
	limit := pageLimit(q)
	kept := 0
	var lastKept, next []byte
	visit := func(a *Article, k []byte, match bool) error {
		if !match {
			return nil
		}
		if kept == limit { // one more match: there is a next page
			next = lastKept
			return errPageFull
		}
		if err := fn(a); err != nil {
			return err
		}
		kept, lastKept = kept+1, k
		return nil
	}
	var err error
	if len(search) == 0 {
		err = s.scan(ctx, q, limit+1, nil, nil, visit)
	} else {
		err = s.search(ctx, q, limit, search, visit)
	}
	if err != nil && !errors.Is(err, errPageFull) {
		return "", err
	}
	if next == nil {
		return "", nil
	}
	return encodeCursor(next), nil
}

// search calls fn with the articles q selects that may match search, for
// pages of limit,
// newest first, with their index keys and whether they match: the
// candidates of the search index, or every article of a file without
// one (schema 1 opened read-only) or when no word narrows the search.
func (s *Store) search(ctx context.Context, q Query, limit int, search Search, fn func(*Article, []byte, bool) error) error {
	from, since, err := queryBounds(q)
	if err != nil {
		return err
	}
	var cand *roaring.Bitmap
	var keys [][]byte
	err = s.view(ctx, func(tx *bolt.Tx) error {
		if !searchReady(tx) {
			return errNoSearchIndex
		}
		var ok bool
		var err error
		if cand, ok, err = candidates(tx, search); err != nil || !ok {
			cand = nil
			return err
		}
		if cand.GetCardinality() > sortLimit(limit, tx.Bucket(bucketSearchDocs).Sequence()) {
			return nil
		}
		keys = candidateKeys(tx, cand, from, since)
		return nil
	})
	switch {
	case errors.Is(err, errNoSearchIndex):
		return s.scan(ctx, q, 0, search, nil, fn)
	case err != nil:
		return wrapf(err, "store: search articles")
	case cand == nil || keys == nil: // every article, or too many candidates to sort
		return s.scan(ctx, q, 0, search, cand, fn)
	}
	return s.scanKeys(ctx, q, keys, search, fn)
}

// candidateKeys returns the index keys of the documents of cand within
// the bounds (after from, not older than since), sorted: newest first.
func candidateKeys(tx *bolt.Tx, cand *roaring.Bitmap, from, since []byte) [][]byte {
	docs := tx.Bucket(bucketSearchDocs)
	keys := [][]byte{}
	it := cand.Iterator()
	for it.HasNext() {
		k := docs.Get(docKey(it.Next()))
		if len(k) <= timeKeyLen || (from != nil && bytes.Compare(k, from) <= 0) ||
			(since != nil && bytes.Compare(k[:timeKeyLen], since) > 0) {
			continue
		}
		keys = append(keys, bytes.Clone(k))
	}
	slices.SortFunc(keys, bytes.Compare)
	return keys
}

// scanKeys calls fn with the articles under keys (sorted index keys) that
// q selects, in order, whether they match search, reading a few hundred
// per read transaction and calling fn outside them.
func (s *Store) scanKeys(ctx context.Context, q Query, keys [][]byte, search Search, fn func(*Article, []byte, bool) error) error {
	for len(keys) > 0 {
		var page []hit
		err := s.view(ctx, func(tx *bolt.Tx) error {
			b, arts := queryIndex(tx, q), tx.Bucket(bucketArticles)
			for size := 0; len(keys) > 0 && len(page) < scanPageKeys && size < scanPageBytes; keys = keys[1:] {
				k := keys[0]
				if b == nil || !hasKey(b, k) { // not in the rule's or the flagged index
					continue
				}
				_, id, err := parseIndexKey(k)
				if err != nil {
					return err
				}
				v := arts.Get([]byte(id))
				if v == nil {
					continue
				}
				h, err := decodeHit(v, id, q, search)
				if err != nil {
					return err
				}
				if h != nil {
					h.key, size = k, size+len(v)
					page = append(page, *h)
				}
			}
			return nil
		})
		for _, h := range page {
			if err := ctx.Err(); err != nil {
				return wrapf(err, "store: search articles")
			}
			if err := fn(h.a, h.key, h.match); err != nil {
				return err
			}
		}
		if err != nil {
			return wrapf(err, "store: search articles")
		}
	}
	return nil
}

// isCandidate reports whether the article id is in cand, by its document
// number; an article without one (which Check reports) is a candidate,
// for Search.Match to decide.
func isCandidate(ids *bolt.Bucket, cand *roaring.Bitmap, id string) bool {
	if ids == nil {
		return true
	}
	v := ids.Get([]byte(id))
	if len(v) != 4 {
		return true
	}
	return cand.Contains(binary.BigEndian.Uint32(v))
}
