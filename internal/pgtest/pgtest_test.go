package pgtest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// connect opens a connection to dsn, closed when t ends.
func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatalf("connect to %q: %v", dsn, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestDSNUsable(t *testing.T) {
	conn := connect(t, DSN(t))
	ctx := t.Context()
	if _, err := conn.Exec(ctx, `CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO notes VALUES (1, 'hello')`); err != nil {
		t.Fatal(err)
	}
	var body string
	if err := conn.QueryRow(ctx, `SELECT body FROM notes WHERE id = 1`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if body != "hello" {
		t.Errorf("body = %q, want %q", body, "hello")
	}
	var addr *string
	if err := conn.QueryRow(ctx, `SELECT inet_server_addr()::text`).Scan(&addr); err != nil {
		t.Fatal(err)
	}
	if addr != nil {
		t.Errorf("inet_server_addr() = %q, want NULL (a Unix socket)", *addr)
	}
}

func TestDSNSeparateDatabases(t *testing.T) {
	var names [2]string
	for i := range names {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			conn := connect(t, DSN(t))
			if err := conn.QueryRow(t.Context(), `SELECT current_database()`).Scan(&names[i]); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := conn.QueryRow(t.Context(), `SELECT count(*) FROM pg_tables WHERE tablename = 'mine'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("subtest %d sees %d tables named mine, want 0 (another test's database)", i, n)
			}
			if _, err := conn.Exec(t.Context(), `CREATE TABLE mine (x int)`); err != nil {
				t.Fatal(err)
			}
		})
	}
	if names[0] == names[1] || names[0] == "" {
		t.Fatalf("databases = %q, want two different names", names)
	}
	// Both are dropped once their tests end.
	c := Shared(t)
	for _, name := range names {
		var n int
		c.mu.Lock()
		err := c.admin.QueryRow(t.Context(), `SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n)
		c.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("database %s still exists after its test ended", name)
		}
	}
}

func TestPasswordRoles(t *testing.T) {
	c := Shared(t)
	dsn := DSN(t)
	name := dsn[strings.Index(dsn, "dbname=")+len("dbname=") : strings.Index(dsn, " sslmode")]
	if err := c.Exec(t.Context(), `CREATE ROLE pgtest_reader LOGIN PASSWORD 'right'`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Exec(context.Background(), `DROP ROLE pgtest_reader`) })
	tests := []struct {
		password string
		ok       bool
	}{
		{"right", true},
		{"wrong", false},
	}
	for _, tt := range tests {
		conn, err := pgx.Connect(t.Context(), c.AdminDSN(name, "pgtest_reader", tt.password))
		if (err == nil) != tt.ok {
			t.Errorf("connect with password %q: error %v, want ok %v", tt.password, err, tt.ok)
		}
		if err == nil {
			conn.Close(t.Context())
		}
	}
}

func TestStopLeavesNothing(t *testing.T) {
	Shared(t) // skips without PostgreSQL
	c, err := Start("")
	if err != nil {
		t.Fatal(err)
	}
	pid := c.cmd.Process.Pid
	dir := c.Dir()
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if c.Running() {
		t.Error("Running() = true after Stop")
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("kill(%d, 0) after Stop = %v, want ESRCH (postgres still running)", pid, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stat %s after Stop = %v, want not exist", dir, err)
	}
}

func TestFindBin(t *testing.T) {
	root := t.TempDir()
	mk := func(dir string, names ...string) string {
		d := filepath.Join(root, dir)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(d, n), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	v9 := mk("lib/9/bin", "initdb", "postgres")
	v15 := mk("lib/15/bin", "initdb", "postgres")
	mk("lib/16/bin", "initdb") // no postgres: not a usable folder
	onPath := mk("opt/pg/bin", "initdb", "postgres")
	link := mk("usr/local/bin")
	if err := os.Symlink(filepath.Join(v9, "initdb"), filepath.Join(link, "initdb")); err != nil {
		t.Fatal(err)
	}
	glob := filepath.Join(root, "lib/*/bin")
	tests := []struct {
		name, path, glob, want string
	}{
		{"path first", onPath, glob, onPath},
		{"symlink followed", link, glob, v9},
		{"newest in lib", filepath.Join(root, "empty"), glob, v15},
		{"none", "", filepath.Join(root, "nothing/*/bin"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := findBin(tt.path, tt.glob)
			if tt.want == "" {
				if !errors.Is(err, errMissing) {
					t.Errorf("findBin = %q, %v, want errMissing", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("findBin = %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	for _, ci := range []bool{false, true} {
		ft := &fakeT{TB: t}
		done := make(chan struct{})
		go func() { // Skip and Fatal end the goroutine
			defer close(done)
			missing(ft, ci)
		}()
		<-done
		if ft.skipped == ci || ft.failed != ci {
			t.Errorf("missing(ci=%v): skipped %v, failed %v", ci, ft.skipped, ft.failed)
		}
		if ft.msg != Missing || strings.Contains(ft.msg, "\n") {
			t.Errorf("missing(ci=%v) said %q, want the one line %q", ci, ft.msg, Missing)
		}
	}
}

// fakeT records a Skip or a Fatal instead of ending the test.
type fakeT struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Skip(args ...any) {
	f.skipped, f.msg = true, args[0].(string)
	runtime.Goexit()
}
func (f *fakeT) Fatal(args ...any) {
	f.failed, f.msg = true, args[0].(string)
	runtime.Goexit()
}

func TestRemoveStale(t *testing.T) {
	tmp := t.TempDir()
	dead := filepath.Join(tmp, dirPrefix+"dead")
	live := filepath.Join(tmp, dirPrefix+"live")
	other := filepath.Join(tmp, "other")
	for _, d := range []string{dead, live, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A pid far above pid_max belongs to no process.
	os.WriteFile(filepath.Join(dead, "owner.pid"), []byte("2147483000"), 0o644)
	os.WriteFile(filepath.Join(live, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644)
	removeStale(tmp)
	for _, tt := range []struct {
		dir  string
		kept bool
	}{{dead, false}, {live, true}, {other, true}} {
		_, err := os.Stat(tt.dir)
		if kept := err == nil; kept != tt.kept {
			t.Errorf("%s kept = %v, want %v", filepath.Base(tt.dir), kept, tt.kept)
		}
	}
}

func TestDatabaseName(t *testing.T) {
	long := strings.Repeat("Long/", 30)
	if got := databaseName("TestX/sub case", 7); got != "t7_testx_sub_case" {
		t.Errorf("databaseName = %q, want %q", got, "t7_testx_sub_case")
	}
	if got := databaseName(long, 1); len(got) != 63 {
		t.Errorf("len(databaseName(long)) = %d, want 63", len(got))
	}
}
