package store

import (
	"context"
	"fmt"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// Bucket names. Every index key is indexKey(sortTime, id); see doc.go.
var (
	bucketMeta     = []byte("meta")     // schema version
	bucketFeeds    = []byte("feeds")    // feed URL -> JSON Feed
	bucketArticles = []byte("articles") // article id -> JSON Article
	bucketByTime   = []byte("by_time")  // index key -> empty, every article
	bucketFlagged  = []byte("flagged")  // index key -> empty, flagged articles
	bucketFlags    = []byte("flags")    // rule -> bucket of index key -> flagged time
	bucketOutbox   = []byte("outbox")   // delivery sequence -> JSON Delivery
)

// allBuckets are the top-level buckets Open creates.
var allBuckets = [][]byte{bucketMeta, bucketFeeds, bucketArticles, bucketByTime, bucketFlagged, bucketFlags, bucketOutbox, bucketAlertLog, bucketAlertQueue, bucketAlertState}

// panicError describes a recovered panic of bbolt on a damaged file.
func panicError(r any) error {
	if err, ok := r.(error); ok {
		return fmt.Errorf("bbolt failed reading the file: %w", err)
	}
	return fmt.Errorf("bbolt failed reading the file: %v", r)
}

// guard turns a panic of bbolt (or a memory fault, with SetPanicOnFault)
// into ErrCorrupt in *err. bbolt rolls the transaction back on a panic.
func (s *Store) guard(err *error) {
	if r := recover(); r != nil {
		*err = corruptError(s.path, panicError(r))
	}
}

// view runs fn in a read transaction, after checking ctx.
func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.guard(&err)
	return s.db.View(fn)
}

// update runs fn in its own write transaction, after checking ctx.
func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.guard(&err)
	return s.db.Update(fn)
}

// batch runs fn in a write transaction shared with other concurrent
// callers. bbolt may run fn more than once, so fn must be idempotent: it
// must give the same result whether or not an earlier run committed.
func (s *Store) batch(ctx context.Context, fn func(*bolt.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.guard(&err)
	return s.db.Batch(func(tx *bolt.Tx) error {
		// fn runs on bbolt's batch goroutine: fault there as a panic too,
		// which Batch recovers and answers by running fn again here.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		return fn(tx)
	})
}
