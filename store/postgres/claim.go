package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// ClaimDeliveries is DueDeliveries for a worker sharing the outbox with
// other processes: it returns at most limit (all when limit <= 0) live
// deliveries due at now that no other worker holds, oldest first, and
// leases them to the caller for lease (measured on the server's clock),
// in one statement that skips the rows another claim is taking (FOR
// UPDATE SKIP LOCKED), so that two workers never get the same delivery.
// UpdateDelivery and DeliverySucceeded end the lease; a worker that dies
// leaves its deliveries to the others once the lease runs out, so a
// delivery is sent again only when its sender died in the lease after
// sending it. Give a lease longer than a delivery takes (its timeout).
func (s *Store) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Delivery, error) {
	ds, err := claim[store.Delivery](ctx, s, `outbox`, `coalesce((doc->>'dead')::boolean, false) = false`, now, lease, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: claim deliveries: %w", err)
	}
	return ds, nil
}

// ClaimNotices is DueNotices for a worker sharing the alert queue with
// other processes, with ClaimDeliveries' leases: notices neither sent nor
// dead, due at now and held by no other worker, at most limit (all when
// limit <= 0), oldest first. UpdateNotice and NoticeSent end the lease.
func (s *Store) ClaimNotices(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Notice, error) {
	ns, err := claim[store.Notice](ctx, s, `notices`,
		`coalesce((doc->>'dead')::boolean, false) = false AND doc->>'sent' IS NULL`, now, lease, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: claim notices: %w", err)
	}
	return ns, nil
}

// claim leases the rows of table (outbox or notices) that are live (the
// SQL condition live), due at now and unleased, and returns their docs
// in seq order. PostgreSQL reads NextAttempt to the microsecond, rounded,
// so now is rounded too: nothing due is left out.
func claim[T any](ctx context.Context, s *Store, table, live string, now time.Time, lease time.Duration, limit int) ([]T, error) {
	rows, err := s.pool.Query(ctx, `UPDATE `+table+` SET lease_until = now() + $3 * interval '1 microsecond'
		WHERE seq IN (SELECT seq FROM `+table+`
			WHERE `+live+` AND coalesce((doc->>'next_attempt')::timestamptz, '-infinity') <= $1
				AND (lease_until IS NULL OR lease_until <= now())
			ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
		RETURNING seq, doc`, now.Round(time.Microsecond), limitOrAll(limit), leaseMicros(lease))
	if err != nil {
		return nil, err
	}
	type row struct {
		seq int64
		v   T
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		var doc []byte
		if err := r.Scan(&x.seq, &doc); err != nil {
			return x, err
		}
		return x, json.Unmarshal(doc, &x.v)
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(got, func(a, b row) int { return cmp.Compare(a.seq, b.seq) }) // RETURNING keeps no order
	out := make([]T, len(got))
	for i, x := range got {
		out[i] = x.v
	}
	return out, nil
}
