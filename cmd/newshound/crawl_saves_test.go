package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/logging"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// fullDisk is the database's writes on a disk with no room left: each
// fails as the store's would, wrapping the file's ENOSPC.
type fullDisk struct{ path string }

func (d fullDisk) enospc(what string) error {
	return fmt.Errorf("store: %s: %w", what, &fs.PathError{Op: "write", Path: d.path, Err: syscall.ENOSPC})
}

func (d fullDisk) PutFeed(context.Context, store.Feed) error { return d.enospc("save feed") }
func (d fullDisk) PutArticle(context.Context, *store.Article) error {
	return d.enospc("save article")
}
func (d fullDisk) AddArticle(context.Context, *store.Article) (bool, error) {
	return false, d.enospc("save article")
}
func (d fullDisk) AddSource(context.Context, string, store.FeedRef) error {
	return d.enospc("add source")
}
func (d fullDisk) PutRetry(context.Context, store.Retry) error { return d.enospc("save retry") }
func (d fullDisk) DeleteRetry(context.Context, string) error   { return d.enospc("delete retry") }

// TestCrawlDiskFull: when every save fails with ENOSPC, crawl's summary
// counts the failed saves and it exits non-zero saying the disk is full,
// naming the database and the fix.
func TestCrawlDiskFull(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 3})
	cfg, err := config.Load(f.config)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), cfg.Storage.Path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out, logs bytes.Buffer
	err = pass.Crawl(t.Context(), cfg, pass.NewSavesWith(st, fullDisk{st.Path()}), &out, logging.New(&logs, "warn", "text"))
	want := "the disk holding the database " + st.Path() + " is full: free space on it, or move storage.path to a disk with room"
	if err == nil || !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), want) || exitCode(err) == 0 {
		t.Errorf("crawl with a full disk = %v (exit %d), want ENOSPC saying %q, exit non-zero", err, exitCode(err), want)
	}
	if !strings.Contains(out.String(), "database: ") || !strings.Contains(out.String(), " saves failed") {
		t.Errorf("summary lacks the failed saves:\n%s", out.String())
	}
	t.Logf("summary:\n%s\nerror: %v", out.String(), err)
}

// damageBucket overwrites the root page of the top-level bucket name of
// the database at path with random bytes: Open still works, reads and
// writes of that bucket fail, and `db check` reports the damage.
func damageBucket(t *testing.T, path, name string) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	err = db.View(func(tx *bolt.Tx) error {
		root, pageSize = int64(tx.Bucket([]byte(name)).Root()), int64(db.Info().PageSize)
		return nil
	})
	db.Close()
	if err != nil || root == 0 {
		t.Fatalf("bucket %s: root page %d, %v; want a page of its own to damage", name, root, err)
	}
	page := make([]byte, pageSize)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range page {
		page[i] = byte(r.Uint32())
	}
	fh, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if _, err := fh.WriteAt(page, root*pageSize); err != nil {
		t.Fatal(err)
	}
}

// TestCrawlOnDamagedFile: on a file `db check` reports damaged, crawl
// warns at start, naming the damage and the fix, counts the reads and
// saves that failed and exits non-zero.
func TestCrawlOnDamagedFile(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 3})
	db := damagedDB(t, f)
	if _, _, err := newshound(t, "db", "check", "--config", f.config); !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("db check on the damaged file = %v, want ErrCorrupt", err)
	}
	out, logs, err := newshound(t, "crawl", "--config", f.config)
	if !damageWarned(logs, db) {
		t.Errorf("crawl on a damaged file logged:\n%s\nwant a warning naming %s, `newshound db check` and the backup", logs, db)
	}
	if err == nil || exitCode(err) == 0 || !strings.Contains(out, "database: ") {
		t.Errorf("crawl on a damaged file = %v (exit %d), summary:\n%s\nwant the failures counted and exit non-zero", err, exitCode(err), out)
	}
	t.Logf("summary:\n%s\nerror: %v", out, err)
}

// TestRunWarnsOnDamagedFile: the daemon started on a file `db check`
// reports damaged says so at start, naming the damage and the fix.
func TestRunWarnsOnDamagedFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 1})
	db := damagedDB(t, f)
	cmd, logs := startDaemon(t, f)
	testkit.WaitFor(t, "the daemon's first log lines", 30*time.Second, func() bool { return strings.Contains(logs.String(), "newshound running") })
	if !damageWarned(logs.String(), db) {
		t.Errorf("run on a damaged file logged:\n%s\nwant a warning naming %s, `newshound db check` and the backup", tail(logs.String()), db)
	}
	stopDaemon(t, cmd, logs)
}

// damageWarned reports whether logs hold the start-up warning about db.
func damageWarned(logs, db string) bool {
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "level=WARN") && strings.Contains(line, "the database is damaged") && strings.Contains(line, db) &&
			strings.Contains(line, "newshound db check") && strings.Contains(line, "restore it from a backup") {
			return true
		}
	}
	return false
}

// damagedDB writes the fixture's database with stories of its own and
// damages its articles, and returns its path.
func damagedDB(t *testing.T, f *fixture) string {
	t.Helper()
	db := filepath.Join(f.dir, "data", "newshound.db")
	st, err := store.Open(t.Context(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 200 { // enough stories for the articles to fill pages of their own
		a := &store.Article{URL: fmt.Sprintf("https://earlier.test/%d", i), Title: "An earlier story", Text: strings.Repeat("text ", 50)}
		wg.Go(func() {
			if err := st.PutArticle(t.Context(), a); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	damageBucket(t, db, "articles")
	return db
}
