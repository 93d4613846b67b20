package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// clusterCheck checks the story-cluster index against the articles:
// Check calls member for every decoded article, then done.
type clusterCheck struct {
	tx        *bolt.Tx
	add       func(error)
	members   *bolt.Bucket
	sigs      *bolt.Bucket
	clustered int // articles with a cluster
}

func newClusterCheck(tx *bolt.Tx, add func(error)) *clusterCheck {
	return &clusterCheck{tx: tx, add: add, members: tx.Bucket(bucketMembers), sigs: tx.Bucket(bucketSigs)}
}

// member checks that the article id of cluster (empty for articles stored
// before clustering) is a member of it, and that its signature record, if
// any, names the same cluster.
func (c *clusterCheck) member(id []byte, cluster string) {
	if cluster == "" {
		return
	}
	c.clustered++
	if c.members == nil || !hasKey(c.members, memberKey(cluster, string(id))) {
		c.add(fmt.Errorf("article %s: missing from the members of its cluster %s", id, cluster))
	}
	if c.sigs == nil {
		return
	}
	if v := c.sigs.Get(id); v != nil {
		r, err := decodeSigRecord(v)
		switch {
		case err != nil:
			c.add(fmt.Errorf("article %s: signature record: %w", id, err))
		case r.cluster != cluster:
			c.add(fmt.Errorf("article %s: its signature record names cluster %s, the article %s", id, r.cluster, cluster))
		}
	}
}

// done checks the counts: one membership per clustered article, a stored
// article behind every signature record, and one band entry per band key
// of the records.
func (c *clusterCheck) done() {
	countIs(c.add, "cluster member index", keyCount(c.members), c.clustered)
	if c.sigs == nil {
		return
	}
	arts, nBands := c.tx.Bucket(bucketArticles), 0
	_ = c.sigs.ForEach(func(id, v []byte) error {
		if arts.Get(id) == nil {
			c.add(fmt.Errorf("signature record %s: its article is not stored", id))
		}
		if r, err := decodeSigRecord(v); err == nil {
			nBands += len(r.bands)
		}
		return nil
	})
	countIs(c.add, "cluster band index", keyCount(c.tx.Bucket(bucketBands)), nBands)
}
