package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
	"github.com/spf13/cobra"
)

// dbCommand is `newshound db check [FILE]|backup FILE|compact`:
// maintenance of the database named by storage.path (db check FILE checks
// FILE, a copy written by db backup).
func (c *cli) dbCommand() *cobra.Command {
	check := &cobra.Command{
		Use:   "check [FILE]",
		Short: "check storage.path (through the daemon while it runs), or FILE, a copy written by db backup",
		Args:  args(0, 1, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := c.cf.load()
			if err != nil {
				return err
			}
			return dbCheck(cmd.Context(), cfg, firstOr(args, ""), c.stdout)
		},
	}
	backup := &cobra.Command{
		Use:   "backup FILE",
		Short: "write a hot copy of the database to FILE, also while the daemon runs",
		Args:  args(1, 1, "db backup needs the file to write, as in: newshound db backup newshound-backup.db"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := c.cf.load()
			if err != nil {
				return err
			}
			return dbBackup(cmd.Context(), cfg, args[0], c.stdout)
		},
	}
	compact := &cobra.Command{
		Use:   "compact",
		Short: "rewrite the database file without its free pages; needs the file to itself: stop the daemon first",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := c.cf.load()
			if err != nil {
				return err
			}
			return dbCompact(cmd.Context(), cfg, c.stdout)
		},
	}
	return c.parent("db", "check, back up or compact the database", check, backup, compact)
}

// firstOr returns args[0], or def when there is no argument.
func firstOr(args []string, def string) string {
	if len(args) == 0 {
		return def
	}
	return args[0]
}

// dbCheck runs bbolt's consistency check and newshound's index checks on
// file, or, when file is "", on storage.path: through the running daemon
// when it holds the database.
func dbCheck(ctx context.Context, cfg *config.Config, file string, stdout io.Writer) error {
	path := cmp.Or(file, cfg.Storage.Path)
	err := store.CheckFile(ctx, path, store.Options{Timeout: lockTimeout, Logger: cfg.Logger})
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

// dbBackup writes a hot copy of the database to file, from the file when
// it is free or through the daemon's API when the daemon holds it, and
// checks the copy before putting it in place.
func dbBackup(ctx context.Context, cfg *config.Config, file string, stdout io.Writer) error {
	tmp, err := os.CreateTemp(dirOf(file), ".newshound-backup-*")
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
	err := readFileOrDaemon(ctx, cfg,
		func(st *store.Store) (err error) { n, err = st.Backup(ctx, w); return err },
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

// dbCompact rewrites the database densely: Compact into path+".compact"
// beside it, close, and rename the copy over the original.
func dbCompact(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	path := filepath.Clean(cfg.Storage.Path)
	st, err := store.Open(ctx, path, store.Options{Timeout: lockTimeout, Logger: cfg.Logger})
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

// warnDamage runs the store's quick check as run and crawl start, and
// logs a warning naming the damage and the fix when it finds some; they
// go on, as the rest of the file still works.
func warnDamage(ctx context.Context, st *store.Store, log *slog.Logger) {
	if err := st.QuickCheck(ctx); err != nil && ctx.Err() == nil {
		log.Warn("the database is damaged: what is stored in the damaged part cannot be read or written until it is restored", "database", st.Path(), "error", err)
	}
}

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("db: %w", err)
	}
	return fi.Size(), nil
}
