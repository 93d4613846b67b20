package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// OutboxCounts counts the deliveries in the outbox.
type OutboxCounts struct {
	// Pending are waiting for their first or next attempt.
	Pending int `json:"pending"`
	// Dead were given up on and are kept for inspection.
	Dead int `json:"dead"`
}

// DueDeliveries returns at most limit (all when limit <= 0) live
// deliveries whose NextAttempt is not after now, oldest first.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error) {
	var out []Delivery
	err := s.eachDelivery(ctx, func(d Delivery) bool {
		if !d.Dead && !d.NextAttempt.After(now) {
			out = append(out, d)
		}
		return limit <= 0 || len(out) < limit
	})
	if err != nil {
		return nil, wrapf(err, "store: due deliveries")
	}
	return out, nil
}

// Deliveries returns every delivery in the outbox, dead ones included,
// oldest first.
func (s *Store) Deliveries(ctx context.Context) ([]Delivery, error) {
	var out []Delivery
	err := s.eachDelivery(ctx, func(d Delivery) bool { out = append(out, d); return true })
	if err != nil {
		return nil, wrapf(err, "store: list deliveries")
	}
	return out, nil
}

// Outbox counts the pending and dead deliveries.
func (s *Store) Outbox(ctx context.Context) (OutboxCounts, error) {
	var c OutboxCounts
	err := s.eachDelivery(ctx, func(d Delivery) bool {
		if d.Dead {
			c.Dead++
		} else {
			c.Pending++
		}
		return true
	})
	if err != nil {
		return OutboxCounts{}, wrapf(err, "store: count deliveries")
	}
	return c, nil
}

// eachDelivery calls fn on every delivery in key order until it returns
// false. A database without an outbox (opened read-only before the first
// read-write open of this version) has none.
func (s *Store) eachDelivery(ctx context.Context, fn func(Delivery) bool) error {
	return s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var d Delivery
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("decode delivery %x: %w", k, err)
			}
			if !fn(d) {
				return nil
			}
		}
		return nil
	})
}

// DeliverySucceeded removes the delivery with the id from the outbox: the
// receiver has it. Removing one already removed is not an error.
func (s *Store) DeliverySucceeded(ctx context.Context, id string) error {
	key, err := deliveryKey(id)
	if err != nil {
		return fmt.Errorf("store: remove delivery: %w", err)
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketOutbox); b != nil {
			return b.Delete(key)
		}
		return nil
	})
	if err != nil {
		return wrapf(err, "store: remove delivery %s", id)
	}
	return nil
}

// UpdateDelivery stores d's attempt fields (Attempts, NextAttempt,
// LastError, Dead) over the delivery with d.ID, or returns ErrNotFound
// when it is no longer in the outbox; the other fields are kept.
func (s *Store) UpdateDelivery(ctx context.Context, d Delivery) error {
	key, err := deliveryKey(d.ID)
	if err != nil {
		return fmt.Errorf("store: update delivery: %w", err)
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		var v []byte
		if b != nil {
			v = b.Get(key)
		}
		if v == nil {
			return ErrNotFound
		}
		var cur Delivery
		if err := json.Unmarshal(v, &cur); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		cur.Attempts, cur.NextAttempt, cur.LastError, cur.Dead = d.Attempts, d.NextAttempt, d.LastError, d.Dead
		nv, err := json.Marshal(&cur)
		if err != nil {
			return err
		}
		return b.Put(key, nv)
	})
	if err != nil {
		return wrapf(err, "store: update delivery %s", d.ID)
	}
	return nil
}
