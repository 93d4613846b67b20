package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// putAliases unions a.Aliases with the aliases of the version it replaces
// and maps each alias's id to a.ID.
func putAliases(tx *bolt.Tx, a *Article, prev []string) error {
	for _, al := range prev {
		if !slices.Contains(a.Aliases, al) {
			a.Aliases = append(a.Aliases, al)
		}
	}
	a.Aliases = slices.DeleteFunc(a.Aliases, func(al string) bool { return al == "" || al == a.URL })
	if len(a.Aliases) == 0 {
		a.Aliases = nil
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketAliases)
	if err != nil {
		return err
	}
	for _, al := range a.Aliases {
		if aid := ArticleID(al); aid != a.ID {
			if err := b.Put([]byte(aid), []byte(a.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// resolve returns the id of the stored article with the id, or of which
// it is an alias; "" when there is none.
func resolve(tx *bolt.Tx, id string) string {
	if get(tx, bucketArticles, []byte(id)) != nil {
		return id
	}
	if to := get(tx, bucketAliases, []byte(id)); to != nil && get(tx, bucketArticles, to) != nil {
		return string(to)
	}
	return ""
}

// AddArticle stores a as PutArticle does and returns true, unless an
// article with a's id, or with the id of one of a.Aliases, is stored (or
// a's id is an alias of one): then it only adds a's Sources and Aliases to
// that article and returns false. Check and write share one transaction,
// so of concurrent callers with one id exactly one gets true. The crawler
// stores new stories with it.
func (s *Store) AddArticle(ctx context.Context, a *Article) (bool, error) {
	if err := prepareArticle(a); err != nil {
		return false, err
	}
	added := false
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		added = false
		target := resolve(tx, a.ID)
		for _, al := range a.Aliases {
			if target == "" {
				target = resolve(tx, ArticleID(al))
			}
		}
		if target == "" {
			added = true
			return s.putArticle(tx, a)
		}
		return mergeInto(tx, target, a)
	})
	if err != nil {
		return false, wrapf(err, "store: save article %s", a.ID)
	}
	return added, nil
}

// mergeInto adds a's sources, URL and aliases to the stored article id.
func mergeInto(tx *bolt.Tx, id string, a *Article) error {
	arts := tx.Bucket(bucketArticles)
	var stored Article
	if err := json.Unmarshal(arts.Get([]byte(id)), &stored); err != nil {
		return fmt.Errorf("decode article %s: %w", id, err)
	}
	changed := false
	for _, f := range a.Sources {
		if f.URL != "" && !hasSource(stored.Sources, f.URL) {
			stored.Sources, changed = append(stored.Sources, f), true
		}
	}
	for _, al := range append([]string{a.URL}, a.Aliases...) {
		if al != "" && al != stored.URL && !slices.Contains(stored.Aliases, al) {
			stored.Aliases, changed = append(stored.Aliases, al), true
		}
	}
	if !changed {
		return nil
	}
	if err := putAliases(tx, &stored, nil); err != nil {
		return err
	}
	v, err := json.Marshal(&stored)
	if err != nil {
		return err
	}
	return arts.Put([]byte(id), v)
}

// MaxClusterMembers caps the articles Cluster returns.
const MaxClusterMembers = 100

// Cluster returns the stored articles of the story cluster with the id
// (an Article.Cluster value), oldest first by sort time, at most
// MaxClusterMembers of them; none for an unknown id.
func (s *Store) Cluster(ctx context.Context, cluster string) ([]*Article, error) {
	var out []*Article
	err := s.view(ctx, func(tx *bolt.Tx) error {
		arts := tx.Bucket(bucketArticles)
		var err error
		eachMember(tx, cluster, func(id string) bool {
			v := arts.Get([]byte(id))
			if v == nil {
				return true
			}
			a := new(Article)
			if err = json.Unmarshal(v, a); err != nil {
				err = fmt.Errorf("decode article %s: %w", id, err)
				return false
			}
			out = append(out, a)
			return len(out) < MaxClusterMembers
		})
		return err
	})
	if err != nil {
		return nil, wrapf(err, "store: cluster %s", cluster)
	}
	slices.SortStableFunc(out, func(a, b *Article) int { return sortTime(a).Compare(sortTime(b)) })
	return out, nil
}

// unclusterArticle removes the cluster index entries and aliases of the
// article stored as v under id, for Prune.
func unclusterArticle(tx *bolt.Tx, id string, v []byte) error {
	var c clustered
	if err := json.Unmarshal(v, &c); err != nil {
		return fmt.Errorf("decode stored article: %w", err)
	}
	if sigs := tx.Bucket(bucketSigs); sigs != nil {
		if rv := sigs.Get([]byte(id)); rv != nil {
			r, err := decodeSigRecord(rv)
			if err != nil {
				return fmt.Errorf("article %s: %w", id, err)
			}
			if err := dropSig(tx, id, r); err != nil {
				return err
			}
		}
	}
	if m := tx.Bucket(bucketMembers); m != nil && c.Cluster != "" {
		if err := m.Delete(memberKey(c.Cluster, id)); err != nil {
			return err
		}
	}
	if b := tx.Bucket(bucketAliases); b != nil {
		for _, al := range c.Aliases {
			aid := []byte(ArticleID(al))
			if string(b.Get(aid)) != id {
				continue // the alias has since led to another article
			}
			if err := b.Delete(aid); err != nil {
				return err
			}
		}
	}
	return nil
}
