package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// HasArticle reports whether an article with the id, or with the id as
// one of its aliases, is stored.
func (s *Store) HasArticle(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := s.view(ctx, func(tx *bolt.Tx) error {
		ok = resolve(tx, id) != ""
		return nil
	})
	if err != nil {
		return false, wrapf(err, "store: look up article %s", id)
	}
	return ok, nil
}

// Article returns the stored article with the id, or with the id as one
// of its aliases, or ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (*Article, error) {
	a := new(Article)
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := get(tx, bucketArticles, []byte(resolve(tx, id)))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, a)
	})
	if err != nil {
		return nil, wrapf(err, "store: article %s", id)
	}
	return a, nil
}

// PutArticle stores a, replacing any article with the same id, and keeps
// the time, flagged, per-rule and search indexes in step, removing the entries of
// the replaced version. It fills in, on a itself: ID from URL when empty,
// Fetched with the current time when zero, and Feed as the first of
// Sources when missing; Cluster, the flags' Duplicate and Aliases as
// documented on Article and Flag (a.Signature, when set, places the
// article in a cluster; when nil the stored cluster is kept). Every flag
// needs a rule name. A flag the AlertPolicy raises is added to the flag
// log and enqueues its webhook deliveries in the same transaction (see
// SetAlertPolicy). Concurrent callers
// share write transactions (bbolt's Batch), so calling from many
// goroutines is much faster than from one.
func (s *Store) PutArticle(ctx context.Context, a *Article) error {
	if err := prepareArticle(a); err != nil {
		return err
	}
	err := s.batch(ctx, func(tx *bolt.Tx) error { return s.putArticle(tx, a) })
	if err != nil {
		return wrapf(err, "store: save article %s", a.ID)
	}
	if len(a.Flags) > 0 {
		s.outbox.notify()
	}
	return nil
}

// putArticle stores a prepared article in tx, replacing the version with
// its id and keeping every index in step.
func (s *Store) putArticle(tx *bolt.Tx, a *Article) error {
	id := []byte(a.ID)
	arts := tx.Bucket(bucketArticles)
	old := bytes.Clone(arts.Get(id))
	var oldWords []string
	if old != nil {
		if err := unindex(tx, a.ID, old); err != nil {
			return err
		}
		var err error
		if oldWords, err = storedWords(old); err != nil {
			return err
		}
	}
	var prev clustered // read once for the cluster index and the outbox
	if old != nil {
		if err := json.Unmarshal(old, &prev); err != nil {
			return fmt.Errorf("decode stored article: %w", err)
		}
	}
	if err := clusterArticle(tx, a, &prev); err != nil {
		return err
	}
	stampFlags(prev.Flags, a, time.Now().UTC())
	alerts := s.alerts(prev.Flags, a) // the caller's policy decides which flags alert
	if err := s.enqueueAlerts(tx, a, alerts); err != nil {
		return err
	}
	if err := s.logFlags(tx, a, alerts); err != nil { // digests and spikes read the flag log
		return err
	}
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if err := arts.Put(id, v); err != nil {
		return err
	}
	key := indexKey(sortTime(a), a.ID)
	if err := index(tx, key, flagEntries(a)); err != nil {
		return err
	}
	return indexWords(tx, a.ID, key, oldWords, SearchWords(a))
}

// prepareArticle checks a and fills in what PutArticle documents.
func prepareArticle(a *Article) error {
	switch {
	case a == nil:
		return errors.New("store: save article: nil article")
	case a.ID == "" && a.URL == "":
		return errors.New("store: save article: the article has neither an id nor a URL")
	case a.ID == "":
		a.ID = ArticleID(a.URL)
	}
	if a.Fetched.IsZero() {
		a.Fetched = time.Now().UTC()
	}
	if a.Feed.URL != "" && !hasSource(a.Sources, a.Feed.URL) {
		a.Sources = slices.Insert(a.Sources, 0, a.Feed)
	}
	if a.Signature != nil {
		if err := a.Signature.check(); err != nil {
			return fmt.Errorf("store: save article %s: %w (sign it with crawler/dedupe)", a.ID, err)
		}
	}
	for i, f := range a.Flags {
		if f.Rule == "" {
			return fmt.Errorf("store: save article %s: flag %d has no rule name", a.ID, i)
		}
	}
	return nil
}

func hasSource(sources []FeedRef, url string) bool {
	return slices.ContainsFunc(sources, func(f FeedRef) bool { return f.URL == url })
}

// AddSource records that the stored article with the id was also seen in
// feed f; id may be an alias's. It does nothing when f.URL is already
// among its sources and returns ErrNotFound when no such article is stored.
func (s *Store) AddSource(ctx context.Context, id string, f FeedRef) error {
	if f.URL == "" {
		return fmt.Errorf("store: add source to article %s: the feed has no URL", id)
	}
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		arts := tx.Bucket(bucketArticles)
		rid := resolve(tx, id)
		v := arts.Get([]byte(rid))
		if v == nil {
			return ErrNotFound
		}
		var a Article
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		if hasSource(a.Sources, f.URL) {
			return nil
		}
		if len(a.Sources) == 0 && a.Feed.URL != "" {
			a.Sources = []FeedRef{a.Feed}
		}
		a.Sources = append(a.Sources, f)
		nv, err := json.Marshal(&a)
		if err != nil {
			return err
		}
		return arts.Put([]byte(rid), nv)
	})
	if err != nil {
		return wrapf(err, "store: add source %s to article %s", f.URL, id)
	}
	return nil
}
