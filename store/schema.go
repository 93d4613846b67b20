package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout of the database this build writes, stored
// under "schema" in the meta bucket. Open refuses files with a higher one
// and upgrades older ones when read-write: version 2 adds the search
// index (see search_index.go), which Open builds for the articles of a
// version 1 file. A version 1 file opened read-only is searched by
// reading every article.
const SchemaVersion = 2

var keySchema = []byte("schema")

// prepare checks that the file is not truncated, then checks the schema
// version, initializing an empty read-write database.
func (s *Store) prepare(ctx context.Context) error {
	info, err := os.Stat(s.path)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", s.path, err)
	}
	fn := s.checkSchema
	run := s.update
	if s.readOnly {
		run = s.view
	}
	err = run(ctx, func(tx *bolt.Tx) error {
		if tx.Size() > info.Size() {
			return corruptError(s.path, fmt.Errorf("file is %d bytes but its pages need %d: truncated", info.Size(), tx.Size()))
		}
		return fn(tx)
	})
	if se := (*sentenceError)(nil); err != nil && !errors.As(err, &se) {
		return fmt.Errorf("store: open %s: %w", s.path, err)
	}
	if err != nil || s.readOnly {
		return err
	}
	return s.upgradeSearch(ctx)
}

// checkSchema reads and checks the schema version, creating it and any
// missing bucket in a writable transaction.
func (s *Store) checkSchema(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		if k, _ := tx.Cursor().First(); k != nil {
			return &sentenceError{
				msg:      fmt.Sprintf("store: %s is a bbolt file of another program, not a newshound database: point storage.path at another file", s.path),
				sentinel: ErrSchema,
			}
		}
		if !tx.Writable() {
			return nil // an empty file opened read-only reads as an empty store
		}
		return s.initialize(tx)
	}
	v, err := strconv.Atoi(string(meta.Get(keySchema)))
	switch {
	case err != nil || v < 1:
		return corruptError(s.path, fmt.Errorf("schema version %q is not a positive number", meta.Get(keySchema)))
	case v > SchemaVersion:
		return &sentenceError{
			msg: fmt.Sprintf("store: database %s has schema version %d but this newshound knows only versions up to %d: upgrade newshound, or point storage.path at another file",
				s.path, v, SchemaVersion),
			sentinel: ErrSchema,
		}
	}
	if !tx.Writable() {
		return nil
	}
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("store: create bucket %s in %s: %w", name, s.path, err)
		}
	}
	return nil
}

// initialize creates the buckets and the schema version of a new file.
func (s *Store) initialize(tx *bolt.Tx) error {
	for _, name := range append(allBuckets, searchBuckets...) {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("store: initialize %s: %w", s.path, err)
		}
	}
	if err := tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(SchemaVersion))); err != nil {
		return fmt.Errorf("store: initialize %s: %w", s.path, err)
	}
	s.log.Info("initialized database", "path", s.path, "schema", SchemaVersion)
	return nil
}
