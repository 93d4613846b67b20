package postgres

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// queueID checks that id has the form of a delivery's or notice's id (32
// hex digits), giving store.ErrNotFound otherwise, as the bbolt file does.
func queueID(id, what string) error {
	if _, err := hex.DecodeString(id); len(id) != 32 || err != nil {
		return fmt.Errorf("%q is not a %s id: %w", id, what, store.ErrNotFound)
	}
	return nil
}

// Deliveries returns every delivery in the outbox, dead ones included,
// oldest first.
func (s *Store) Deliveries(ctx context.Context) ([]store.Delivery, error) {
	ds, err := queryDocs[store.Delivery](ctx, s, `SELECT doc FROM outbox ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list deliveries: %w", err)
	}
	return ds, nil
}

// DueDeliveries returns at most limit (all when limit <= 0) live
// deliveries whose NextAttempt is not after now, oldest first.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	all, err := s.Deliveries(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: due deliveries: %w", err)
	}
	var out []store.Delivery
	for _, d := range all {
		if limit > 0 && len(out) >= limit {
			break
		}
		if !d.Dead && !d.NextAttempt.After(now) {
			out = append(out, d)
		}
	}
	return out, nil
}

// Outbox counts the deliveries in the outbox.
func (s *Store) Outbox(ctx context.Context) (store.OutboxCounts, error) {
	all, err := s.Deliveries(ctx)
	if err != nil {
		return store.OutboxCounts{}, fmt.Errorf("postgres: count deliveries: %w", err)
	}
	var c store.OutboxCounts
	for _, d := range all {
		if d.Dead {
			c.Dead++
		} else {
			c.Pending++
		}
	}
	return c, nil
}

// DeliverySucceeded removes the delivery with the id from the outbox: the
// receiver has it. Removing one already removed is not an error.
func (s *Store) DeliverySucceeded(ctx context.Context, id string) error {
	if err := queueID(id, "delivery"); err != nil {
		return fmt.Errorf("postgres: remove delivery: %w", err)
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM outbox WHERE id = $1`, id); err != nil {
		return fmt.Errorf("postgres: remove delivery %s: %w", id, err)
	}
	return nil
}

// UpdateDelivery stores d's attempt fields (Attempts, NextAttempt,
// LastError, Dead) over the delivery with d.ID, or returns
// store.ErrNotFound when it is no longer in the outbox; the other fields
// are kept.
func (s *Store) UpdateDelivery(ctx context.Context, d store.Delivery) error {
	if err := queueID(d.ID, "delivery"); err != nil {
		return fmt.Errorf("postgres: update delivery: %w", err)
	}
	err := changeDoc(ctx, s, `outbox`, d.ID, func(cur *store.Delivery) {
		cur.Attempts, cur.NextAttempt, cur.LastError, cur.Dead = d.Attempts, d.NextAttempt, d.LastError, d.Dead
	})
	if err != nil {
		return fmt.Errorf("postgres: update delivery %s: %w", d.ID, err)
	}
	return nil
}

// changeDoc applies fn to the doc of the row with the id in table (outbox
// or notices), locked for the transaction, and ends its lease (see
// ClaimDelivery); store.ErrNotFound when there is none.
func changeDoc[T any](ctx context.Context, s *Store, table, id string, fn func(*T)) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var doc []byte
		if err := tx.QueryRow(ctx, `SELECT doc FROM `+table+` WHERE id = $1 FOR UPDATE`, id).Scan(&doc); err != nil {
			return notFound(err)
		}
		var v T
		if err := json.Unmarshal(doc, &v); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		fn(&v)
		doc, err := json.Marshal(&v)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE `+table+` SET doc = $2, lease_until = NULL WHERE id = $1`, id, doc)
		return err
	})
}
