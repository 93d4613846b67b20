package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// PutRetry stores r under r.ID, replacing any entry for the article.
func (s *Store) PutRetry(ctx context.Context, r store.Retry) error {
	if r.ID == "" {
		return errors.New("postgres: put retry: the entry has no article id")
	}
	doc, err := json.Marshal(r)
	if err == nil {
		sec, nsec := secNsec(r.Due)
		_, err = s.pool.Exec(ctx, `INSERT INTO retries (id, due_sec, due_nsec, doc, bucket) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (id) DO UPDATE SET due_sec = excluded.due_sec, due_nsec = excluded.due_nsec, doc = excluded.doc, bucket = excluded.bucket`,
			r.ID, sec, nsec, doc, urlBucket(r.URL))
	}
	if err != nil {
		return fmt.Errorf("postgres: put retry %s: %w", r.ID, err)
	}
	return nil
}

// DeleteRetry removes the retry entry of the article with the id; it is
// not an error when there is none.
func (s *Store) DeleteRetry(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM retries WHERE id = $1`, id); err != nil {
		return fmt.Errorf("postgres: delete retry %s: %w", id, err)
	}
	return nil
}

// DueRetries returns the entries due at or before now, earliest first
// (then by id), at most limit of them (all when limit <= 0).
func (s *Store) DueRetries(ctx context.Context, now time.Time, limit int) ([]store.Retry, error) {
	sec, nsec := secNsec(now)
	rs, err := queryDocs[store.Retry](ctx, s, `SELECT doc FROM retries WHERE (due_sec, due_nsec) <= ($1, $2)
		ORDER BY due_sec, due_nsec, id LIMIT $3`, sec, nsec, limitOrAll(limit))
	if err != nil {
		return nil, fmt.Errorf("postgres: due retries: %w", err)
	}
	return rs, nil
}

// DueRetries is Store.DueRetries for this process's share of the work:
// only the entries of the hosts it owns now (and those stored before
// schema 8, which name no bucket), so that the retries of the others never
// crowd its own out of the limit.
func (c *Coordinator) DueRetries(ctx context.Context, now time.Time, limit int) ([]store.Retry, error) {
	owned := c.Owned()
	if len(owned) == 0 {
		return nil, nil
	}
	sec, nsec := secNsec(now)
	rows, err := c.pool.Query(ctx, `SELECT doc FROM retries WHERE (due_sec, due_nsec) <= ($1, $2)
		AND (bucket IS NULL OR bucket = ANY($4)) ORDER BY due_sec, due_nsec, id LIMIT $3`, sec, nsec, limitOrAll(limit), owned)
	if err == nil {
		var rs []store.Retry
		rs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Retry, error) {
			var doc []byte
			var v store.Retry
			if err := r.Scan(&doc); err != nil {
				return v, err
			}
			return v, json.Unmarshal(doc, &v)
		})
		if err == nil {
			return rs, nil
		}
	}
	return nil, fmt.Errorf("postgres: due retries of the hosts owned: %w", err)
}

// urlBucket is the bucket of a URL's host, or nil when it does not parse.
func urlBucket(raw string) *int32 {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil
	}
	b := int32(hostBucket(u.Host))
	return &b
}

// Retries returns every retry entry, earliest due first (then by id).
func (s *Store) Retries(ctx context.Context) ([]store.Retry, error) {
	rs, err := queryDocs[store.Retry](ctx, s, `SELECT doc FROM retries ORDER BY due_sec, due_nsec, id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list retries: %w", err)
	}
	return rs, nil
}

// limitOrAll is a LIMIT argument: limit, or NULL (no limit) when <= 0.
func limitOrAll(limit int) *int64 {
	if limit <= 0 {
		return nil
	}
	n := int64(limit)
	return &n
}
