package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/newshound/newshound/store"
)

// Feed returns the stored state of the feed at url, or store.ErrNotFound.
func (s *Store) Feed(ctx context.Context, url string) (store.Feed, error) {
	var doc []byte
	err := s.pool.QueryRow(ctx, `SELECT doc FROM feeds WHERE url = $1`, url).Scan(&doc)
	var f store.Feed
	if err == nil {
		err = json.Unmarshal(doc, &f)
	}
	if err != nil {
		return store.Feed{}, fmt.Errorf("postgres: feed %s: %w", url, notFound(err))
	}
	return f, nil
}

// PutFeed stores f under f.URL, replacing what was there.
func (s *Store) PutFeed(ctx context.Context, f store.Feed) error {
	if f.URL == "" {
		return errors.New("postgres: put feed: the feed has no URL")
	}
	doc, err := json.Marshal(f)
	if err == nil {
		_, err = s.pool.Exec(ctx, `INSERT INTO feeds (url, doc) VALUES ($1, $2)
			ON CONFLICT (url) DO UPDATE SET doc = excluded.doc`, f.URL, doc)
	}
	if err != nil {
		return fmt.Errorf("postgres: put feed %s: %w", f.URL, err)
	}
	return nil
}

// Feeds returns every stored feed, ordered by URL.
func (s *Store) Feeds(ctx context.Context) ([]store.Feed, error) {
	feeds, err := queryDocs[store.Feed](ctx, s, `SELECT doc FROM feeds ORDER BY url`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list feeds: %w", err)
	}
	return feeds, nil
}

// DeleteFeed removes the feed at url, or returns store.ErrNotFound.
// Articles read from the feed stay.
func (s *Store) DeleteFeed(ctx context.Context, url string) error {
	return s.deleteRow(ctx, `DELETE FROM feeds WHERE url = $1`, url, "delete feed "+url)
}

// deleteRow runs a DELETE of one row by key, giving store.ErrNotFound
// when it deleted none; what names the operation in errors.
func (s *Store) deleteRow(ctx context.Context, sql string, key any, what string) error {
	tag, err := s.pool.Exec(ctx, sql, key)
	if err == nil && tag.RowsAffected() == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("postgres: %s: %w", what, err)
	}
	return nil
}

// queryDocs runs sql, whose single column is a JSON doc, and decodes each
// row's doc into a T.
func queryDocs[T any](ctx context.Context, s *Store, sql string, args ...any) ([]T, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal(doc, &v); err != nil {
			return nil, fmt.Errorf("decode %s: %w", doc, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
