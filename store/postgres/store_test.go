package postgres

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// open opens a Store on a fresh database, closed when t ends.
func open(t *testing.T) *Store {
	t.Helper()
	dsn := pgtest.DSN(t)
	s, err := Open(t.Context(), dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The PostgreSQL store is a complete store.Backend.
var _ store.Backend = (*Store)(nil)

// TestConformance runs the storage conformance suite, which bbolt's
// store runs too, on a fresh database per case; plain search words are
// stemmed in the story's language (storetest.Stems).
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend { return open(t) }, storetest.Stems())
}

func TestOpenErrors(t *testing.T) {
	c := pgtest.Shared(t)
	dsn := pgtest.DSN(t)
	db := dsn[strings.Index(dsn, "dbname=")+len("dbname=") : strings.Index(dsn, " sslmode")]
	if err := c.Exec(t.Context(), `CREATE ROLE newshound_pw LOGIN PASSWORD 'right'`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Exec(context.Background(), `DROP ROLE newshound_pw`) })
	tests := []struct {
		name, dsn string
		want      []string // in the message
	}{
		{"empty", "", []string{"no database address", "storage.dsn"}},
		{"bad DSN", "postgres://host:notaport/db", []string{"is not a PostgreSQL connection string", "postgres://user:password@host:5432/dbname"}},
		{"unreachable", "host=" + t.TempDir() + " port=5432 user=postgres dbname=x sslmode=disable connect_timeout=2", []string{"cannot reach a PostgreSQL server", "start it, or fix the host and port"}},
		{"wrong password", c.AdminDSN(db, "newshound_pw", "wrong"), []string{`refused the password of user "newshound_pw"`, "fix the password"}},
		{"no database", c.DSN("no_such_db"), []string{`has no database "no_such_db"`, "createdb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(t.Context(), tt.dsn, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
			t.Logf("Open: %v", err)
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Open error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "wrong") && tt.name == "wrong password" && strings.Contains(err.Error(), "password=wrong") {
				t.Errorf("Open error %q shows the password", err)
			}
		})
	}
	t.Run("right password", func(t *testing.T) {
		if err := c.Exec(t.Context(), `GRANT ALL ON SCHEMA public TO newshound_pw; ALTER DATABASE `+db+` OWNER TO newshound_pw`); err != nil {
			t.Fatal(err)
		}
		s, err := Open(t.Context(), c.AdminDSN(db, "newshound_pw", "right"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	})
}

func TestMigrateConcurrently(t *testing.T) {
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := Open(t.Context(), dsn, Options{})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	s := open(t)
	rows, err := s.pool.Query(t.Context(), `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for rows.Next() {
		var v int
		rows.Scan(&v)
		got = append(got, v)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for _, m := range ms {
		want = append(want, m.version)
	}
	if !slices.Equal(got, want) {
		t.Errorf("schema_migrations = %v, want each of %v once", got, want)
	}
}

func TestNewerSchema(t *testing.T) {
	s := open(t)
	if _, err := s.pool.Exec(t.Context(), `INSERT INTO schema_migrations (version, name) VALUES ($1, 'future')`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	_, err := Open(t.Context(), pgtest.Shared(t).DSN(currentDB(t, s)), Options{})
	if !errors.Is(err, store.ErrSchema) {
		t.Fatalf("Open of a newer schema = %v, want ErrSchema", err)
	}
}

// currentDB is the name of s's database.
func currentDB(t *testing.T, s *Store) string {
	t.Helper()
	var name string
	if err := s.pool.QueryRow(t.Context(), `SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestMigrationBelowApplied: a migration numbered below one already
// applied (two lines of work each adding one) is applied on the next
// Open, and a version this build does not know, even below its newest,
// gives ErrSchema.
func TestMigrationBelowApplied(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	_, err := s.pool.Exec(ctx, `DROP TABLE handoffs; ALTER TABLE outbox DROP COLUMN lease_until;
		ALTER TABLE notices DROP COLUMN lease_until; DELETE FROM schema_migrations WHERE version = 7`)
	if err != nil {
		t.Fatal(err)
	}
	dsn := pgtest.Shared(t).DSN(currentDB(t, s))
	again, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatalf("Open of a database lacking migration 7 = %v, want it applied", err)
	}
	again.Close()
	if err := s.QuickCheck(ctx); err != nil {
		t.Errorf("QuickCheck after migration 7 was applied late = %v", err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	gap := 0 // a version below the newest that this build lacks
	for i, m := range ms {
		if m.version != i+1 {
			gap = i + 1
			break
		}
	}
	if gap == 0 {
		t.Skip("this build's versions have no gap")
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, 'elsewhere')`, gap); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dsn, Options{}); !errors.Is(err, store.ErrSchema) {
		t.Errorf("Open of a database with the unknown version %d = %v, want ErrSchema", gap, err)
	}
}
