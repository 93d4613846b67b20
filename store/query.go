package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// Query selects stored articles. Articles are ordered newest first by
// their sort time: Published, or Fetched when Published is unknown or
// later than Fetched. The zero Query selects every article.
type Query struct {
	// Since and Until bound the sort time: Since <= t < Until. A zero
	// time leaves that side open.
	Since, Until time.Time
	// Rule, when set, selects only articles flagged by the rule so named.
	Rule string
	// Feed, when set, selects only articles whose Feed or Sources has
	// this URL.
	Feed string
	// FlaggedOnly selects only articles with at least one flag.
	FlaggedOnly bool
	// Limit caps the number of articles. Zero means no cap for Articles
	// and DefaultPageLimit for ArticlesPage, which caps it at MaxPageLimit.
	Limit int
	// After is a cursor returned by ArticlesPage: the query resumes after
	// the last article of that page. Empty starts at the newest.
	After string
	// NoText leaves Article.Text empty in the articles returned, so that
	// a page of stories holds no full texts (most of an article's size):
	// without a text query the text is skipped while decoding. SearchPage
	// still matches its text query against the text.
	NoText bool
}

// Page sizes of ArticlesPage.
const (
	// DefaultPageLimit is the page size when Query.Limit is zero.
	DefaultPageLimit = 100
	// MaxPageLimit caps Query.Limit for ArticlesPage.
	MaxPageLimit = 1000
)

// Read transactions of a scan stop after this many index keys or this
// many bytes of article values, so that no read transaction lasts long.
const (
	scanPageKeys  = 256
	scanPageBytes = 4 << 20
)

// Articles calls fn with each article q selects, newest first, and stops
// at the first error fn returns, returning it unchanged. It reads a few
// hundred index keys per read transaction and calls fn outside any
// transaction, so memory stays bounded and writers are never held up for
// long; an article stored or replaced meanwhile may or may not be seen.
// fn owns each *Article it is given.
func (s *Store) Articles(ctx context.Context, q Query, fn func(*Article) error) error {
	return s.scan(ctx, q, max(q.Limit, 0), nil, nil, func(a *Article, _ []byte, _ bool) error { return fn(a) })
}

// ArticlesPage returns one page of the articles q selects (at most
// q.Limit, see Query.Limit) and the cursor to pass as Query.After for the
// next page, or "" when this page is the last. A bad cursor gives
// ErrBadCursor.
func (s *Store) ArticlesPage(ctx context.Context, q Query) ([]*Article, string, error) {
	return s.SearchPage(ctx, q, "", 0)
}

// pageLimit is the page size of q: Query.Limit, defaulted and capped.
func pageLimit(q Query) int {
	if q.Limit <= 0 {
		return DefaultPageLimit
	}
	return min(q.Limit, MaxPageLimit)
}

// hit is an article found by a scan, its index key and whether it
// matches the scan's text query.
type hit struct {
	a     *Article
	key   []byte
	match bool
}

// scanSkipKeys is the most index keys outside the candidates that one
// read transaction of a search skips.
const scanSkipKeys = 8192

// queryBounds decodes q's bounds into index keys: the key to start after
// (nil: the newest) and the oldest time key to read (nil: no bound).
func queryBounds(q Query) (from, since []byte, err error) {
	if !q.Until.IsZero() {
		from = timeKey(q.Until.Add(-time.Nanosecond)) // a prefix: Seek lands on its first key
	}
	if q.After != "" {
		k, err := decodeCursor(q.After)
		if err != nil {
			return nil, nil, err
		}
		if bytes.Compare(k, from) > 0 { // start at whichever is older
			from = k
		}
	}
	if !q.Since.IsZero() {
		since = timeKey(q.Since)
	}
	return from, since, nil
}

// scan runs q, calling fn with at most limit (zero: all) articles, their
// index keys and whether they match search (see Search.Match; the zero
// Search matches every article). With cand, only the articles whose
// document number (see search_index.go) it holds are read. Errors of fn
// are returned unchanged.
func (s *Store) scan(ctx context.Context, q Query, limit int, search Search, cand *roaring.Bitmap, fn func(*Article, []byte, bool) error) error {
	from, since, err := queryBounds(q)
	if err != nil {
		return err
	}
	n := 0
	for {
		var page []hit
		done := false
		err := s.view(ctx, func(tx *bolt.Tx) error {
			var err error
			page, from, done, err = s.scanPage(tx, q, from, since, search, cand, limit-n)
			return err
		})
		if err != nil && page == nil {
			return wrapf(err, "store: query articles")
		}
		for _, h := range page {
			if err := ctx.Err(); err != nil {
				return wrapf(err, "store: query articles")
			}
			if err := fn(h.a, h.key, h.match); err != nil {
				return err
			}
			if n++; limit > 0 && n >= limit {
				return nil
			}
		}
		if err != nil { // after the articles read before the failure
			return wrapf(err, "store: query articles")
		}
		if done {
			return nil
		}
	}
}

// scanPage reads one page of q's index after key from (from the newest
// when nil; a key equal to from is skipped), decoding at most want
// matching articles (zero: no cap). It returns the matches, the last key
// it read, and whether the index is exhausted. An article that does not
// decode ends the page with an error, returned with the matches before it.
// Each hit says whether it matches search; with q.NoText its text is then
// dropped. With cand, articles whose document number it lacks are
// skipped without being decoded.
func (s *Store) scanPage(tx *bolt.Tx, q Query, from, since []byte, search Search, cand *roaring.Bitmap, want int) (page []hit, last []byte, done bool, err error) {
	b := queryIndex(tx, q)
	if b == nil {
		return nil, from, true, nil
	}
	arts, ids := tx.Bucket(bucketArticles), tx.Bucket(bucketSearchIDs)
	c := b.Cursor()
	var k []byte
	if from == nil {
		k, _ = c.First()
	} else if k, _ = c.Seek(from); bytes.Equal(k, from) {
		k, _ = c.Next()
	}
	last = from
	for scanned, skipped, size := 0, 0, 0; ; k, _ = c.Next() {
		if k == nil {
			return page, last, true, nil
		}
		if scanned == scanPageKeys || skipped == scanSkipKeys || size >= scanPageBytes || (want > 0 && len(page) >= want) {
			return page, last, false, nil
		}
		_, id, err := parseIndexKey(k)
		if err != nil {
			return nil, nil, false, err
		}
		if since != nil && bytes.Compare(k[:timeKeyLen], since) > 0 {
			return page, last, true, nil
		}
		if cand != nil && !isCandidate(ids, cand, id) {
			skipped++
			last = append(last[:0:0], k...)
			continue
		}
		scanned++
		last = bytes.Clone(k)
		v := arts.Get([]byte(id))
		if v == nil {
			s.log.Warn("index entry without article", "article_id", id)
			continue
		}
		h, err := decodeHit(v, id, q, search)
		if err != nil {
			return page, last, false, err
		}
		if h == nil {
			continue
		}
		h.key = last
		size += len(v)
		page = append(page, *h)
	}
}

// decodeHit decodes the stored article v with the id for a scan of q and
// search: nil when q.Feed leaves it out.
func decodeHit(v []byte, id string, q Query, search Search) (*hit, error) {
	a := new(Article)
	if err := decodeArticle(v, a, q.NoText && len(search) == 0); err != nil {
		return nil, fmt.Errorf("decode article %s: %w", id, err)
	}
	if q.Feed != "" && a.Feed.URL != q.Feed && !hasSource(a.Sources, q.Feed) {
		return nil, nil
	}
	match := search.Match(a)
	if q.NoText {
		a.Text = ""
	}
	return &hit{a: a, match: match}, nil
}

// decodeArticle decodes the stored JSON v into a, skipping its text when
// noText.
func decodeArticle(v []byte, a *Article, noText bool) error {
	if noText {
		return json.Unmarshal(v, &textless{Article: a})
	}
	return json.Unmarshal(v, a)
}

// textless decodes an Article but for its text: its own Text field, less
// deep than the Article's, takes the "text" key and drops it.
type textless struct {
	*Article
	Text skipped `json:"text"`
}

// skipped is a JSON value decoded to nothing.
type skipped struct{}

func (skipped) UnmarshalJSON([]byte) error { return nil }

// queryIndex picks the smallest index that covers q; nil when it does
// not exist (a rule that never flagged anything, or an empty file).
func queryIndex(tx *bolt.Tx, q Query) *bolt.Bucket {
	switch {
	case q.Rule != "":
		if flags := tx.Bucket(bucketFlags); flags != nil {
			return flags.Bucket([]byte(q.Rule))
		}
		return nil
	case q.FlaggedOnly:
		return tx.Bucket(bucketFlagged)
	default:
		return tx.Bucket(bucketByTime)
	}
}
