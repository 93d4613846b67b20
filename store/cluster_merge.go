package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// match is a cluster with a member similar to the article being filed,
// and the earliest sort time of its similar members.
type match struct {
	cluster string
	t       time.Time
}

// joinClusters returns the cluster the article id, signed sig and sorted
// at t, joins: id itself when no article within the signature's window
// reaches its threshold, else the oldest cluster (by earliest similar
// member) of those with a similar member, into which it merges the
// others. Merging makes clusters independent of the order in which
// articles arrive: copies A and C of one story that do not match each
// other (a truncated copy, a missed band key) end in one cluster once an
// article similar to both is stored, whichever came first. keep, when not
// nil, is the cluster a stored version of the article already belongs to
// with others, which it links to the clusters its new text matches.
func joinClusters(tx *bolt.Tx, id string, t time.Time, sig *Signature, keep *match) (string, error) {
	found, err := similarClusters(tx, id, t, sig)
	if err != nil {
		return "", err
	}
	if keep != nil {
		found = addMatch(found, *keep)
	}
	if len(found) == 0 {
		return id, nil
	}
	slices.SortFunc(found, func(a, b match) int {
		if c := a.t.Compare(b.t); c != 0 {
			return c
		}
		return strings.Compare(a.cluster, b.cluster)
	})
	into := found[0].cluster
	n := 1 // members of into, counting the article being filed
	eachMember(tx, into, func(m string) bool {
		if m != id {
			n++
		}
		return n <= MaxClusterMembers
	})
	for _, m := range found[1:] {
		if n >= MaxClusterMembers {
			break
		}
		if n, err = mergeCluster(tx, m.cluster, into, n); err != nil {
			return "", err
		}
	}
	return into, nil
}

// addMatch adds m to found, or moves the time of m's cluster back to m's.
func addMatch(found []match, m match) []match {
	i := slices.IndexFunc(found, func(f match) bool { return f.cluster == m.cluster })
	switch {
	case i < 0:
		found = append(found, m)
	case m.t.Before(found[i].t):
		found[i].t = m.t
	}
	return found
}

// similarClusters returns the clusters with a member within the
// signature's window and at or above its threshold, each with the
// earliest sort time of those members. It compares at most maxCandidates
// articles.
func similarClusters(tx *bolt.Tx, id string, t time.Time, sig *Signature) ([]match, error) {
	bands, sigs := tx.Bucket(bucketBands), tx.Bucket(bucketSigs)
	if bands == nil || sigs == nil {
		return nil, nil
	}
	w := sig.window()
	newest, oldest := timeKey(t.Add(w)), timeKey(t.Add(-w))
	var found []match
	seen := map[string]bool{id: true}
	c := bands.Cursor()
	start := make([]byte, 8, 8+timeKeyLen)
	for _, band := range sig.Bands {
		binary.BigEndian.PutUint64(start, band)
		prefix := start[:8]
		for k, _ := c.Seek(append(start, newest...)); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(k) <= 8+timeKeyLen || bytes.Compare(k[8:8+timeKeyLen], oldest) > 0 || len(seen) > maxCandidates {
				break
			}
			cand := string(k[8+timeKeyLen:])
			if seen[cand] {
				continue
			}
			seen[cand] = true
			v := sigs.Get([]byte(cand))
			if v == nil {
				continue
			}
			r, err := viewSigRecord(v)
			if err != nil {
				return nil, fmt.Errorf("article %s: %w", cand, err)
			}
			if len(r.minhash) != 4*len(sig.MinHash) || r.t.Sub(t).Abs() > w || similarityBytes(sig.MinHash, r.minhash) < sig.threshold() {
				continue
			}
			found = addMatch(found, match{cluster: string(r.cluster), t: r.t})
		}
	}
	return found, nil
}

// mergeCluster relabels every member of cluster from as a member of into,
// which has n members, and returns how many it has then: its membership,
// its signature record and the Cluster of its stored article. Flags
// already stored keep their Duplicate (their alerts are sent). It merges
// nothing when the two together would pass MaxClusterMembers, so one
// article's merges rewrite at most that many articles; the clusters then
// stay apart.
func mergeCluster(tx *bolt.Tx, from, into string, n int) (int, error) {
	var ids []string
	eachMember(tx, from, func(id string) bool {
		ids = append(ids, id)
		return n+len(ids) <= MaxClusterMembers
	})
	if n+len(ids) > MaxClusterMembers {
		return n, nil
	}
	members, sigs, arts := tx.Bucket(bucketMembers), tx.Bucket(bucketSigs), tx.Bucket(bucketArticles)
	label, err := json.Marshal(into)
	if err != nil {
		return n, err
	}
	for _, id := range ids {
		if err := members.Delete(memberKey(from, id)); err != nil {
			return n, err
		}
		if err := members.Put(memberKey(into, id), nil); err != nil {
			return n, err
		}
		if v := sigs.Get([]byte(id)); v != nil {
			r, err := decodeSigRecord(v)
			if err != nil {
				return n, fmt.Errorf("article %s: %w", id, err)
			}
			r.cluster = into
			if err := sigs.Put([]byte(id), r.encode()); err != nil {
				return n, err
			}
		}
		v := arts.Get([]byte(id))
		if v == nil {
			continue // a stale member; Check reports it
		}
		// A map keeps every field, even one this version does not know.
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(v, &fields); err != nil {
			return n, fmt.Errorf("decode article %s: %w", id, err)
		}
		fields["cluster"] = label
		if v, err = json.Marshal(fields); err != nil {
			return n, err
		}
		if err := arts.Put([]byte(id), v); err != nil {
			return n, err
		}
	}
	return n + len(ids), nil
}
