package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

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
		_, err = s.pool.Exec(ctx, `INSERT INTO retries (id, due_sec, due_nsec, doc) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET due_sec = excluded.due_sec, due_nsec = excluded.due_nsec, doc = excluded.doc`,
			r.ID, sec, nsec, doc)
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
