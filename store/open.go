package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultTimeout is how long Open waits for a lock held by another process
// when Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// Options configures Open. The zero value opens read-write, waits at most
// DefaultTimeout for the file lock and discards logs.
type Options struct {
	// Timeout bounds how long Open waits for the file lock when another
	// process (or another Store in this process) holds it; Open gives up
	// with ErrLocked before Timeout has passed, or before the context's
	// deadline if that is sooner. Zero means DefaultTimeout (2 s).
	Timeout time.Duration
	// ReadOnly opens the file with a shared lock and refuses writes.
	// Several read-only Stores may share a file, but none can open it
	// while a read-write Store holds it. The file must exist.
	ReadOnly bool
	// Logger receives the store's logs; nil discards them.
	Logger *slog.Logger
	// NormalizeURL, when set, is how ResolveArticle normalizes a URL it
	// is given before looking it up, as the crawler normalized the URLs
	// articles are stored under (cmd passes crawler/urlnorm.Normalize;
	// the store imports nothing of the crawler). Nil looks URLs up only
	// as given.
	NormalizeURL func(string) (string, error)
}

// Store is newshound's database: one bbolt file holding feeds, articles
// and their indexes. A Store is safe for concurrent use; only one
// read-write Store may have a file open at a time, across all processes.
type Store struct {
	db       *bolt.DB
	path     string
	log      *slog.Logger
	readOnly bool
	outbox   outboxHook // webhook deliveries, see outbox.go

	normalizeURL func(string) (string, error) // Options.NormalizeURL
	snapshotMu   sync.Mutex                   // one Snapshot writes at a time, see snapshot.go
}

// Open opens (creating it and its folder if needed, unless opts.ReadOnly)
// the database at path and checks its schema version. A file held by
// another process gives ErrLocked, a damaged, truncated or foreign file
// ErrCorrupt, a file from a newer newshound ErrSchema; each error is one
// sentence naming the file and what to do. An empty file is initialized.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: no database path given (set storage.path in the configuration)")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	path = filepath.Clean(path)
	logger := discardIfNil(opts.Logger)
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("store: create folder for %s: %w", path, err)
		}
	}
	if err := precheckUnlocked(path); err != nil {
		return nil, err
	}
	db, err := openBolt(path, &bolt.Options{
		Timeout:  lockTimeout(ctx, opts.Timeout),
		ReadOnly: opts.ReadOnly,
	})
	if err != nil {
		return nil, classifyOpenError(path, opts.ReadOnly, err)
	}
	s := &Store{db: db, path: path, log: logger.With("component", "store"), readOnly: opts.ReadOnly, normalizeURL: opts.NormalizeURL}
	if err := s.prepare(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	s.log.Debug("opened database", "path", path, "read_only", opts.ReadOnly)
	return s, nil
}

// discardIfNil returns l, or a logger that discards everything.
func discardIfNil(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// precheckUnlocked runs precheck unless a writer holds the file (its
// reads could then see a write half done; Open then reports ErrLocked),
// and runs it a second time before reporting ErrCorrupt for the same
// reason.
func precheckUnlocked(path string) error {
	if err := precheck(path); err == nil || heldByWriter(path) {
		return nil
	}
	if err := precheck(path); err != nil {
		return corruptError(path, err)
	}
	return nil
}

// lockTimeout turns Options.Timeout and the context deadline into the
// wait bbolt is given, leaving a tenth as margin so that Open returns
// within the timeout (bbolt retries the lock every 50 ms).
func lockTimeout(ctx context.Context, t time.Duration) time.Duration {
	if t <= 0 {
		t = DefaultTimeout
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < t {
		t = time.Until(dl)
	}
	if t -= t / 10; t < time.Millisecond {
		t = time.Millisecond // bbolt treats zero as "wait forever"
	}
	return t
}

// openBolt calls bolt.Open, turning a panic or memory fault on a damaged
// file into ErrCorrupt and releasing the file (and its lock) if it does.
func openBolt(path string, o *bolt.Options) (db *bolt.DB, err error) {
	var file *os.File
	o.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				_ = file.Close()
			}
			db, err = nil, corruptError(path, panicError(r))
		}
	}()
	return bolt.Open(path, 0o644, o)
}

// classifyOpenError turns an error of bolt.Open into one for people.
func classifyOpenError(path string, readOnly bool, err error) error {
	var errno syscall.Errno
	switch {
	case errors.Is(err, ErrCorrupt):
		return err
	case readOnly && emptyFile(path):
		// bbolt would write the first pages of a new database, and
		// cannot: a read-only open says "bad file descriptor".
		return &sentenceError{
			msg:      fmt.Sprintf("store: database %s is an empty file, not a newshound database: remove it (newshound crawl or run then creates a new one) or restore it from a backup", path),
			sentinel: ErrCorrupt, cause: err,
		}
	case errors.Is(err, syscall.ENOSPC):
		return DiskFullError(path, err)
	case errors.Is(err, berrors.ErrTimeout):
		return &sentenceError{
			msg:      fmt.Sprintf("store: database %s is in use by another newshound process (stop it, or use its HTTP API)", path),
			sentinel: ErrLocked, cause: err,
		}
	case readOnly && errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("store: database %s does not exist (run newshound crawl once to create it): %w", path, err)
	case errors.As(err, new(*fs.PathError)), errors.As(err, &errno):
		return fmt.Errorf("store: open %s: %w", path, err)
	default:
		return corruptError(path, err)
	}
}

// emptyFile reports whether path is a file of zero bytes.
func emptyFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular() && info.Size() == 0
}

// DiskFullError is the error of a write to the database at path that
// failed with cause because its disk is full (errors.Is(cause,
// syscall.ENOSPC)): one sentence naming the file and the fix, wrapping
// cause.
func DiskFullError(path string, cause error) error {
	return fmt.Errorf("store: the disk holding the database %s is full: free space on it, or move storage.path to a disk with room (%w)", path, cause)
}

// corruptError is ErrCorrupt with one sentence naming the file and the fix.
func corruptError(path string, cause error) error {
	return &sentenceError{
		msg: fmt.Sprintf("store: database %s is damaged or not a newshound database (%v): restore it from a backup",
			path, cause) + checkHint,
		sentinel: ErrCorrupt, cause: cause,
	}
}

// Close closes the database, waiting for running transactions to end.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", s.path, err)
	}
	return nil
}

// Path returns the database file's path as given to Open, cleaned.
func (s *Store) Path() string { return s.path }
