package dbfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
)

// What the bbolt file alone can do, refused on PostgreSQL with the way
// PostgreSQL does it.
var (
	ErrBackupPostgres  = errors.New(`db backup: the archive is in PostgreSQL (storage.backend postgres), which newshound does not copy: back it up with pg_dump instead, as in pg_dump --format=custom --file=newshound.dump "$NEWSHOUND_DATABASE_URL"`)
	ErrCompactPostgres = errors.New("db compact: the archive is in PostgreSQL (storage.backend postgres), whose autovacuum reclaims space by itself: run VACUUM (or VACUUM FULL, which locks the tables, to shrink the files) in psql instead")
)

// OpenPostgres opens the PostgreSQL database of storage.dsn, or of
// $NEWSHOUND_DATABASE_URL, which wins when both are set (logged at debug
// level), and migrates its schema. A server that cannot be reached is one
// sentence naming its host, never the password, and the fix.
func OpenPostgres(ctx context.Context, cfg *config.Config, opts store.Options) (*postgres.Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dsn, fromEnv := cfg.DatabaseURL()
	if fromEnv {
		log.Debug("the PostgreSQL address is taken from "+config.EnvDatabaseURL, "storage_dsn_ignored", cfg.Storage.DSN != "", "database", config.PostgresName(dsn))
	}
	return postgres.Open(ctx, dsn, postgres.Options{Logger: log, NormalizeURL: opts.NormalizeURL})
}

// Where names the open storage st for people and logs: the bbolt file's
// path, or "PostgreSQL at HOST:PORT/DBNAME".
func Where(st store.Backend) string {
	switch st := st.(type) {
	case *store.Store:
		return st.Path()
	case *postgres.Store:
		c := st.Pool().Config().ConnConfig
		return fmt.Sprintf("PostgreSQL at %s:%d/%s", c.Host, c.Port, c.Database)
	}
	return fmt.Sprintf("%T", st)
}

// Size is the size in bytes of the open storage st: the bbolt file's, or
// the PostgreSQL database's (pg_database_size).
func Size(ctx context.Context, st store.Backend) (int64, error) {
	switch st := st.(type) {
	case *store.Store:
		fi, err := os.Stat(st.Path())
		if err != nil {
			return 0, fmt.Errorf("db: %w", err)
		}
		return fi.Size(), nil
	case *postgres.Store:
		var n int64
		err := st.Pool().QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("db: the size of the PostgreSQL database: %w", err)
		}
		return n, nil
	}
	return 0, fmt.Errorf("db: no size for a %T", st)
}

// checkPostgres is `db check` on PostgreSQL: the store's Check, the
// invariants store.Check verifies on the file.
func checkPostgres(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	st, err := OpenPostgres(ctx, cfg, store.Options{Logger: cfg.Logger})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Check(ctx); err != nil {
		return fmt.Errorf("db check: %s: %w", Where(st), err)
	}
	fmt.Fprintf(stdout, "database %s: ok\n", Where(st))
	return nil
}
