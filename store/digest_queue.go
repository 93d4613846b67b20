package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// putNotice numbers n, fills in its ID and stores it in the alert queue.
func putNotice(tx *bolt.Tx, n *Notice) error {
	b := tx.Bucket(bucketAlertQueue)
	if b == nil {
		return fmt.Errorf("the alert queue bucket is missing")
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	for b.Get(seqKey(seq)) != nil { // never overwrite, whatever the sequence says
		if seq, err = b.NextSequence(); err != nil {
			return err
		}
	}
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	n.ID = hex.EncodeToString(seqKey(seq)) + hex.EncodeToString(nonce[:])
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return b.Put(seqKey(seq), data)
}

// noticeKey returns the queue key of a notice id, or ErrNotFound.
func noticeKey(id string) ([]byte, error) {
	key, err := hex.DecodeString(id[:min(16, len(id))])
	if len(id) != 32 || err != nil {
		return nil, fmt.Errorf("%q is not a notice id: %w", id, ErrNotFound)
	}
	return key, nil
}

// DueNotices returns at most limit (all when limit <= 0) notices neither
// sent nor dead whose NextAttempt is not after now, oldest first.
func (s *Store) DueNotices(ctx context.Context, now time.Time, limit int) ([]Notice, error) {
	var out []Notice
	err := s.eachNotice(ctx, func(n Notice) bool {
		if n.Sent.IsZero() && !n.Dead && !n.NextAttempt.After(now) {
			out = append(out, n)
		}
		return limit <= 0 || len(out) < limit
	})
	if err != nil {
		return nil, wrapf(err, "store: due notices")
	}
	return out, nil
}

// Notices returns every notice in the alert queue, sent and dead ones
// included, oldest first.
func (s *Store) Notices(ctx context.Context) ([]Notice, error) {
	var out []Notice
	err := s.eachNotice(ctx, func(n Notice) bool { out = append(out, n); return true })
	if err != nil {
		return nil, wrapf(err, "store: list notices")
	}
	return out, nil
}

func (s *Store) eachNotice(ctx context.Context, fn func(Notice) bool) error {
	return s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlertQueue)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var n Notice
			if err := json.Unmarshal(v, &n); err != nil {
				return fmt.Errorf("decode notice %x: %w", k, err)
			}
			if !fn(n) {
				return nil
			}
		}
		return nil
	})
}

// NoticeSent marks the notice with the id sent at t: it is never sent
// again. Marking one already sent keeps the first time; ErrNotFound when
// it is no longer queued.
func (s *Store) NoticeSent(ctx context.Context, id string, t time.Time) error {
	err := s.changeNotice(ctx, id, func(n *Notice) {
		if n.Sent.IsZero() {
			n.Sent = t.UTC()
		}
	})
	if err != nil {
		return wrapf(err, "store: mark notice %s sent", id)
	}
	return nil
}

// UpdateNotice stores n's attempt fields (Attempts, NextAttempt,
// LastError, Dead) over the queued notice with n.ID, or returns
// ErrNotFound; the other fields are kept.
func (s *Store) UpdateNotice(ctx context.Context, n Notice) error {
	err := s.changeNotice(ctx, n.ID, func(cur *Notice) {
		cur.Attempts, cur.NextAttempt, cur.LastError, cur.Dead = n.Attempts, n.NextAttempt, n.LastError, n.Dead
	})
	if err != nil {
		return wrapf(err, "store: update notice %s", n.ID)
	}
	return nil
}

func (s *Store) changeNotice(ctx context.Context, id string, fn func(*Notice)) error {
	key, err := noticeKey(id)
	if err != nil {
		return err
	}
	return s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlertQueue)
		var v []byte
		if b != nil {
			v = b.Get(key)
		}
		if v == nil {
			return ErrNotFound
		}
		var n Notice
		if err := json.Unmarshal(v, &n); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		fn(&n)
		data, err := json.Marshal(&n)
		if err != nil {
			return err
		}
		return b.Put(key, data)
	})
}

// PruneNotices removes the notices sent before t and returns how many.
// Dead and waiting ones are kept.
func (s *Store) PruneNotices(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAlertQueue)
		if b == nil {
			return nil
		}
		var old [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var no struct {
				Sent time.Time `json:"sent"`
			}
			if err := json.Unmarshal(v, &no); err != nil {
				return fmt.Errorf("decode notice %x: %w", k, err)
			}
			if !no.Sent.IsZero() && no.Sent.Before(t) {
				old = append(old, bytes.Clone(k))
			}
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
		return 0, wrapf(err, "store: prune notices")
	}
	return n, nil
}
