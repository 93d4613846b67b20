package store

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ArticleSignature returns the near-duplicate signature stored for the
// article id (its MinHash values and band keys; Threshold and Window are
// not kept, so they are zero: the defaults), or nil when the article has
// none. Article leaves Signature nil, as it is not part of the record;
// `newshound db migrate` reads it here to carry story clustering over to
// another backend.
func (s *Store) ArticleSignature(ctx context.Context, id string) (*Signature, error) {
	var sig *Signature
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSigs).Get([]byte(id))
		if v == nil {
			return nil
		}
		r, err := decodeSigRecord(v)
		if err != nil {
			return err
		}
		sig = &Signature{MinHash: r.minhash, Bands: r.bands}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: signature of article %s: %w", id, err)
	}
	return sig, nil
}
