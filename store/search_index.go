package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// The search index (schema 2): every article has a document number, and
// each word has, per chunk of 65,536 document numbers, the set of
// documents holding it as a roaring bitmap. New articles take the next
// number, so a write rewrites the newest chunk of each of its words only.
var (
	bucketSearchWords = []byte("search_words") // word, 0, chunk (2 bytes) -> roaring bitmap of document numbers
	bucketSearchDocs  = []byte("search_docs")  // document number (4 bytes) -> index key
	bucketSearchIDs   = []byte("search_ids")   // article id -> document number (4 bytes)
)

// searchBuckets are the buckets of the search index, created with it.
var searchBuckets = [][]byte{bucketSearchWords, bucketSearchDocs, bucketSearchIDs}

// errNoSearchIndex is a file of schema 1 opened read-only: it has no
// search index, and searches read every article.
var errNoSearchIndex = errors.New("no search index")

// wordKey is the key of word's bitmap for the chunk holding doc.
func wordKey(word string, doc uint32) []byte {
	k := make([]byte, 0, len(word)+3)
	k = append(k, word...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint16(k, uint16(doc>>16))
}

// wordOfKey is the word of a key of bucketSearchWords.
func wordOfKey(k []byte) []byte {
	if len(k) < 3 {
		return nil
	}
	return k[:len(k)-3]
}

// docKey encodes a document number.
func docKey(doc uint32) []byte { return binary.BigEndian.AppendUint32(nil, doc) }

// searchIndexed reports whether tx holds the search index.
func searchIndexed(tx *bolt.Tx) bool { return tx.Bucket(bucketSearchWords) != nil }

// indexWords keeps the search index of the article id, stored under the
// index key key, in step: words are its words now (SearchWords), old
// those of the version it replaces (nil for a new article). Only the
// words that changed touch their bitmaps. A file without the index (an
// upgrade not yet run) is left alone.
func indexWords(tx *bolt.Tx, id string, key []byte, old, words []string) error {
	if !searchIndexed(tx) {
		return nil
	}
	ids, docs := tx.Bucket(bucketSearchIDs), tx.Bucket(bucketSearchDocs)
	var doc uint32
	if v := ids.Get([]byte(id)); len(v) == 4 {
		doc = binary.BigEndian.Uint32(v)
	} else {
		seq, err := docs.NextSequence()
		if err != nil {
			return err
		}
		if seq > math.MaxUint32 {
			return fmt.Errorf("search index: document numbers exhausted (compact the database)")
		}
		doc, old = uint32(seq), nil
		if err := ids.Put([]byte(id), docKey(doc)); err != nil {
			return err
		}
	}
	if err := docs.Put(docKey(doc), key); err != nil {
		return err
	}
	b := tx.Bucket(bucketSearchWords)
	i, j := 0, 0 // both sorted: a merge finds the words removed and added
	for i < len(old) || j < len(words) {
		switch {
		case j == len(words) || (i < len(old) && old[i] < words[j]):
			if err := updateWord(b, old[i], doc, false); err != nil {
				return err
			}
			i++
		case i == len(old) || words[j] < old[i]:
			if err := updateWord(b, words[j], doc, true); err != nil {
				return err
			}
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return nil
}

// unindexWords removes the article id, whose words are words, from the
// search index.
func unindexWords(tx *bolt.Tx, id string, words []string) error {
	if !searchIndexed(tx) {
		return nil
	}
	ids, docs := tx.Bucket(bucketSearchIDs), tx.Bucket(bucketSearchDocs)
	v := ids.Get([]byte(id))
	if len(v) != 4 {
		return nil // never indexed; Check reports it
	}
	doc := binary.BigEndian.Uint32(v)
	b := tx.Bucket(bucketSearchWords)
	for _, w := range words {
		if err := updateWord(b, w, doc, false); err != nil {
			return err
		}
	}
	if err := docs.Delete(docKey(doc)); err != nil {
		return err
	}
	return ids.Delete([]byte(id))
}

// updateWord adds doc to word's bitmap, or removes it, deleting a bitmap
// that becomes empty.
func updateWord(b *bolt.Bucket, word string, doc uint32, add bool) error {
	k := wordKey(word, doc)
	bm := roaring.New()
	if v := b.Get(k); v != nil {
		if err := bm.UnmarshalBinary(v); err != nil {
			return fmt.Errorf("search index: decode the documents of %q: %w", word, err)
		}
	}
	if add {
		if !bm.CheckedAdd(doc) {
			return nil
		}
	} else if !bm.CheckedRemove(doc) {
		return nil
	}
	if bm.IsEmpty() {
		return b.Delete(k)
	}
	bm.RunOptimize()
	v, err := bm.ToBytes()
	if err != nil {
		return err
	}
	return b.Put(k, v)
}

// storedWords returns the search words of the stored article JSON v.
func storedWords(v []byte) ([]string, error) {
	var a struct {
		Title   string `json:"title"`
		Summary string `json:"summary"`
		Text    string `json:"text"`
	}
	if err := json.Unmarshal(v, &a); err != nil {
		return nil, fmt.Errorf("decode stored article: %w", err)
	}
	return SearchWords(&Article{Title: a.Title, Summary: a.Summary, Text: a.Text}), nil
}

// wordDocs returns the documents holding sw (every word with sw.Text as
// its prefix when sw.Prefix), or nil and false when a prefix covers more
// than maxPrefixKeys bitmaps: too wide to narrow the candidates down, it
// is left to Search.Match. The bitmap is the caller's, valid after tx.
func wordDocs(tx *bolt.Tx, sw SearchWord) (*roaring.Bitmap, bool, error) {
	c := tx.Bucket(bucketSearchWords).Cursor()
	out := roaring.New()
	prefix := []byte(sw.Text)
	if !sw.Prefix {
		prefix = append(prefix, 0)
	}
	n := 0
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if n++; sw.Prefix && n > maxPrefixKeys {
			return nil, false, nil
		}
		if !sw.Prefix && len(k) != len(prefix)+2 {
			continue
		}
		var bm roaring.Bitmap // a copy: bitmaps read in place would point into the file
		if err := bm.UnmarshalBinary(v); err != nil {
			return nil, false, fmt.Errorf("search index: decode the documents of %q: %w", wordOfKey(k), err)
		}
		out.Or(&bm)
	}
	return out, true, nil
}

// maxPrefixKeys is the most bitmaps a prefix word reads to narrow a
// search's candidates; a wider prefix ("a*") narrows nothing much.
const maxPrefixKeys = 4096

// candidates returns the documents that may match s: those holding every
// word of every term. ok is false when no word narrows the search (every
// word a wide prefix): every article is then a candidate.
func candidates(tx *bolt.Tx, s Search) (docs *roaring.Bitmap, ok bool, err error) {
	for _, t := range s {
		for _, w := range t {
			bm, narrow, err := wordDocs(tx, w)
			if err != nil {
				return nil, false, err
			}
			if !narrow {
				continue
			}
			if docs == nil {
				docs = bm
			} else {
				docs.And(bm)
			}
			if docs.IsEmpty() {
				return docs, true, nil
			}
		}
	}
	return docs, docs != nil, nil
}
