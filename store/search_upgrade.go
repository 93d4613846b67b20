package store

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// searchBuildBatch is how many articles one write transaction of the
// search index's build indexes.
const searchBuildBatch = 1000

// schemaOf returns the schema version stored in tx (0 when unknown).
func schemaOf(tx *bolt.Tx) int {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0
	}
	v, _ := strconv.Atoi(string(meta.Get(keySchema)))
	return v
}

// searchReady reports whether tx holds a complete search index: the file
// is of schema 2 or later.
func searchReady(tx *bolt.Tx) bool { return schemaOf(tx) >= 2 && searchIndexed(tx) }

// upgradeSearch builds the search index of a file of schema 1, in write
// transactions of searchBuildBatch articles, then records schema 2. An
// upgrade cut short goes on where it stopped at the next Open: articles
// already indexed are skipped.
func (s *Store) upgradeSearch(ctx context.Context) error {
	var v int
	if err := s.view(ctx, func(tx *bolt.Tx) error { v = schemaOf(tx); return nil }); err != nil {
		return wrapf(err, "store: upgrade %s", s.path)
	}
	if v >= 2 {
		return nil
	}
	s.log.Info("building the search index", "path", s.path)
	var after []byte
	total := 0
	for {
		n, done := 0, false
		err := s.update(ctx, func(tx *bolt.Tx) error {
			var err error
			n, after, done, err = s.buildSearchStep(tx, after)
			return err
		})
		if err != nil {
			return wrapf(err, "store: build the search index of %s", s.path)
		}
		total += n
		if done {
			break
		}
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(SchemaVersion)))
	})
	if err != nil {
		return wrapf(err, "store: upgrade %s", s.path)
	}
	s.log.Info("built the search index", "path", s.path, "articles", total, "schema", SchemaVersion)
	return nil
}

// buildSearchStep indexes up to searchBuildBatch articles with ids after
// after (from the first when nil) that the search index lacks; one that
// does not decode is left out (Check reports it). It returns
// how many it indexed, the last id read and whether none is left.
func (s *Store) buildSearchStep(tx *bolt.Tx, after []byte) (int, []byte, bool, error) {
	for _, name := range searchBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return 0, nil, false, err
		}
	}
	ids := tx.Bucket(bucketSearchIDs)
	c := tx.Bucket(bucketArticles).Cursor()
	k, v := c.First()
	if after != nil {
		if k, v = c.Seek(after); bytes.Equal(k, after) {
			k, v = c.Next()
		}
	}
	n := 0
	for ; k != nil; k, v = c.Next() {
		if n == searchBuildBatch {
			return n, after, false, nil
		}
		after = bytes.Clone(k)
		if ids.Get(k) != nil {
			continue
		}
		var a struct {
			indexed
			Title   string `json:"title"`
			Summary string `json:"summary"`
			Text    string `json:"text"`
		}
		if err := json.Unmarshal(v, &a); err != nil { // left out; Check reports it
			s.log.Warn("article left out of the search index: it does not decode", "article_id", string(k), "error", err)
			continue
		}
		key := indexKey(sortTime(&Article{Published: a.Published, Fetched: a.Fetched}), string(k))
		words := SearchWords(&Article{Title: a.Title, Summary: a.Summary, Text: a.Text})
		if err := indexWords(tx, string(k), key, nil, words); err != nil {
			return n, nil, false, err
		}
		n++
	}
	return n, after, true, nil
}
