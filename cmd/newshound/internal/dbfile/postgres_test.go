package dbfile

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestOpenPostgresEnvWins: with both set, NEWSHOUND_DATABASE_URL is the
// address used, not storage.dsn, and the debug log says so without
// either password.
func TestOpenPostgresEnvWins(t *testing.T) {
	dsn := pgtest.DSN(t)
	t.Setenv(config.EnvDatabaseURL, dsn+" password=env-secret")
	cfg := &config.Config{Storage: config.Storage{Backend: config.BackendPostgres,
		DSN: "host=/nonexistent-newshound-socket dbname=wrong password=file-secret connect_timeout=1"}}
	var logs bytes.Buffer
	st, err := OpenWith(t.Context(), cfg, store.Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("OpenWith with %s set = %v, want its database", config.EnvDatabaseURL, err)
	}
	defer st.Close()
	if where := Where(st); !strings.HasPrefix(where, "PostgreSQL at ") || strings.Contains(where, "wrong") {
		t.Errorf("Where = %q, want the variable's database", where)
	}
	got := logs.String()
	if !strings.Contains(got, "the PostgreSQL address is taken from NEWSHOUND_DATABASE_URL") || !strings.Contains(got, "storage_dsn_ignored=true") {
		t.Errorf("the debug log does not say the variable won:\n%s", got)
	}
	if strings.Contains(got, "secret") {
		t.Errorf("the log shows a password:\n%s", got)
	}
	if n, err := Size(t.Context(), st); err != nil || n <= 0 {
		t.Errorf("Size = %d, %v, want the database's size", n, err)
	}
}
