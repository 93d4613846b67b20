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
// number, so the bitmaps rewritten are the newest chunks. A write does
// not rewrite them itself: in its own transaction it appends the words
// its article gained and lost to the pending list, which the write that
// finds foldPending entries there folds into the bitmaps, each bitmap
// rewritten once for them all (as PostgreSQL's GIN index does with its
// pending list). A search reads the pending documents as candidates, so
// it never misses a write.
var (
	bucketSearchWords   = []byte("search_words")   // word, 0, chunk (2 bytes) -> roaring bitmap of document numbers
	bucketSearchDocs    = []byte("search_docs")    // document number (4 bytes) -> index key
	bucketSearchIDs     = []byte("search_ids")     // article id -> document number (4 bytes)
	bucketSearchPending = []byte("search_pending") // sequence (8 bytes) -> document number (4 bytes), then "+word" or "-word", each ended by a zero byte
)

// searchBuckets are the buckets of the search index, created with it.
var searchBuckets = [][]byte{bucketSearchWords, bucketSearchDocs, bucketSearchIDs, bucketSearchPending}

// foldPending is how many pending entries a write lets gather before it
// folds them into the word bitmaps.
const foldPending = 512

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
	var ops []byte
	i, j := 0, 0 // both sorted: a merge finds the words removed and added
	for i < len(old) || j < len(words) {
		switch {
		case j == len(words) || (i < len(old) && old[i] < words[j]):
			ops = appendOp(ops, '-', old[i])
			i++
		case i == len(old) || words[j] < old[i]:
			ops = appendOp(ops, '+', words[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return addPending(tx, doc, ops)
}

// appendOp appends one operation of a pending entry: op ('+' or '-'),
// the word and a zero byte.
func appendOp(ops []byte, op byte, word string) []byte {
	ops = append(ops, op)
	ops = append(ops, word...)
	return append(ops, 0)
}

// addPending appends the operations ops on document doc to the pending
// list, and folds the list when it holds foldPending entries.
func addPending(tx *bolt.Tx, doc uint32, ops []byte) error {
	if len(ops) == 0 {
		return nil
	}
	p := tx.Bucket(bucketSearchPending)
	seq, err := p.NextSequence()
	if err != nil {
		return err
	}
	if err := p.Put(binary.BigEndian.AppendUint64(nil, seq), append(docKey(doc), ops...)); err != nil {
		return err
	}
	if first, _ := p.Cursor().First(); len(first) == 8 && seq-binary.BigEndian.Uint64(first)+1 < foldPending {
		return nil
	}
	return foldSearch(tx)
}

// eachPending calls fn with each pending entry's document and its
// operations, oldest first.
func eachPending(tx *bolt.Tx, fn func(doc uint32, op byte, word string) error) error {
	return tx.Bucket(bucketSearchPending).ForEach(func(k, v []byte) error {
		if len(v) < 4 {
			return fmt.Errorf("search index: pending entry %x is %d bytes, want 4 or more", k, len(v))
		}
		doc := binary.BigEndian.Uint32(v)
		for ops := v[4:]; len(ops) > 0; {
			i := bytes.IndexByte(ops, 0)
			if i < 1 || (ops[0] != '+' && ops[0] != '-') {
				return fmt.Errorf("search index: pending entry %x is not a list of operations", k)
			}
			if err := fn(doc, ops[0], string(ops[1:i])); err != nil {
				return err
			}
			ops = ops[i+1:]
		}
		return nil
	})
}

// pendingOverlay returns the word bitmaps the pending list changes, by
// key of bucketSearchWords, as they are once it is applied (empty ones
// included: their key goes).
func pendingOverlay(tx *bolt.Tx) (map[string]*roaring.Bitmap, error) {
	b := tx.Bucket(bucketSearchWords)
	overlay := map[string]*roaring.Bitmap{}
	err := eachPending(tx, func(doc uint32, op byte, word string) error {
		k := string(wordKey(word, doc))
		bm := overlay[k]
		if bm == nil {
			bm = roaring.New()
			if v := b.Get([]byte(k)); v != nil {
				if err := bm.UnmarshalBinary(v); err != nil {
					return fmt.Errorf("search index: decode the documents of %q: %w", word, err)
				}
			}
			overlay[k] = bm
		}
		if op == '+' {
			bm.Add(doc)
		} else {
			bm.Remove(doc)
		}
		return nil
	})
	return overlay, err
}

// foldSearch applies the pending list to the word bitmaps and empties it.
func foldSearch(tx *bolt.Tx) error {
	overlay, err := pendingOverlay(tx)
	if err != nil {
		return err
	}
	b := tx.Bucket(bucketSearchWords)
	for k, bm := range overlay {
		if bm.IsEmpty() {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
			continue
		}
		bm.RunOptimize()
		v, err := bm.ToBytes()
		if err != nil {
			return err
		}
		if err := b.Put([]byte(k), v); err != nil {
			return err
		}
	}
	p := tx.Bucket(bucketSearchPending)
	var keys [][]byte // not deleted through the cursor: its Next would then skip a key
	_ = p.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
	for _, k := range keys {
		if err := p.Delete(k); err != nil {
			return err
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
	if err := docs.Delete(docKey(doc)); err != nil {
		return err
	}
	if err := ids.Delete([]byte(id)); err != nil {
		return err
	}
	var ops []byte
	for _, w := range words {
		ops = appendOp(ops, '-', w)
	}
	return addPending(tx, doc, ops)
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
// word of every term, in the bitmaps or in the pending list. ok is false
// when no word narrows the search (every word a wide prefix): every
// article is then a candidate.
func candidates(tx *bolt.Tx, s Search) (docs *roaring.Bitmap, ok bool, err error) {
	var ws []SearchWord
	for _, t := range s {
		ws = append(ws, t...)
	}
	pending, err := pendingWordDocs(tx, ws)
	if err != nil {
		return nil, false, err
	}
	for i, w := range ws {
		bm, narrow, err := wordDocs(tx, w)
		if err != nil {
			return nil, false, err
		}
		if !narrow {
			continue
		}
		bm.Or(pending[i])
		if docs == nil {
			docs = bm
		} else {
			docs.And(bm)
		}
	}
	return docs, docs != nil, nil
}

// pendingWordDocs returns, for each of ws, the documents the pending list
// adds it to (or a word it is the prefix of).
func pendingWordDocs(tx *bolt.Tx, ws []SearchWord) ([]*roaring.Bitmap, error) {
	out := make([]*roaring.Bitmap, len(ws))
	for i := range out {
		out[i] = roaring.New()
	}
	err := tx.Bucket(bucketSearchPending).ForEach(func(_, v []byte) error {
		if len(v) < 4 {
			return nil // Check reports it
		}
		doc := binary.BigEndian.Uint32(v)
		for ops := v[4:]; len(ops) > 0; {
			i := bytes.IndexByte(ops, 0)
			if i < 1 {
				return nil
			}
			if ops[0] == '+' {
				word := ops[1:i]
				for j, w := range ws {
					if w.Prefix && bytes.HasPrefix(word, []byte(w.Text)) || string(word) == w.Text {
						out[j].Add(doc)
					}
				}
			}
			ops = ops[i+1:]
		}
		return nil
	})
	return out, err
}
