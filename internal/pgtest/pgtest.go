// Package pgtest gives tests a real, throwaway PostgreSQL: one cluster per
// test binary, started on first use with initdb in a temporary folder, and
// a fresh database for each test.
//
// A test package opts in with a TestMain that stops the cluster when the
// tests end:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and each test asks for its own database:
//
//	dsn := pgtest.DSN(t) // a new database, dropped when t ends
//
// The cluster listens on a Unix socket in its temporary folder only
// (listen_addresses is empty, so no TCP port is opened and a system
// PostgreSQL service is never reached), runs with fsync off and small
// buffers, and is stopped and removed by Main. Should the test binary die
// without returning from Main (a panic, a timeout), the postmaster gets
// SIGQUIT from the kernel when the binary's thread that started it ends
// (Pdeathsig), and the next Main removes folders left by dead binaries.
//
// The superuser "postgres" connects without a password; every other role
// authenticates with scram-sha-256, so a test can check wrong passwords by
// creating a role with one (see Cluster.AdminDSN).
//
// The binaries are looked up on PATH, then in /usr/lib/postgresql/*/bin
// (where Debian's postgresql package puts them), newest version first.
// PostgreSQL refuses to run as root: when the tests run as root, initdb and
// postgres run as the "postgres" user, which Debian's package creates, and
// the folder is given to it. Without PostgreSQL, DSN skips the test with one
// line saying how to install it; with CI=true in the environment it fails
// instead, so that CI never passes by skipping.
package pgtest

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Missing is the sentence DSN skips (or under CI=true fails) with when
// PostgreSQL is not installed.
const Missing = "pgtest: PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin): install Debian's postgresql package (apt-get install postgresql) to run these tests"

// errMissing is returned by findBin when no PostgreSQL is installed.
var errMissing = errors.New(Missing)

// The cluster of this test binary, started by the first DSN.
var (
	shared struct {
		once sync.Once
		c    *Cluster
		err  error
	}
	sharedMu   sync.Mutex // guards stopping shared.c against a late start
	stopped    bool
	databaseNo atomic.Int64
)

// Main runs the tests of m, then stops the cluster if a test started one
// and removes its folder, and exits with the tests' code. Call it from
// TestMain.
func Main(m *testing.M) {
	removeStale(os.TempDir())
	code := m.Run()
	if err := stopShared(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// stopShared stops the shared cluster, if it was started.
func stopShared() error {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	stopped = true
	if shared.c == nil {
		return nil
	}
	return shared.c.Stop()
}

// Shared returns this test binary's cluster, starting it on first use.
// Without PostgreSQL it skips t (fails it under CI=true) with Missing.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	shared.once.Do(func() {
		sharedMu.Lock()
		defer sharedMu.Unlock()
		if stopped {
			shared.err = errors.New("pgtest: the cluster was asked for after Main stopped it")
			return
		}
		shared.c, shared.err = Start("")
	})
	if errors.Is(shared.err, errMissing) {
		missing(t, os.Getenv("CI") == "true")
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.c
}

// missing ends t for a missing PostgreSQL: a skip, or a failure in CI.
func missing(t testing.TB, ci bool) {
	t.Helper()
	if ci {
		t.Fatal(Missing)
	}
	t.Skip(Missing)
}

// DSN creates a database for t in the shared cluster and returns its
// connection string (key=value form, for pgx or libpq), connecting as the
// superuser over the Unix socket. The database is dropped, with any
// connection still open to it, when t and its cleanups end; register the
// closing of pools with t.Cleanup after calling DSN, so that they run
// first.
func DSN(t testing.TB) string {
	t.Helper()
	c := Shared(t)
	name := databaseName(t.Name(), databaseNo.Add(1))
	if err := c.CreateDatabase(name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.DropDatabase(name); err != nil {
			t.Error(err)
		}
	})
	return c.DSN(name)
}

var unsafeName = regexp.MustCompile(`[^a-z0-9_]+`)

// databaseName is a valid, unique database name for test n named test:
// "t<n>_" and the test's name in lower case, cut to PostgreSQL's 63 bytes.
func databaseName(test string, n int64) string {
	name := fmt.Sprintf("t%d_%s", n, unsafeName.ReplaceAllString(strings.ToLower(test), "_"))
	if len(name) > 63 {
		name = name[:63]
	}
	return name
}
