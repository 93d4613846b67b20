package store

import (
	"context"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// stampFlags sets each flag's Stored time: the stored version's for a rule
// it had (prev), now for a rule new to the article.
func stampFlags(prev []storedFlag, a *Article, now time.Time) {
	for i := range a.Flags {
		a.Flags[i].Stored = now
		for _, p := range prev {
			if p.Rule == a.Flags[i].Rule {
				a.Flags[i].Stored = p.Stored // zero for flags stored before Stored existed
				break
			}
		}
	}
}

// FlagStored returns when f was first stored: f.Stored, or for flags
// stored before that field existed f.Flagged, or a.Fetched when both are
// zero.
func FlagStored(a *Article, f Flag) time.Time {
	switch {
	case !f.Stored.IsZero():
		return f.Stored
	case !f.Flagged.IsZero():
		return f.Flagged
	}
	return a.Fetched
}

// FlagLogRead is what ReadFlagLog found besides the events.
type FlagLogRead struct {
	// Last is the sequence of the newest event ever appended to the flag
	// log (zero for an empty log): a later read after Last sees only the
	// flags stored since this one.
	Last uint64
	// Gap reports that events after the sequence asked for have been
	// pruned (see PruneFlagLog): the events returned do not hold every flag
	// stored since.
	Gap bool
}

// ReadFlagLog calls fn, inside one read transaction, with each event of
// the flag log after sequence after, in commit order, and reports the
// log's last sequence. The flag log holds one event per flag that raises
// an alert (see AlertPolicy), appended in the
// transaction that stores the flag, so successive reads, each after the
// previous one's Last, see each such flag exactly once. An after past the
// log's last sequence (a cursor from another database) reads nothing and
// gives a Last below after. Errors of fn are returned unchanged.
func (s *Store) ReadFlagLog(ctx context.Context, after uint64, fn func(FlagEvent) error) (FlagLogRead, error) {
	var r FlagLogRead
	var fnErr error
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlertLog)
		if b == nil {
			return nil
		}
		r.Last = b.Sequence()
		if k, _ := b.Cursor().Last(); k != nil {
			r.Last = max(r.Last, binary.BigEndian.Uint64(k))
		}
		first := true
		err := eachEvent(tx, after, func(e FlagEvent) bool {
			if first && e.Seq > after+1 {
				r.Gap = true
			}
			first = false
			fnErr = fn(e)
			return fnErr == nil
		})
		if first && r.Last > after { // events issued since, all pruned
			r.Gap = true
		}
		return err
	})
	if err != nil {
		return r, wrapf(err, "store: read flag log")
	}
	if fnErr != nil {
		return r, fnErr
	}
	return r, nil
}

// RuleNames returns, sorted, the names of the rules that flag at least
// one stored article.
func (s *Store) RuleNames(ctx context.Context) ([]string, error) {
	var names []string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		flags := tx.Bucket(bucketFlags)
		if flags == nil {
			return nil
		}
		return flags.ForEachBucket(func(rule []byte) error {
			names = append(names, string(rule))
			return nil
		})
	})
	if err != nil {
		return nil, wrapf(err, "store: list flagging rules")
	}
	return names, nil // bbolt keeps buckets in byte order
}
