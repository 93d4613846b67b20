package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/newshound/newshound/store"
)

// DefaultConnectTimeout bounds each connection attempt when the DSN sets
// no connect_timeout.
const DefaultConnectTimeout = 10 * time.Second

// Options configures Open. The zero value discards logs, looks URLs up
// only as given and lets pgxpool size the pool.
type Options struct {
	// Logger receives the store's logs; nil discards them.
	Logger *slog.Logger
	// NormalizeURL is store.Options.NormalizeURL: how ResolveArticle
	// normalizes a URL before looking it up. Nil looks URLs up as given.
	NormalizeURL func(string) (string, error)
	// MaxConns caps the pool's connections; zero means pgxpool's default
	// (the larger of 4 and the number of CPUs) or the DSN's
	// pool_max_conns.
	MaxConns int32
}

// Store is a newshound archive in a PostgreSQL database. It is safe for
// concurrent use, and several processes may open one database together.
type Store struct {
	pool         *pgxpool.Pool
	log          *slog.Logger
	normalizeURL func(string) (string, error)
	outbox       outboxHook

	stopFill context.CancelFunc // ends fillStems, which Open started
	filled   chan struct{}      // closed once fillStems returned
}

// Open connects to the PostgreSQL database dsn names (a postgres:// URL
// or key=value pairs, as libpq reads them) and migrates its schema to
// this build's version (see the package doc). A DSN that does not parse,
// a server that cannot be reached, a wrong password, a missing database
// and a schema from a newer newshound each give one sentence naming the
// problem and its fix; the last wraps store.ErrSchema. The stems of the
// stories stored before schema 9 are filled in after Open returns, in
// the background until Close (fillStems).
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	if dsn == "" {
		return nil, errors.New("postgres: no database address given (set storage.dsn, or NEWSHOUND_DATABASE_URL to keep the password out of the file)")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: the database address is not a PostgreSQL connection string (write it as postgres://user:password@host:5432/dbname or as key=value pairs): %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, connectError(cfg.ConnConfig, err)
	}
	s := &Store{pool: pool, log: opts.Logger, normalizeURL: opts.NormalizeURL}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if err := migrate(ctx, pool, s.log); err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.fillWords(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	fillCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopFill, s.filled = stop, make(chan struct{})
	go func() {
		defer close(s.filled)
		if err := s.fillStems(fillCtx); err != nil && fillCtx.Err() == nil {
			s.log.Warn("search stems not filled in: the stories concerned are found by their exact words until the next start fills them", "error", err)
		}
	}()
	return s, nil
}

// connectError turns the failure of a first connection into a sentence
// for people: what failed, where, and what to change.
func connectError(c *pgx.ConnConfig, err error) error {
	where := fmt.Sprintf("%s:%d", c.Host, c.Port)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01":
			return fmt.Errorf("postgres: the server at %s refused the password of user %q (fix the password in storage.dsn or NEWSHOUND_DATABASE_URL): %w", where, c.User, err)
		case "28000":
			return fmt.Errorf("postgres: the server at %s does not let user %q in (check the user name, or the server's pg_hba.conf): %w", where, c.User, err)
		case "3D000":
			return fmt.Errorf("postgres: the server at %s has no database %q (create it with createdb %s, or fix dbname in the address): %w", where, c.Database, c.Database, err)
		}
		return fmt.Errorf("postgres: the server at %s refused the connection (%s): %w", where, pe.Message, err)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) || isConnect(err) {
		return fmt.Errorf("postgres: cannot reach a PostgreSQL server at %s (start it, or fix the host and port in storage.dsn or NEWSHOUND_DATABASE_URL): %w", where, err)
	}
	return fmt.Errorf("postgres: connect to %s: %w", where, err)
}

// isConnect reports whether err is pgconn's failure to connect at all.
func isConnect(err error) bool {
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}

// Close closes the pool's connections; the Store is unusable after.
func (s *Store) Close() error {
	s.stopFill()
	<-s.filled
	s.pool.Close()
	return nil
}

// Pool returns the store's connection pool, for the few callers that need
// PostgreSQL itself (tests, `newshound db` commands).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// inTx runs fn in a transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// notFound wraps store.ErrNotFound for a missing row.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}
