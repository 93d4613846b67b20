package postgres

import (
	"context"
	"fmt"
	"time"
)

// ClaimDelivery leases the delivery id to the caller for lease, when it
// is live (not dead), due at now and held by no other worker, and
// reports whether the caller got it. A webhook worker sharing the outbox
// with other processes claims each delivery just before sending it and
// skips the one it did not get, so that each is sent once whichever
// process reads the outbox; UpdateDelivery and DeliverySucceeded end the
// lease, and it runs out when its process dies. Of two workers claiming
// at once, the second waits for the first's row lock and then finds the
// lease taken. Give a lease longer than an attempt takes (its timeout).
func (s *Store) ClaimDelivery(ctx context.Context, id string, now time.Time, lease time.Duration) (bool, error) {
	ok, err := claimOne(ctx, s, `outbox`, `coalesce((doc->>'dead')::boolean, false) = false`, id, now, lease)
	if err != nil {
		return false, fmt.Errorf("postgres: claim delivery %s: %w", id, err)
	}
	return ok, nil
}

// ClaimNotice is ClaimDelivery for a notice of the alert queue (an email
// digest or a spike alert): it must be neither sent nor dead.
func (s *Store) ClaimNotice(ctx context.Context, id string, now time.Time, lease time.Duration) (bool, error) {
	ok, err := claimOne(ctx, s, `notices`,
		`coalesce((doc->>'dead')::boolean, false) = false AND doc->>'sent' IS NULL`, id, now, lease)
	if err != nil {
		return false, fmt.Errorf("postgres: claim notice %s: %w", id, err)
	}
	return ok, nil
}

// claimOne leases the row id of table when it is live (the SQL
// condition live, a constant of this package), due at now and unleased.
func claimOne(ctx context.Context, s *Store, table, live, id string, now time.Time, lease time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE `+table+` SET lease_until = now() + $3 * interval '1 microsecond'
		WHERE id = $1 AND `+live+` AND coalesce((doc->>'next_attempt')::timestamptz, '-infinity') <= $2
			AND (lease_until IS NULL OR lease_until <= now())`, id, now.Round(time.Microsecond), leaseMicros(lease))
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}
