package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// HandOff queues h for the owner of h.Host's bucket (see store.Handoff).
// An item already waiting for the same article and feed is kept as it is.
func (c *Coordinator) HandOff(ctx context.Context, h store.Handoff) error {
	if h.ArticleID == "" || h.Host == "" {
		return errors.New("postgres: hand off: the handoff has no article id or host")
	}
	h.Seq = 0
	if h.Queued.IsZero() {
		h.Queued = c.opts.Now().UTC()
	}
	doc, err := json.Marshal(h)
	if err == nil {
		_, err = c.pool.Exec(ctx, `INSERT INTO handoffs (bucket, article_id, feed_url, doc) VALUES ($1, $2, $3, $4)
			ON CONFLICT (article_id, feed_url) DO NOTHING`, hostBucket(h.Host), h.ArticleID, h.Feed.URL, doc)
	}
	if err != nil {
		return fmt.Errorf("postgres: hand off article %s: %w", h.ArticleID, err)
	}
	return nil
}

// TakeHandoffs leases to this process at most limit (all when limit <= 0)
// handoffs of the buckets it owns that no other process holds, oldest
// first. Each stays leased for Lease, or until HandoffDone removes it;
// two processes taking at once never get the same one (FOR UPDATE SKIP
// LOCKED).
func (c *Coordinator) TakeHandoffs(ctx context.Context, limit int) ([]store.Handoff, error) {
	owned := c.Owned()
	if len(owned) == 0 {
		return nil, nil
	}
	rows, err := c.pool.Query(ctx, `UPDATE handoffs SET lease_until = now() + $3 * interval '1 microsecond'
		WHERE seq IN (SELECT seq FROM handoffs WHERE bucket = ANY($1) AND (lease_until IS NULL OR lease_until <= now())
			ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
		RETURNING seq, doc`, owned, limitOrAll(limit), leaseMicros(c.opts.Lease))
	if err != nil {
		return nil, fmt.Errorf("postgres: take handoffs: %w", err)
	}
	hs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Handoff, error) {
		var h store.Handoff
		var doc []byte
		if err := r.Scan(&h.Seq, &doc); err != nil {
			return h, err
		}
		seq := h.Seq
		err := json.Unmarshal(doc, &h)
		h.Seq = seq
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: take handoffs: %w", err)
	}
	slices.SortFunc(hs, func(a, b store.Handoff) int { return cmp.Compare(a.Seq, b.Seq) }) // RETURNING keeps no order
	return hs, nil
}

// HandoffDone removes the handoff numbered seq: its article is stored.
// Removing one already removed is not an error.
func (c *Coordinator) HandoffDone(ctx context.Context, seq int64) error {
	if _, err := c.pool.Exec(ctx, `DELETE FROM handoffs WHERE seq = $1`, seq); err != nil {
		return fmt.Errorf("postgres: remove handoff %d: %w", seq, err)
	}
	return nil
}

// Handoffs counts the handoffs waiting, leased or not, for figures and
// tests.
func (c *Coordinator) Handoffs(ctx context.Context) (int, error) {
	var n int
	if err := c.pool.QueryRow(ctx, `SELECT count(*) FROM handoffs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count handoffs: %w", err)
	}
	return n, nil
}

// leaseMicros is a lease as the microseconds the SQL adds to now().
func leaseMicros(d time.Duration) int64 { return max(d.Microseconds(), 1) }
