package config

import (
	"fmt"
	"os"

	"github.com/jackc/pgx/v5/pgconn"
)

// The storage backends of storage.backend.
const (
	BackendBbolt    = "bbolt"
	BackendPostgres = "postgres"
)

// EnvDatabaseURL names the environment variable that, when set, gives the
// PostgreSQL connection string instead of storage.dsn.
const EnvDatabaseURL = "NEWSHOUND_DATABASE_URL"

// DatabaseURL is the PostgreSQL connection string: $NEWSHOUND_DATABASE_URL
// when set, else storage.dsn. fromEnv tells which, for the log.
func (c *Config) DatabaseURL() (dsn string, fromEnv bool) {
	if v := os.Getenv(EnvDatabaseURL); v != "" {
		return v, true
	}
	return string(c.Storage.DSN), false
}

// Postgres reports whether the archive is in PostgreSQL.
func (c *Config) Postgres() bool { return c.Storage.Backend == BackendPostgres }

// StorageName names the archive for people and logs: the bbolt file's
// path, or "PostgreSQL at HOST:PORT/DBNAME" (never the user or password).
func (c *Config) StorageName() string {
	if !c.Postgres() {
		return c.Storage.Path
	}
	dsn, _ := c.DatabaseURL()
	return PostgresName(dsn)
}

// PostgresName is StorageName for the connection string dsn.
func PostgresName(dsn string) string {
	pc, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return "PostgreSQL (an address that does not parse)"
	}
	return fmt.Sprintf("PostgreSQL at %s:%d/%s", pc.Host, pc.Port, pc.Database)
}

// validateStorage checks storage.backend and its address.
func (c *Config) validateStorage() []string {
	dsn, fromEnv := c.DatabaseURL()
	where := "storage.dsn"
	if fromEnv {
		where = EnvDatabaseURL
	}
	switch c.Storage.Backend {
	case BackendBbolt:
		if c.Storage.DSN != "" {
			return []string{"storage.dsn is set but storage.backend is bbolt, which ignores it: set storage.backend: postgres to keep the archive in PostgreSQL, or remove storage.dsn"}
		}
	case BackendPostgres:
		if dsn == "" {
			return []string{fmt.Sprintf("storage.backend postgres needs the database's address: set storage.dsn (like postgres://newshound@db.example.org:5432/newshound) or, to keep the password out of the file, %s", EnvDatabaseURL)}
		}
		if _, err := pgconn.ParseConfig(dsn); err != nil {
			return []string{fmt.Sprintf("%s is not a PostgreSQL connection string (write it as postgres://user:password@host:5432/dbname or as key=value pairs like host=db dbname=newshound)", where)}
		}
	default:
		return []string{fmt.Sprintf("storage.backend %q is not one of %s, %s", c.Storage.Backend, BackendBbolt, BackendPostgres)}
	}
	return nil
}
