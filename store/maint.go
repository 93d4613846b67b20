package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
)

// maxCheckErrors caps the problems Check reports; it still counts all.
const maxCheckErrors = 100

// errRollback ends a write transaction used only to read.
var errRollback = errors.New("rollback")

// Check runs bbolt's consistency check (Tx.Check) and then checks that the
// time, flagged, per-rule, story-cluster and search indexes agree with the stored
// articles, and that every label is of a stored article. It returns nil, or an ErrCorrupt error joining the problems
// found (at most 100 listed). On a read-write Store it holds the write lock
// for the whole check (bbolt's check is not safe beside writers), so
// crawls pause.
func (s *Store) Check(ctx context.Context) error {
	var problems []error
	n := 0
	fn := func(tx *bolt.Tx) error {
		add := func(err error) {
			if n++; n <= maxCheckErrors {
				problems = append(problems, err)
			}
		}
		for err := range tx.Check() {
			add(err)
		}
		if n == 0 {
			checkIndexes(tx, add)
			checkLabels(tx, add)
			checkSearch(tx, add)
		}
		if tx.Writable() {
			return errRollback
		}
		return nil
	}
	var err error
	if s.readOnly {
		err = s.view(ctx, fn)
	} else if err = s.update(ctx, fn); errors.Is(err, errRollback) {
		err = nil
	}
	if err != nil {
		return wrapf(err, "store: check %s", s.path)
	}
	if n == 0 {
		return nil
	}
	joined := errors.Join(problems...)
	return &sentenceError{
		msg: fmt.Sprintf("store: database %s failed its check with %d problems (restore it from a backup):\n%v",
			s.path, n, joined),
		sentinel: ErrCorrupt, cause: joined,
	}
}

// CheckFile checks the database at path like Store.Check, without Open's
// schema check, so that it also reports on files Open refuses. It opens
// the file read-only and returns ErrLocked when a read-write process
// holds it (run the check through that process then). Its ErrCorrupt
// sentences do not send the user to `newshound db check`: this is it.
func CheckFile(ctx context.Context, path string, opts Options) error {
	return withoutCheckHint(checkFile(ctx, path, opts))
}

func checkFile(ctx context.Context, path string, opts Options) error {
	path = filepath.Clean(path)
	if err := precheckUnlocked(path); err != nil {
		return err
	}
	db, err := openBolt(path, &bolt.Options{Timeout: lockTimeout(ctx, opts.Timeout), ReadOnly: true})
	if err != nil {
		return classifyOpenError(path, true, err)
	}
	defer db.Close()
	s := &Store{db: db, path: path, log: discardIfNil(opts.Logger), readOnly: true}
	info, err := os.Stat(path)
	if err != nil {
		return wrapf(err, "store: check %s", path)
	}
	var size int64
	if err := s.view(ctx, func(tx *bolt.Tx) error { size = tx.Size(); return nil }); err != nil {
		return err
	}
	if size > info.Size() {
		return corruptError(path, fmt.Errorf("file is %d bytes but its pages need %d: truncated", info.Size(), size))
	}
	return s.Check(ctx)
}

// Backup writes a consistent copy of the whole database to w from one
// read transaction, while other goroutines go on reading and writing, and
// returns the bytes written. The file cannot grow while it runs, so
// writers may wait for large backups, and for as long as w takes: for a
// writer that may be slow or stall (a network client), use Snapshot and
// send the file. The copy opens with Open.
func (s *Store) Backup(ctx context.Context, w io.Writer) (int64, error) {
	var n int64
	err := s.view(ctx, func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(ctxWriter{ctx: ctx, w: w})
		return err
	})
	if err != nil {
		return n, wrapf(err, "store: back up %s", s.path)
	}
	return n, nil
}

// ctxWriter fails writes once its context is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// Compact copies the live data into a new, dense database at dstPath,
// which must not exist, using bbolt's compaction (write transactions of
// at most 64 MiB). Freed pages are left behind, so the copy is usually
// smaller. Compact reads the store in one long read transaction and
// cannot be cancelled once started. The CLI's `newshound db compact`
// swaps files this way: Open the store (which fails with ErrLocked while
// a daemon runs), Compact into path+".compact" in the same folder, Close
// the store, then os.Rename the copy over path, an atomic replacement.
func (s *Store) Compact(ctx context.Context, dstPath string) (err error) {
	if err := ctx.Err(); err != nil {
		return wrapf(err, "store: compact %s", s.path)
	}
	if _, err := os.Stat(dstPath); err == nil {
		return fmt.Errorf("store: compact %s into %s: the file exists (remove it or choose another path)", s.path, dstPath)
	}
	if err := os.MkdirAll(filepath.Dir(dstPath), 0o755); err != nil {
		return wrapf(err, "store: compact %s", s.path)
	}
	dst, err := bolt.Open(dstPath, 0o644, &bolt.Options{Timeout: DefaultTimeout})
	if err != nil {
		return wrapf(err, "store: compact %s into %s", s.path, dstPath)
	}
	defer func() {
		if cerr := dst.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("store: compact %s into %s: %w", s.path, dstPath, cerr)
		}
		if err != nil {
			_ = os.Remove(dstPath)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer s.guard(&err)
	if err := bolt.Compact(dst, s.db, 64<<20); err != nil {
		return wrapf(err, "store: compact %s into %s", s.path, dstPath)
	}
	s.log.Info("compacted database", "path", s.path, "into", dstPath)
	return nil
}
