package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Feed returns the stored state of the feed at url, or ErrNotFound.
func (s *Store) Feed(ctx context.Context, url string) (Feed, error) {
	var f Feed
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := get(tx, bucketFeeds, []byte(url))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &f)
	})
	if err != nil {
		return Feed{}, wrapf(err, "store: feed %s", url)
	}
	return f, nil
}

// PutFeed stores f under f.URL, replacing what was there.
func (s *Store) PutFeed(ctx context.Context, f Feed) error {
	if f.URL == "" {
		return errors.New("store: put feed: the feed has no URL")
	}
	v, err := json.Marshal(f)
	if err != nil {
		return wrapf(err, "store: put feed %s", f.URL)
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFeeds).Put([]byte(f.URL), v)
	})
	if err != nil {
		return wrapf(err, "store: put feed %s", f.URL)
	}
	return nil
}

// Feeds returns every stored feed, ordered by URL.
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	var feeds []Feed
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFeeds)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var f Feed
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("decode feed %s: %w", k, err)
			}
			feeds = append(feeds, f)
			return nil
		})
	})
	if err != nil {
		return nil, wrapf(err, "store: list feeds")
	}
	return feeds, nil
}

// DeleteFeed removes the feed at url, or returns ErrNotFound. Articles
// read from the feed stay.
func (s *Store) DeleteFeed(ctx context.Context, url string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketFeeds)
		if b.Get([]byte(url)) == nil {
			return ErrNotFound
		}
		return b.Delete([]byte(url))
	})
	if err != nil {
		return wrapf(err, "store: delete feed %s", url)
	}
	return nil
}

// get returns the value of key in the top-level bucket name, or nil when
// either is missing. The bytes are valid only inside tx.
func get(tx *bolt.Tx, name, key []byte) []byte {
	b := tx.Bucket(name)
	if b == nil {
		return nil
	}
	return b.Get(key)
}
