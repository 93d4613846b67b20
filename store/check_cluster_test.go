package store

import (
	"context"
	"errors"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestCheckFindsClusterDamage(t *testing.T) {
	// rewriteSig applies fn to the signature record of id.
	rewriteSig := func(tx *bolt.Tx, id string, fn func(r *sigRecord)) error {
		r, err := decodeSigRecord(tx.Bucket(bucketSigs).Get([]byte(id)))
		if err != nil {
			return err
		}
		fn(r)
		return tx.Bucket(bucketSigs).Put([]byte(id), r.encode())
	}
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx, a *Article) error
	}{
		{"missing member", func(tx *bolt.Tx, a *Article) error {
			return tx.Bucket(bucketMembers).Delete(memberKey(a.Cluster, a.ID))
		}},
		{"stale member", func(tx *bolt.Tx, a *Article) error {
			return tx.Bucket(bucketMembers).Put(memberKey(a.Cluster, "gone"), nil)
		}},
		{"signature names another cluster", func(tx *bolt.Tx, a *Article) error {
			return rewriteSig(tx, a.ID, func(r *sigRecord) { r.cluster = "other" })
		}},
		{"signature of no article", func(tx *bolt.Tx, a *Article) error {
			r, err := decodeSigRecord(tx.Bucket(bucketSigs).Get([]byte(a.ID)))
			if err != nil {
				return err
			}
			return putSig(tx, "gone", r)
		}},
		{"stale band entry", func(tx *bolt.Tx, a *Article) error {
			return tx.Bucket(bucketBands).Put(bandKey(1, t0, "gone"), nil)
		}},
		{"undecodable signature", func(tx *bolt.Tx, a *Article) error {
			return tx.Bucket(bucketSigs).Put([]byte(a.ID), []byte{9})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			a := signed("https://a.example/wire", 0, testSig(1, 0, "a"), "r1")
			b := signed("https://b.example/copy", time.Hour, testSig(1, 8, "b"), "r1")
			put(t, s, a, b)
			mustCheck(t, s)
			if err := s.db.Update(func(tx *bolt.Tx) error { return tt.damage(tx, b) }); err != nil {
				t.Fatal(err)
			}
			if err := s.Check(context.Background()); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Check after %s = %v, want ErrCorrupt", tt.name, err)
			}
		})
	}
}

// TestSignLater: an article stored unsigned, then signed, leaves its old
// one-article cluster.
func TestSignLater(t *testing.T) {
	s := openTest(t)
	a := signed("https://a.example/wire", 0, testSig(1, 0, "a"))
	b := signed("https://b.example/copy", time.Hour, nil)
	put(t, s, a, b)
	b.Signature, b.Cluster = testSig(1, 8, "b"), ""
	put(t, s, b)
	if b.Cluster != a.ID {
		t.Errorf("cluster of the signed copy = %s, want %s", b.Cluster, a.ID)
	}
	mustCheck(t, s)
}
