package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketSubs holds the feeds added by command: feed URL -> JSON
// Subscription. It is created by the first AddSubscriptions, so databases
// written before it existed need no migration; a missing bucket reads as
// no subscriptions.
var bucketSubs = []byte("subscriptions")

// Subscription is a feed added by command (`newshound feeds add` or
// `feeds import`) rather than listed in the configuration file. The daemon
// polls the configured feeds and the subscriptions together; the fetch
// state of every feed, subscribed or configured, is the separate Feed.
type Subscription struct {
	// URL is the feed's address; the key. Required.
	URL string `json:"url"`
	// Name is a display name; empty means the feed's own title.
	Name string `json:"name,omitempty"`
	// Interval overrides the default polling interval when non-zero.
	Interval time.Duration `json:"interval,omitempty"`
	// Added is when the feed was added.
	Added time.Time `json:"added"`
}

// Subscriptions returns every subscription, ordered by URL; none (and no
// error) in a database that never had one.
func (s *Store) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var subs []Subscription
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSubs)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var sub Subscription
			if err := json.Unmarshal(v, &sub); err != nil {
				return fmt.Errorf("decode subscription %s: %w", k, err)
			}
			subs = append(subs, sub)
			return nil
		})
	})
	if err != nil {
		return nil, wrapf(err, "store: list subscriptions")
	}
	return subs, nil
}

// AddSubscriptions stores the subscriptions not stored yet, in one
// transaction, and returns the URLs it added, in the order given. A URL
// already stored keeps its first subscription. Every subscription needs a
// URL.
func (s *Store) AddSubscriptions(ctx context.Context, subs []Subscription) ([]string, error) {
	vals := make([][]byte, len(subs))
	for i, sub := range subs {
		if sub.URL == "" {
			return nil, errors.New("store: add subscription: the subscription has no URL")
		}
		v, err := json.Marshal(sub)
		if err != nil {
			return nil, wrapf(err, "store: add subscription %s", sub.URL)
		}
		vals[i] = v
	}
	var added []string
	err := s.update(ctx, func(tx *bolt.Tx) error {
		added = added[:0]
		b, err := tx.CreateBucketIfNotExists(bucketSubs)
		if err != nil {
			return err
		}
		for i, sub := range subs {
			if b.Get([]byte(sub.URL)) != nil {
				continue
			}
			if err := b.Put([]byte(sub.URL), vals[i]); err != nil {
				return err
			}
			added = append(added, sub.URL)
		}
		return nil
	})
	if err != nil {
		return nil, wrapf(err, "store: add subscriptions")
	}
	return added, nil
}

// DeleteSubscription removes the subscription to url, or returns
// ErrNotFound. The feed's fetch state and its articles stay.
func (s *Store) DeleteSubscription(ctx context.Context, url string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSubs)
		if b == nil || b.Get([]byte(url)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(url))
	})
	if err != nil {
		return wrapf(err, "store: delete subscription %s", url)
	}
	return nil
}
