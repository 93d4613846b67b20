package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// checkIndexes reports to add every disagreement between the articles and
// their indexes: an article missing from an index it belongs in, and
// index entries beyond those the articles account for (stale entries, or
// an article stored twice), and the same for the story-cluster index. It
// decodes each article's index fields once.
func checkIndexes(tx *bolt.Tx, add func(error)) {
	arts, byTime := tx.Bucket(bucketArticles), tx.Bucket(bucketByTime)
	flagged, flags := tx.Bucket(bucketFlagged), tx.Bucket(bucketFlags)
	if arts == nil && byTime == nil && flagged == nil && flags == nil {
		return // an empty file opened read-only
	}
	if arts == nil || byTime == nil || flagged == nil || flags == nil {
		add(fmt.Errorf("a bucket of articles, by_time, flagged and flags is missing"))
		return
	}
	nFlagged := 0
	perRule := map[string]int{}
	clusters := newClusterCheck(tx, add)
	err := arts.ForEach(func(id, v []byte) error {
		var a struct {
			indexed
			Cluster string `json:"cluster"`
		}
		if err := json.Unmarshal(v, &a); err != nil {
			add(fmt.Errorf("article %s: cannot decode: %w", id, err))
			return nil
		}
		clusters.member(id, a.Cluster)
		key := indexKey(sortTime(&Article{Published: a.Published, Fetched: a.Fetched}), string(id))
		if !hasKey(byTime, key) {
			add(fmt.Errorf("article %s: missing from the time index", id))
		}
		if len(a.Flags) == 0 {
			return nil
		}
		nFlagged++
		if !hasKey(flagged, key) {
			add(fmt.Errorf("article %s: missing from the flagged index", id))
		}
		seen := map[string]bool{}
		for _, f := range a.Flags {
			if seen[f.Rule] {
				continue
			}
			seen[f.Rule] = true
			perRule[f.Rule]++
			if b := flags.Bucket([]byte(f.Rule)); b == nil || !hasKey(b, key) {
				add(fmt.Errorf("article %s: missing from the index of rule %q", id, f.Rule))
			}
		}
		return nil
	})
	if err != nil {
		add(err)
	}
	clusters.done()
	nArts := keyCount(arts)
	countIs(add, "time index", keyCount(byTime), nArts)
	countIs(add, "flagged index", keyCount(flagged), nFlagged)
	_ = flags.ForEachBucket(func(rule []byte) error {
		countIs(add, fmt.Sprintf("index of rule %q", rule), keyCount(flags.Bucket(rule)), perRule[string(rule)])
		return nil
	})
}

// countIs reports an index holding more or fewer entries than it should.
func countIs(add func(error), name string, got, want int) {
	if got != want {
		add(fmt.Errorf("%s has %d entries, want %d", name, got, want))
	}
}

// hasKey reports whether b holds key (whatever its value, even empty).
func hasKey(b *bolt.Bucket, key []byte) bool {
	k, _ := b.Cursor().Seek(key)
	return bytes.Equal(k, key)
}
