package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// flagEntry is one article's entry in a per-rule index: the rule and the
// value stored, the flag's time as 8 big-endian bytes of Unix seconds.
type flagEntry struct {
	rule  []byte
	value []byte
}

// flagEntries lists the per-rule index entries of a; a flag with a zero
// Flagged time counts as raised when the article was fetched.
func flagEntries(a *Article) []flagEntry {
	var es []flagEntry
	for _, f := range a.Flags {
		t := f.Flagged
		if t.IsZero() {
			t = a.Fetched
		}
		es = append(es, flagEntry{rule: []byte(f.Rule), value: binary.BigEndian.AppendUint64(nil, uint64(t.Unix()))})
	}
	return es
}

// flagTime decodes the value of a per-rule index entry.
func flagTime(v []byte) time.Time {
	if len(v) != 8 {
		return time.Time{}
	}
	return time.Unix(int64(binary.BigEndian.Uint64(v)), 0).UTC()
}

// index adds the index entries of an article stored under key. Putting an
// entry that exists is harmless, so this is idempotent.
func index(tx *bolt.Tx, key []byte, entries []flagEntry) error {
	if err := tx.Bucket(bucketByTime).Put(key, nil); err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if err := tx.Bucket(bucketFlagged).Put(key, nil); err != nil {
		return err
	}
	flags := tx.Bucket(bucketFlags)
	for _, e := range entries {
		b, err := flags.CreateBucketIfNotExists(e.rule)
		if err != nil {
			return fmt.Errorf("index rule %q: %w", e.rule, err)
		}
		if err := b.Put(key, e.value); err != nil {
			return err
		}
	}
	return nil
}

// indexed is the part of a stored Article its index entries derive from.
type indexed struct {
	Published *time.Time `json:"published"`
	Fetched   time.Time  `json:"fetched"`
	Flags     []struct {
		Rule string `json:"rule"`
	} `json:"flags"`
}

// unindex removes the index entries of the article stored as v under id,
// dropping per-rule buckets that become empty.
func unindex(tx *bolt.Tx, id string, v []byte) error {
	var old indexed
	if err := json.Unmarshal(v, &old); err != nil {
		return fmt.Errorf("decode stored article: %w", err)
	}
	key := indexKey(sortTime(&Article{Published: old.Published, Fetched: old.Fetched}), id)
	if err := tx.Bucket(bucketByTime).Delete(key); err != nil {
		return err
	}
	if err := tx.Bucket(bucketFlagged).Delete(key); err != nil {
		return err
	}
	flags := tx.Bucket(bucketFlags)
	for _, f := range old.Flags {
		b := flags.Bucket([]byte(f.Rule))
		if b == nil {
			continue
		}
		if err := b.Delete(key); err != nil {
			return err
		}
		if k, _ := b.Cursor().First(); k == nil {
			if err := flags.DeleteBucket([]byte(f.Rule)); err != nil {
				return err
			}
		}
	}
	return nil
}
