package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// Subscriptions returns every subscription (feed added by command),
// ordered by URL; none, and no error, when there are none.
func (s *Store) Subscriptions(ctx context.Context) ([]store.Subscription, error) {
	subs, err := queryDocs[store.Subscription](ctx, s, `SELECT doc FROM subscriptions ORDER BY url`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list subscriptions: %w", err)
	}
	return subs, nil
}

// AddSubscriptions stores the subscriptions not stored yet, in one
// transaction, and returns the URLs it added, in the order given. A URL
// already stored keeps its first subscription. Every subscription needs a
// URL.
func (s *Store) AddSubscriptions(ctx context.Context, subs []store.Subscription) ([]string, error) {
	docs := make([][]byte, len(subs))
	for i, sub := range subs {
		if sub.URL == "" {
			return nil, errors.New("postgres: add subscription: the subscription has no URL")
		}
		doc, err := json.Marshal(sub)
		if err != nil {
			return nil, fmt.Errorf("postgres: add subscription %s: %w", sub.URL, err)
		}
		docs[i] = doc
	}
	var added []string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		added = added[:0]
		for i, sub := range subs {
			tag, err := tx.Exec(ctx, `INSERT INTO subscriptions (url, doc) VALUES ($1, $2)
				ON CONFLICT (url) DO NOTHING`, sub.URL, docs[i])
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 1 {
				added = append(added, sub.URL)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: add subscriptions: %w", err)
	}
	return added, nil
}

// DeleteSubscription removes the subscription to url, or returns
// store.ErrNotFound. The feed's fetch state and its articles stay.
func (s *Store) DeleteSubscription(ctx context.Context, url string) error {
	return s.deleteRow(ctx, `DELETE FROM subscriptions WHERE url = $1`, url, "delete subscription "+url)
}
