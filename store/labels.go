package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// bucketLabels holds people's judgements of stored stories: article id,
// a zero byte and the rule name -> Label as JSON, so that one article's
// labels are adjacent and keys sort in article id order. It is created by
// the first PutLabel, so older files need no migration; a missing bucket
// reads as no labels. Prune deletes an article's labels with it, and
// Check reports a label whose article is not stored.
var bucketLabels = []byte("labels")

// Label is a person's judgement of one stored story for one rule.
type Label struct {
	// ArticleID is the id of the stored article judged. PutLabel stores
	// a label given an alias's id under the article's own id.
	ArticleID string `json:"article_id"`
	// Rule is the name of the rule the judgement is about; it need not
	// have flagged the story.
	Rule string `json:"rule"`
	// Relevant is true when the story is one the rule should flag, false
	// when it is one the rule should leave alone.
	Relevant bool `json:"relevant"`
	// Labeled is when the judgement was made; PutLabel sets the current
	// time when it is zero.
	Labeled time.Time `json:"labeled"`
}

// labelKey is the key of the label of (id, rule).
func labelKey(id, rule string) []byte {
	k := make([]byte, 0, len(id)+1+len(rule))
	return append(append(append(k, id...), 0), rule...)
}

// parseLabelKey splits a label key into its article id and rule.
func parseLabelKey(k []byte) (id, rule string, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i <= 0 || i == len(k)-1 {
		return "", "", false
	}
	return string(k[:i]), string(k[i+1:]), true
}

// checkLabelNames refuses an empty id or rule and names with a zero byte,
// which cannot be told apart in a key.
func checkLabelNames(id, rule string) error {
	switch {
	case id == "":
		return errors.New("the label has no article id")
	case rule == "":
		return errors.New("the label has no rule name")
	case strings.IndexByte(id, 0) >= 0 || strings.IndexByte(rule, 0) >= 0:
		return errors.New("the article id or rule name holds a zero byte")
	}
	return nil
}

// writable refuses a write on a Store opened with Options.ReadOnly with
// one sentence, instead of bbolt's bare error.
func (s *Store) writable() error {
	if s.readOnly {
		return fmt.Errorf("database %s is open read-only (open it read-write, or go through the daemon's API while it runs): %w", s.path, berrors.ErrDatabaseReadOnly)
	}
	return nil
}

// PutLabel stores l, replacing the label of (l.ArticleID, l.Rule). The
// article must be stored (its id or an alias's id); otherwise it returns
// ErrNotFound and stores nothing. A zero l.Labeled becomes the current
// time; times are stored in UTC.
func (s *Store) PutLabel(ctx context.Context, l Label) error {
	if err := checkLabelNames(l.ArticleID, l.Rule); err != nil {
		return fmt.Errorf("store: put label: %w", err)
	}
	if err := s.writable(); err != nil {
		return fmt.Errorf("store: put label of %s for rule %q: %w", l.ArticleID, l.Rule, err)
	}
	if l.Labeled.IsZero() {
		l.Labeled = time.Now()
	}
	l.Labeled = l.Labeled.UTC()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		id := resolve(tx, l.ArticleID)
		if id == "" {
			return ErrNotFound
		}
		stored := l
		stored.ArticleID = id
		v, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		b, err := tx.CreateBucketIfNotExists(bucketLabels)
		if err != nil {
			return err
		}
		return b.Put(labelKey(id, l.Rule), v)
	})
	if err != nil {
		return wrapf(err, "store: put label of %s for rule %q", l.ArticleID, l.Rule)
	}
	return nil
}

// DeleteLabel removes the label of the article with the id (or an
// alias's id) for rule, or returns ErrNotFound when it has none.
func (s *Store) DeleteLabel(ctx context.Context, articleID, rule string) error {
	if err := checkLabelNames(articleID, rule); err != nil {
		return fmt.Errorf("store: delete label: %w", err)
	}
	if err := s.writable(); err != nil {
		return fmt.Errorf("store: delete label of %s for rule %q: %w", articleID, rule, err)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLabels)
		id := resolve(tx, articleID)
		if b == nil || id == "" || b.Get(labelKey(id, rule)) == nil {
			return ErrNotFound
		}
		return b.Delete(labelKey(id, rule))
	})
	if err != nil {
		return wrapf(err, "store: delete label of %s for rule %q", articleID, rule)
	}
	return nil
}

// Labels calls fn with every label of rule ("" means every rule), in
// article id order (then rule order), and stops at the first error fn
// returns, returning it unchanged. Like Articles it reads a few hundred
// labels per read transaction and calls fn outside any transaction, so
// fn may call the Store (to read each label's article, say).
func (s *Store) Labels(ctx context.Context, rule string, fn func(Label) error) error {
	var after []byte
	for {
		var page []Label
		var last []byte
		err := s.view(ctx, func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketLabels)
			if b == nil {
				return nil
			}
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for n := 0; k != nil && n < scanPageKeys; k, v = c.Next() {
				n++
				last = bytes.Clone(k)
				l, err := decodeLabel(k, v)
				if err != nil {
					return err
				}
				if rule == "" || l.Rule == rule {
					page = append(page, l)
				}
			}
			if k == nil {
				last = nil
			}
			return nil
		})
		if err != nil {
			return wrapf(err, "store: labels of rule %q", rule)
		}
		for _, l := range page {
			if err := fn(l); err != nil {
				return err
			}
		}
		if last == nil {
			return nil
		}
		after = last
	}
}

// ArticleLabels returns the labels of the article with the id (or an
// alias's id), ordered by rule; none, and no error, when it has none or
// is not stored.
func (s *Store) ArticleLabels(ctx context.Context, articleID string) ([]Label, error) {
	var out []Label
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLabels)
		id := resolve(tx, articleID)
		if b == nil || id == "" {
			return nil
		}
		prefix := labelKey(id, "")
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			l, err := decodeLabel(k, v)
			if err != nil {
				return err
			}
			out = append(out, l)
		}
		return nil
	})
	if err != nil {
		return nil, wrapf(err, "store: labels of %s", articleID)
	}
	return out, nil
}

// decodeLabel decodes a stored label; its key names the article and rule.
func decodeLabel(k, v []byte) (Label, error) {
	id, rule, ok := parseLabelKey(k)
	if !ok {
		return Label{}, fmt.Errorf("label key %q has no article id and rule", k)
	}
	var l Label
	if err := json.Unmarshal(v, &l); err != nil {
		return Label{}, fmt.Errorf("decode label of %s for rule %q: %w", id, rule, err)
	}
	l.ArticleID, l.Rule = id, rule
	return l, nil
}

// deleteLabels removes every label of the article id, for Prune.
func deleteLabels(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bucketLabels)
	if b == nil {
		return nil
	}
	prefix := labelKey(id, "")
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// checkLabels reports to add every label that does not decode, whose
// value names another article or rule than its key, or whose article is
// not stored.
func checkLabels(tx *bolt.Tx, add func(error)) {
	b := tx.Bucket(bucketLabels)
	if b == nil {
		return
	}
	arts := tx.Bucket(bucketArticles)
	err := b.ForEach(func(k, v []byte) error {
		id, rule, ok := parseLabelKey(k)
		if !ok {
			add(fmt.Errorf("label key %q has no article id and rule", k))
			return nil
		}
		var l Label
		if err := json.Unmarshal(v, &l); err != nil {
			add(fmt.Errorf("label of %s for rule %q: cannot decode: %w", id, rule, err))
			return nil
		}
		if l.ArticleID != id || l.Rule != rule {
			add(fmt.Errorf("label of %s for rule %q: its value names article %s and rule %q", id, rule, l.ArticleID, l.Rule))
		}
		if arts == nil || arts.Get([]byte(id)) == nil {
			add(fmt.Errorf("label of %s for rule %q: the article is not stored", id, rule))
		}
		return nil
	})
	if err != nil {
		add(err)
	}
}
