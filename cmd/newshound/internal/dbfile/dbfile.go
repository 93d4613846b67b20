// Package dbfile is how the commands use the configured storage
// (storage.backend): open it as a store.Backend, the bbolt file (for
// writing, or read-only) or the PostgreSQL database; with the file, when
// a running daemon holds its lock, ask the daemon's API instead; and
// check, back up and compact the file. PostgreSQL is never locked, so
// the commands beside a daemon open it themselves.
package dbfile

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/newshound/newshound/alertpolicy"
	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/store"
)

// LockTimeout is how long a command waits for the database lock before
// saying another newshound process holds it.
const LockTimeout = 1500 * time.Millisecond

// Open opens the configured storage read-write; new flags raise alerts by
// newshound's policy (alertpolicy), with deliveries to the configured
// webhooks (sent by the daemon), and story URLs given
// to ResolveArticle (the API's label routes) are normalized as the
// crawler normalizes them.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (store.Backend, error) {
	st, err := OpenWith(ctx, cfg, store.Options{Logger: log, NormalizeURL: urlnorm.Normalize})
	if err == nil {
		st.SetAlertPolicy(alertpolicy.New(cfg.WebhookTargets))
	}
	return st, err
}

// ReadFileOrDaemon opens the configured storage read-only and runs local
// on it, or, when a running daemon holds the bbolt file, runs remote,
// which asks the daemon's API instead.
func ReadFileOrDaemon(ctx context.Context, cfg *config.Config, local func(store.Backend) error, remote func() error) error {
	st, err := OpenWith(ctx, cfg, store.Options{Logger: cfg.Logger, ReadOnly: true})
	switch {
	case errors.Is(err, store.ErrLocked):
		return remote()
	case err != nil:
		return err
	}
	defer st.Close()
	return local(st)
}

// Check runs bbolt's consistency check and newshound's index checks on
// file, or, when file is "", on storage.path: through the running daemon
// when it holds the database. With storage.backend postgres and no file,
// it runs the PostgreSQL store's Check, the same invariants.
func Check(ctx context.Context, cfg *config.Config, file string, stdout io.Writer) error {
	if file == "" && cfg.Postgres() {
		return checkPostgres(ctx, cfg, stdout)
	}
	path := cmp.Or(file, cfg.Storage.Path)
	err := store.CheckFile(ctx, path, store.Options{Timeout: LockTimeout, Logger: cfg.Logger})
	if errors.Is(err, store.ErrLocked) && file == "" {
		_, err = checkViaDaemon(ctx, cfg)
	} else if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("db check: %w; check storage.path instead, through the daemon: newshound db check", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s: ok\n", path)
	return nil
}

// Backup writes a hot copy of the database to file, from the file when
// it is free or through the daemon's API when the daemon holds it, and
// checks the copy before putting it in place.
func Backup(ctx context.Context, cfg *config.Config, file string, stdout io.Writer) error {
	if cfg.Postgres() {
		return ErrBackupPostgres
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".newshound-backup-*")
	if err != nil {
		return fmt.Errorf("db backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, via, err := writeBackup(ctx, cfg, tmp)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("db backup: %w", cerr)
	}
	if err != nil {
		return err
	}
	if err := store.CheckFile(ctx, tmp.Name(), store.Options{}); err != nil {
		return fmt.Errorf("db backup: the copy failed its check, %s was not written: %w", file, err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("db backup: %w", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s (%d bytes%s, checked)\n", cfg.Storage.Path, file, n, via)
	return nil
}

func writeBackup(ctx context.Context, cfg *config.Config, w io.Writer) (int64, string, error) {
	var n int64
	via := ""
	err := ReadFileOrDaemon(ctx, cfg,
		func(st store.Backend) (err error) { n, err = st.(*store.Store).Backup(ctx, w); return err },
		func() (err error) {
			via = ", through the running daemon"
			n, err = backupViaDaemon(ctx, cfg, w)
			return err
		})
	return n, via, err
}

// backupViaDaemon streams the copy from the daemon's /api/v1/backup.
func backupViaDaemon(ctx context.Context, cfg *config.Config, w io.Writer) (int64, error) {
	body, err := client.New(cfg).Get(ctx, "db backup", "/api/v1/backup")
	if err != nil {
		return 0, err
	}
	defer body.Close()
	n, err := io.Copy(w, body)
	if err != nil {
		return n, fmt.Errorf("db backup: reading from the daemon: %w", err)
	}
	return n, nil
}

// Compact rewrites the database densely: Compact into path+".compact"
// beside it, close, and rename the copy over the original.
func Compact(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	if cfg.Postgres() {
		return ErrCompactPostgres
	}
	path := filepath.Clean(cfg.Storage.Path)
	st, err := store.Open(ctx, path, store.Options{Timeout: LockTimeout, Logger: cfg.Logger})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("db compact: %w; compacting needs the file to itself: stop the daemon first", err)
	}
	if err != nil {
		return err
	}
	before, err := fileSize(path)
	if err != nil {
		st.Close()
		return err
	}
	dst := path + ".compact"
	// A leftover of an interrupted compact; ours now that we hold the lock.
	if err := os.Remove(dst); err != nil && !errors.Is(err, os.ErrNotExist) {
		st.Close()
		return fmt.Errorf("db compact: %w", err)
	}
	err = st.Compact(ctx, dst)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("db compact: close %s: %w", path, cerr)
	}
	if err != nil {
		os.Remove(dst)
		return err
	}
	if err := os.Rename(dst, path); err != nil {
		os.Remove(dst)
		return fmt.Errorf("db compact: %w", err)
	}
	after, err := fileSize(path)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "compacted %s: %d -> %d bytes\n", path, before, after)
	return nil
}

// WarnDamage runs the store's quick check as run and crawl start, and
// logs a warning naming the damage and the fix when it finds some; they
// go on, as the rest of the file still works.
func WarnDamage(ctx context.Context, st store.Backend, log *slog.Logger) {
	if err := st.QuickCheck(ctx); err != nil && ctx.Err() == nil {
		log.Warn("the database is damaged: what is stored in the damaged part cannot be read or written until it is restored", "database", Where(st), "error", err)
	}
}

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("db: %w", err)
	}
	return fi.Size(), nil
}

// quickLock is how long OpenFile first waits for the lock: enough for a
// free file, too short to notice.
const quickLock = 100 * time.Millisecond

// OpenWith opens the configured storage with opts: the bbolt file as
// OpenFile does, or the PostgreSQL database (opts.Logger and
// opts.NormalizeURL apply; ReadOnly and Timeout do not, as nothing locks
// it), which never gives store.ErrLocked.
func OpenWith(ctx context.Context, cfg *config.Config, opts store.Options) (store.Backend, error) {
	if cfg.Postgres() {
		return OpenPostgres(ctx, cfg, opts)
	}
	st, err := OpenFile(ctx, cfg, opts)
	if err != nil {
		return nil, err // not a typed nil in an interface
	}
	return st, nil
}

// OpenFile opens storage.path with opts. When another process holds the
// lock and it is the configured daemon (its API answers), it returns
// store.ErrLocked at once, so that a command beside the daemon goes
// through the API without waiting; otherwise it waits up to LockTimeout
// for the lock, as a short command holding it is soon done.
func OpenFile(ctx context.Context, cfg *config.Config, opts store.Options) (*store.Store, error) {
	opts.Timeout = quickLock
	st, err := store.Open(ctx, cfg.Storage.Path, opts)
	if !errors.Is(err, store.ErrLocked) || client.New(cfg).Answers(ctx) {
		return st, err
	}
	opts.Timeout = LockTimeout - quickLock
	return store.Open(ctx, cfg.Storage.Path, opts)
}
