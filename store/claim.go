package store

import (
	"context"
	"time"
)

// ClaimDeliveries is DueDeliveries for the one worker of the file: the
// bbolt file is opened by one process, so no other worker can take a
// delivery and lease is not used. On PostgreSQL, which several processes
// share, ClaimDeliveries leases what it returns (store/postgres), and a
// second claim does not return it again; a worker written against both
// sends each delivery it claims and records the outcome.
func (s *Store) ClaimDeliveries(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Delivery, error) {
	return s.DueDeliveries(ctx, now, limit)
}

// ClaimNotices is DueNotices for the one worker of the file, as
// ClaimDeliveries is DueDeliveries.
func (s *Store) ClaimNotices(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Notice, error) {
	return s.DueNotices(ctx, now, limit)
}
