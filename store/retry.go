package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketRetry holds the article retry index: article id -> Retry as JSON.
// It is created on first write, so older files need no migration, and it
// stays small: an entry lives only while its article waits for another
// attempt at its page.
var bucketRetry = []byte("retry")

// Retry is an article whose page could not be fetched (it is stored with
// its feed text and FetchError) and is to be fetched again.
type Retry struct {
	// ID is the article's id; the key.
	ID string `json:"id"`
	// URL is the article's URL.
	URL string `json:"url"`
	// Attempts counts the fetches made so far, the first one included.
	Attempts int `json:"attempts"`
	// Due is when the next attempt may be made.
	Due time.Time `json:"due"`
	// LastError is why the last attempt failed.
	LastError string `json:"last_error,omitempty"`
}

// PutRetry stores r under r.ID, replacing any entry for the article.
func (s *Store) PutRetry(ctx context.Context, r Retry) error {
	if r.ID == "" {
		return errors.New("store: put retry: the entry has no article id")
	}
	v, err := json.Marshal(r)
	if err != nil {
		return wrapf(err, "store: put retry %s", r.ID)
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketRetry)
		if err != nil {
			return err
		}
		return b.Put([]byte(r.ID), v)
	})
	if err != nil {
		return wrapf(err, "store: put retry %s", r.ID)
	}
	return nil
}

// DeleteRetry removes the retry entry of the article with the id; it is
// not an error when there is none.
func (s *Store) DeleteRetry(ctx context.Context, id string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRetry)
		if b == nil {
			return nil
		}
		return b.Delete([]byte(id))
	})
	if err != nil {
		return wrapf(err, "store: delete retry %s", id)
	}
	return nil
}

// DueRetries returns the entries due at or before now, earliest first,
// at most limit of them (all when limit <= 0).
func (s *Store) DueRetries(ctx context.Context, now time.Time, limit int) ([]Retry, error) {
	all, err := s.retries(ctx, func(r *Retry) bool { return !r.Due.After(now) })
	if err != nil {
		return nil, wrapf(err, "store: due retries")
	}
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all, nil
}

// Retries returns every retry entry, earliest due first.
func (s *Store) Retries(ctx context.Context) ([]Retry, error) {
	all, err := s.retries(ctx, func(*Retry) bool { return true })
	if err != nil {
		return nil, wrapf(err, "store: list retries")
	}
	return all, nil
}

// retries decodes the entries keep accepts, sorted by Due then ID.
func (s *Store) retries(ctx context.Context, keep func(*Retry) bool) ([]Retry, error) {
	var out []Retry
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRetry)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var r Retry
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode retry %s: %w", k, err)
			}
			if keep(&r) {
				out = append(out, r)
			}
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Due.Equal(out[j].Due) {
			return out[i].Due.Before(out[j].Due)
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}
