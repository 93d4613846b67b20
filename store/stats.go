package store

import (
	"context"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Stats are counts over the whole database.
type Stats struct {
	// Feeds is the number of stored feeds.
	Feeds int `json:"feeds"`
	// Articles is the number of stored articles, flagged or not.
	Articles int `json:"articles"`
	// Flagged is the number of articles with at least one flag.
	Flagged int `json:"flagged"`
	// FlagsByRule counts flagged articles per rule name.
	FlagsByRule map[string]int `json:"flags_by_rule"`
	// FlagsByRuleDay counts flagged articles per rule name and UTC day
	// ("2006-01-02") of the flag's Flagged time (Fetched when zero).
	FlagsByRuleDay map[string]map[string]int `json:"flags_by_rule_day"`
	// FileSize is the size of the database file in bytes.
	FileSize int64 `json:"file_size"`
}

// Stats counts feeds, articles and flags. It walks the flag indexes, which
// are small next to the articles, in one read transaction.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{FlagsByRule: map[string]int{}, FlagsByRuleDay: map[string]map[string]int{}}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		st.Feeds = keyCount(tx.Bucket(bucketFeeds))
		st.Articles = keyCount(tx.Bucket(bucketByTime))
		st.Flagged = keyCount(tx.Bucket(bucketFlagged))
		flags := tx.Bucket(bucketFlags)
		if flags == nil {
			return nil
		}
		return flags.ForEachBucket(func(rule []byte) error {
			days := map[string]int{}
			n := 0
			err := flags.Bucket(rule).ForEach(func(_, v []byte) error {
				n++
				days[flagTime(v).Format("2006-01-02")]++
				return nil
			})
			st.FlagsByRule[string(rule)] = n
			st.FlagsByRuleDay[string(rule)] = days
			return err
		})
	})
	if err != nil {
		return Stats{}, wrapf(err, "store: stats of %s", s.path)
	}
	info, err := os.Stat(s.path)
	if err != nil {
		return Stats{}, wrapf(err, "store: stats of %s", s.path)
	}
	st.FileSize = info.Size()
	return st, nil
}

// keyCount counts the keys of a bucket without sub-buckets; nil counts 0.
func keyCount(b *bolt.Bucket) int {
	if b == nil {
		return 0
	}
	return b.Stats().KeyN
}
