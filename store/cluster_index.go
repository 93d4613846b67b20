package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Buckets of the cluster index, created on first write; see doc.go.
var (
	bucketSigs    = []byte("cluster_sigs")    // article id -> sigRecord
	bucketBands   = []byte("cluster_bands")   // band key (8) + time key (12) + id -> empty
	bucketMembers = []byte("cluster_members") // len(cluster) (1) + cluster + id -> empty
	bucketAliases = []byte("aliases")         // ArticleID(alias URL) -> article id
)

// clustered is the part of a stored Article the cluster index and the
// outbox read; putArticle decodes the replaced version into it once.
type clustered struct {
	Cluster string       `json:"cluster"`
	Aliases []string     `json:"aliases"`
	Flags   []storedFlag `json:"flags"`
}

// storedFlag is the part of a stored Flag that clustered reads.
type storedFlag struct {
	Rule      string    `json:"rule"`
	Duplicate bool      `json:"duplicate"`
	Stored    time.Time `json:"stored"`
}

func bandKey(band uint64, t time.Time, id string) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 8+timeKeyLen+len(id)), band)
	return append(append(k, timeKey(t)...), id...)
}

func memberKey(cluster, id string) []byte {
	k := make([]byte, 0, 1+len(cluster)+len(id))
	return append(append(append(k, byte(len(cluster))), cluster...), id...)
}

// clusterArticle files a, about to be stored over a version of which
// prev is read (zero when new), in the cluster index: it sets a.Cluster,
// each flag's Duplicate, and keeps the stored aliases. It reads only tx
// and a's own fields, so it is idempotent.
func clusterArticle(tx *bolt.Tx, a *Article, prev *clustered) error {
	sigs, err := tx.CreateBucketIfNotExists(bucketSigs)
	if err != nil {
		return err
	}
	t := sortTime(a)
	var rec *sigRecord
	if v := sigs.Get([]byte(a.ID)); v != nil {
		if rec, err = decodeSigRecord(v); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	switch {
	case a.Signature != nil:
		var keep *match
		if rec != nil {
			if err := dropSig(tx, a.ID, rec); err != nil {
				return err
			}
			if others(tx, rec.cluster, a.ID) { // they stay together
				keep = &match{cluster: rec.cluster, t: rec.t}
			}
		}
		cluster, err := joinClusters(tx, a.ID, t, a.Signature, keep)
		if err != nil {
			return err
		}
		a.Cluster = cluster
		rec = &sigRecord{cluster: cluster, t: t, bands: a.Signature.Bands, minhash: a.Signature.MinHash}
		if err := putSig(tx, a.ID, rec); err != nil {
			return err
		}
	case rec != nil:
		a.Cluster = rec.cluster
		if !rec.t.Equal(t) { // the sort time moved: move the band keys
			if err := dropSig(tx, a.ID, rec); err != nil {
				return err
			}
			rec.t = t
			if err := putSig(tx, a.ID, rec); err != nil {
				return err
			}
		}
	case prev.Cluster != "":
		a.Cluster = prev.Cluster
	case a.Cluster == "":
		a.Cluster = a.ID
	}
	members, err := tx.CreateBucketIfNotExists(bucketMembers)
	if err != nil {
		return err
	}
	if prev.Cluster != "" && prev.Cluster != a.Cluster { // stored unsigned, now signed
		if err := members.Delete(memberKey(prev.Cluster, a.ID)); err != nil {
			return err
		}
	}
	if err := members.Put(memberKey(a.Cluster, a.ID), nil); err != nil {
		return err
	}
	if err := putAliases(tx, a, prev.Aliases); err != nil {
		return err
	}
	markDuplicates(tx, a, prev)
	return nil
}

// putSig stores an article's signature record and its band keys.
func putSig(tx *bolt.Tx, id string, r *sigRecord) error {
	bands, err := tx.CreateBucketIfNotExists(bucketBands)
	if err != nil {
		return err
	}
	// One key buffer for every band: Put copies the key.
	k := bandKey(0, r.t, id)
	for _, b := range r.bands {
		binary.BigEndian.PutUint64(k, b)
		if err := bands.Put(k, nil); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketSigs).Put([]byte(id), r.encode())
}

// dropSig removes an article's signature record, band keys and
// membership.
func dropSig(tx *bolt.Tx, id string, r *sigRecord) error {
	if bands := tx.Bucket(bucketBands); bands != nil {
		for _, b := range r.bands {
			if err := bands.Delete(bandKey(b, r.t, id)); err != nil {
				return err
			}
		}
	}
	if m := tx.Bucket(bucketMembers); m != nil {
		if err := m.Delete(memberKey(r.cluster, id)); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketSigs).Delete([]byte(id))
}

// others reports whether cluster has a member other than id.
func others(tx *bolt.Tx, cluster, id string) bool {
	found := false
	eachMember(tx, cluster, func(m string) bool {
		found = m != id
		return !found
	})
	return found
}

// eachMember calls fn with the id of each member of cluster until fn
// returns false.
func eachMember(tx *bolt.Tx, cluster string, fn func(id string) bool) {
	b := tx.Bucket(bucketMembers)
	if b == nil {
		return
	}
	prefix := memberKey(cluster, "")
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if !fn(string(k[len(prefix):])) {
			return
		}
	}
}

// markDuplicates sets each flag's Duplicate: kept from the stored version
// when it had the rule, else true when another member of a's cluster
// carries a flag of the rule.
func markDuplicates(tx *bolt.Tx, a *Article, prev *clustered) {
	if len(a.Flags) == 0 {
		return
	}
	was := map[string]bool{}
	for _, f := range prev.Flags {
		was[f.Rule] = was[f.Rule] || f.Duplicate
	}
	var flagged map[string]bool
	for i := range a.Flags {
		f := &a.Flags[i]
		if dup, ok := was[f.Rule]; ok {
			f.Duplicate = dup
			continue
		}
		if flagged == nil {
			flagged = clusterRules(tx, a.Cluster, a.ID)
		}
		f.Duplicate = flagged[f.Rule]
	}
}

// clusterRules returns the rules flagging the members of cluster but id,
// reading at most maxCandidates of them.
func clusterRules(tx *bolt.Tx, cluster, id string) map[string]bool {
	rules := map[string]bool{}
	arts, n := tx.Bucket(bucketArticles), 0
	eachMember(tx, cluster, func(m string) bool {
		if m == id {
			return true
		}
		var c clustered
		if v := arts.Get([]byte(m)); v != nil && json.Unmarshal(v, &c) == nil {
			for _, f := range c.Flags {
				rules[f.Rule] = true
			}
		}
		n++
		return n < maxCandidates
	})
	return rules
}
