package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// pruneBatch is how many index keys one write transaction of Prune reads.
const pruneBatch = 512

// Prune removes the articles fetched before olderThan, with their index
// entries (the search index's too) and labels, and returns how many it removed. Flagged articles stay unless
// includeFlagged. It works oldest first in write transactions of a few
// hundred articles, so crawls go on meanwhile. The file does not shrink:
// bbolt reuses the freed pages for new articles, and Compact shrinks it.
func (s *Store) Prune(ctx context.Context, olderThan time.Time, includeFlagged bool) (int, error) {
	// Every article's sort time is at most its Fetched time, so the scan
	// can stop at the first key whose sort time is not before olderThan.
	cutoff := timeKey(olderThan)
	var from []byte
	total := 0
	for {
		n, done := 0, false
		err := s.update(ctx, func(tx *bolt.Tx) error {
			var err error
			n, from, done, err = pruneStep(tx, from, cutoff, olderThan, includeFlagged)
			return err
		})
		if err != nil {
			return total, wrapf(err, "store: prune %s", s.path)
		}
		total += n
		if done {
			s.log.Info("pruned articles", "removed", total, "older_than", olderThan, "include_flagged", includeFlagged)
			return total, nil
		}
	}
}

// pruneStep examines up to pruneBatch keys of the time index, older than
// from (from the oldest when nil), and deletes the articles Prune removes.
// It returns how many it deleted, the last key examined and whether the
// scan is over.
func pruneStep(tx *bolt.Tx, from, cutoff []byte, olderThan time.Time, includeFlagged bool) (int, []byte, bool, error) {
	arts := tx.Bucket(bucketArticles)
	c := tx.Bucket(bucketByTime).Cursor()
	var k []byte
	if from == nil {
		k, _ = c.Last()
	} else if k, _ = c.Seek(from); k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	type victim struct {
		id string
		v  []byte
	}
	var victims []victim
	done := false
	for n := 0; ; k, _ = c.Prev() {
		if k == nil || len(k) < timeKeyLen || bytes.Compare(k[:timeKeyLen], cutoff) <= 0 {
			done = true
			break
		}
		if n++; n > pruneBatch {
			break
		}
		from = bytes.Clone(k)
		_, id, err := parseIndexKey(k)
		if err != nil {
			return 0, nil, false, err
		}
		v := arts.Get([]byte(id))
		if v == nil {
			continue
		}
		var a indexed
		if err := json.Unmarshal(v, &a); err != nil {
			return 0, nil, false, fmt.Errorf("decode article %s: %w", id, err)
		}
		if !a.Fetched.Before(olderThan) || (len(a.Flags) > 0 && !includeFlagged) {
			continue
		}
		victims = append(victims, victim{id: id, v: bytes.Clone(v)})
	}
	for _, vic := range victims {
		if err := unindex(tx, vic.id, vic.v); err != nil {
			return 0, nil, false, err
		}
		words, err := storedWords(vic.v)
		if err != nil {
			return 0, nil, false, fmt.Errorf("article %s: %w", vic.id, err)
		}
		if err := unindexWords(tx, vic.id, words); err != nil {
			return 0, nil, false, err
		}
		if err := unclusterArticle(tx, vic.id, vic.v); err != nil {
			return 0, nil, false, err
		}
		if err := deleteLabels(tx, vic.id); err != nil {
			return 0, nil, false, err
		}
		if err := arts.Delete([]byte(vic.id)); err != nil {
			return 0, nil, false, err
		}
	}
	return len(victims), from, done, nil
}
