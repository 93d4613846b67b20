package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadInvalidStorage: a backend that does not exist, postgres without
// an address, an address that does not parse and an address bbolt would
// ignore are each one line naming the key, its line and the fix.
func TestLoadInvalidStorage(t *testing.T) {
	t.Setenv(EnvDatabaseURL, "")
	tests := []struct{ file, want string }{
		{"invalid-backend.yml", `invalid-backend.yml:2: storage.backend "sqlite" is not one of bbolt, postgres`},
		{"invalid-postgres-no-dsn.yml", `invalid-postgres-no-dsn.yml:2: storage.backend postgres needs the database's address: set storage.dsn (like postgres://newshound@db.example.org:5432/newshound) or, to keep the password out of the file, NEWSHOUND_DATABASE_URL`},
		{"invalid-postgres-dsn.yml", `invalid-postgres-dsn.yml:3: storage.dsn is not a PostgreSQL connection string (write it as postgres://user:password@host:5432/dbname or as key=value pairs like host=db dbname=newshound)`},
		{"invalid-bbolt-dsn.yml", `invalid-bbolt-dsn.yml:3: storage.dsn is set but storage.backend is bbolt, which ignores it: set storage.backend: postgres to keep the archive in PostgreSQL, or remove storage.dsn`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", tt.file))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Load(%s) = %v, want an ErrInvalid", tt.file, err)
			}
			if got := strings.TrimPrefix(err.Error(), "invalid configuration: "); got != tt.want {
				t.Errorf("Load(%s) =\n%s\nwant\n%s", tt.file, got, tt.want)
			}
		})
	}
}

// TestDatabaseURL: NEWSHOUND_DATABASE_URL wins over storage.dsn, gives
// postgres the address the file lacks, and the storage's name shows the
// host and database, never the user or password.
func TestDatabaseURL(t *testing.T) {
	const file = "storage:\n  backend: postgres\n  dsn: postgres://file:filepw@db.example.org:5433/news\n"
	t.Setenv(EnvDatabaseURL, "")
	cfg, err := Parse([]byte(file), "/etc/newshound/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if dsn, env := cfg.DatabaseURL(); dsn != "postgres://file:filepw@db.example.org:5433/news" || env {
		t.Errorf("DatabaseURL() = %q, %v, want storage.dsn, false", dsn, env)
	}
	if got, want := cfg.StorageName(), "PostgreSQL at db.example.org:5433/news"; got != want {
		t.Errorf("StorageName() = %q, want %q", got, want)
	}

	t.Setenv(EnvDatabaseURL, "host=other.example.org port=5432 dbname=archive user=env password=envpw")
	if dsn, env := cfg.DatabaseURL(); !strings.Contains(dsn, "other.example.org") || !env {
		t.Errorf("DatabaseURL() with %s set = %q, %v, want the variable's, true", EnvDatabaseURL, dsn, env)
	}
	if got, want := cfg.StorageName(), "PostgreSQL at other.example.org:5432/archive"; got != want {
		t.Errorf("StorageName() = %q, want %q", got, want)
	}
	cfg, err = Parse([]byte("storage:\n  backend: postgres\n"), "/etc/newshound/config.yaml")
	if err != nil {
		t.Fatalf("Parse(postgres without storage.dsn, %s set) = %v, want the variable's address", EnvDatabaseURL, err)
	}
	if cfg.Storage.Backend != BackendPostgres {
		t.Errorf("Backend = %q, want postgres", cfg.Storage.Backend)
	}
	cfg, err = Parse([]byte("storage:\n  path: a.db\n"), "/etc/newshound/config.yaml")
	if err != nil || cfg.Storage.Backend != BackendBbolt || cfg.StorageName() != "/etc/newshound/a.db" {
		t.Errorf("Parse(no backend) = %+v, %v, want bbolt at /etc/newshound/a.db", cfg, err)
	}
}
