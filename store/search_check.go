package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// checkSearch reports to add every disagreement between the articles and
// the search index of a file of schema 2, its pending list applied: an article without a document
// number, or whose document number maps to another index key, a word of
// an article whose bitmap lacks it, and entries beyond those the articles
// account for (counted: every article's entries found, the same number in
// all means no others). Articles that do not decode are checkIndexes's.
func checkSearch(tx *bolt.Tx, add func(error)) {
	if schemaOf(tx) < 2 {
		return // a file of schema 1 opened read-only: no index yet
	}
	for _, name := range searchBuckets {
		if tx.Bucket(name) == nil {
			add(fmt.Errorf("a bucket of the search index (search_words, search_docs, search_ids, search_pending) is missing"))
			return
		}
	}
	words, docs, ids := tx.Bucket(bucketSearchWords), tx.Bucket(bucketSearchDocs), tx.Bucket(bucketSearchIDs)
	overlay, err := pendingOverlay(tx) // the bitmaps as they are once the pending list is folded
	if err != nil {
		add(err)
		return
	}
	bitmap := func(k []byte) (*roaring.Bitmap, error) {
		if bm, ok := overlay[string(k)]; ok {
			return bm, nil
		}
		v := words.Get(k)
		if v == nil {
			return roaring.New(), nil
		}
		bm := new(roaring.Bitmap)
		_, err := bm.FromUnsafeBytes(v)
		return bm, err
	}
	nDocs, nPostings := 0, uint64(0)
	err = tx.Bucket(bucketArticles).ForEach(func(id, v []byte) error {
		var a struct {
			indexed
			Title   string `json:"title"`
			Summary string `json:"summary"`
			Text    string `json:"text"`
		}
		if json.Unmarshal(v, &a) != nil {
			return nil
		}
		dv := ids.Get(id)
		if len(dv) != 4 {
			add(fmt.Errorf("article %s: missing from the search index", id))
			return nil
		}
		nDocs++
		doc := binary.BigEndian.Uint32(dv)
		key := indexKey(sortTime(&Article{Published: a.Published, Fetched: a.Fetched}), string(id))
		if got := docs.Get(dv); !bytes.Equal(got, key) {
			add(fmt.Errorf("article %s: its search document %d is under index key %x, want %x", id, doc, got, key))
		}
		for _, w := range SearchWords(&Article{Title: a.Title, Summary: a.Summary, Text: a.Text}) {
			nPostings++
			bm, err := bitmap(wordKey(w, doc))
			if err != nil {
				add(fmt.Errorf("search index of the word %q: cannot decode: %w", w, err))
				return nil
			}
			if !bm.Contains(doc) {
				add(fmt.Errorf("article %s: missing from the search index of the word %q", id, w))
				return nil
			}
		}
		return nil
	})
	if err != nil {
		add(err)
	}
	countIs(add, "search index's document list", keyCount(docs), nDocs)
	countIs(add, "search index's article list", keyCount(ids), nDocs)
	var got uint64
	err = words.ForEach(func(k, v []byte) error {
		if _, ok := overlay[string(k)]; ok {
			return nil // counted below
		}
		var bm roaring.Bitmap
		if _, err := bm.FromUnsafeBytes(v); err != nil {
			add(fmt.Errorf("search index of the word %q: cannot decode: %w", wordOfKey(k), err))
			return nil
		}
		got += bm.GetCardinality()
		return nil
	})
	if err != nil {
		add(err)
	}
	for _, bm := range overlay {
		got += bm.GetCardinality()
	}
	if got != nPostings {
		add(fmt.Errorf("search index holds %d word entries, want %d", got, nPostings))
	}
}
