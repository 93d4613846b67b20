package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The alert buckets: the flag log that digests and spikes read, the queue
// of notices (digest and spike emails, spike webhooks) waiting to be sent,
// and each digest's and rule's progress.
var (
	bucketAlertLog   = []byte("alert_log")   // sequence -> JSON FlagEvent, in commit order
	bucketAlertQueue = []byte("alert_queue") // sequence -> JSON Notice
	bucketAlertState = []byte("alert_state") // "digest/"+name or "spike/"+rule -> JSON state
)

// FlagEvent is one entry of the flag log: a flag the AlertPolicy raised
// (newshound's: a rule newly flagged a story, not as a duplicate). PutArticle
// appends it in the transaction that stores the flag, so digests and
// spike counts see every such flag exactly once.
type FlagEvent struct {
	// Seq numbers the events in commit order, from 1.
	Seq uint64 `json:"-"`
	// Rule is the rule that flagged the story.
	Rule string `json:"rule"`
	// Story is the article id.
	Story string `json:"story"`
	// At is the flag's Flagged time, or the time it was stored when the
	// flag had none.
	At time.Time `json:"at"`
}

// logFlags appends to the flag log one event per alert of a, in tx.
func (s *Store) logFlags(tx *bolt.Tx, a *Article, alerts []alert) error {
	b := tx.Bucket(bucketAlertLog)
	if b == nil || len(alerts) == 0 {
		return nil // a file opened before this version's buckets existed
	}
	for _, al := range alerts {
		at := al.flag.Flagged
		if at.IsZero() {
			at = time.Now()
		}
		if err := putSeq(b, FlagEvent{Rule: al.flag.Rule, Story: a.ID, At: at.UTC()}); err != nil {
			return fmt.Errorf("log flag %s: %w", al.flag.Rule, err)
		}
	}
	return nil
}

// putSeq stores v as JSON under b's next sequence number.
func putSeq(b *bolt.Bucket, v any) error {
	seq, err := b.NextSequence()
	for err == nil && b.Get(seqKey(seq)) != nil { // never overwrite, whatever the sequence says
		seq, err = b.NextSequence()
	}
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(seqKey(seq), data)
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// FlagEvents returns the flag log's events at or after since (by At),
// oldest first by sequence.
func (s *Store) FlagEvents(ctx context.Context, since time.Time) ([]FlagEvent, error) {
	var out []FlagEvent
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return eachEvent(tx, 0, func(e FlagEvent) bool {
			if !e.At.Before(since) {
				out = append(out, e)
			}
			return true
		})
	})
	if err != nil {
		return nil, wrapf(err, "store: read flag log")
	}
	return out, nil
}

// eachEvent calls fn on every flag log event after sequence after, in
// order, until fn returns false.
func eachEvent(tx *bolt.Tx, after uint64, fn func(FlagEvent) bool) error {
	b := tx.Bucket(bucketAlertLog)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
		var e FlagEvent
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("decode flag event %x: %w", k, err)
		}
		e.Seq = binary.BigEndian.Uint64(k)
		if !fn(e) {
			return nil
		}
	}
	return nil
}

// PruneFlagLog removes the flag log's events older than before and
// returns how many it removed. It removes them oldest first by sequence
// and stops at the first event that is not older, so that the log stays
// one run of sequences and ReadFlagLog's Gap reports every pruned event
// a reader missed: an old event behind a newer one (a flag dated as of
// an older fetch, by `rules apply`) goes with a later prune. A digest
// enqueued after it no longer sees them: the alerts worker enqueues the
// due digests first.
func (s *Store) PruneFlagLog(ctx context.Context, before time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlertLog)
		if b == nil {
			return nil
		}
		var old [][]byte // deleting under a cursor may skip keys: collect, then delete
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var e FlagEvent
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode flag event %x: %w", k, err)
			}
			if !e.At.Before(before) {
				break
			}
			old = append(old, bytes.Clone(k))
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, wrapf(err, "store: prune flag log")
	}
	return n, nil
}
