package main

import (
	"encoding/binary"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// countStories opens the database at path and counts its articles.
func countStories(t *testing.T, path string) int {
	t.Helper()
	st, err := store.Open(t.Context(), path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer st.Close()
	n := 0
	if err := st.Articles(t.Context(), store.Query{}, func(*store.Article) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDBCheckBackupCompact(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 4})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(f.dir, "data", "newshound.db")
	want := len(f.web.Articles())

	out, _, err := newshound(t, "db", "check", "--config", f.config)
	if err != nil || !strings.Contains(out, ": ok") {
		t.Fatalf("db check = %q, %v; want ok", out, err)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	out, _, err = newshound(t, "db", "backup", backup, "--config", f.config)
	if err != nil || !strings.Contains(out, "checked") {
		t.Fatalf("db backup = %q, %v; want a checked copy", out, err)
	}
	if got := countStories(t, backup); got != want {
		t.Errorf("backup holds %d stories, want %d", got, want)
	}
	out, _, err = newshound(t, "db", "compact", "--config", f.config)
	if err != nil || !strings.Contains(out, "compacted") {
		t.Fatalf("db compact = %q, %v; want compacted", out, err)
	}
	if _, err := os.Stat(db + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("compact left %s.compact behind (stat: %v)", db, err)
	}
	if _, _, err := newshound(t, "db", "check", "--config", f.config); err != nil {
		t.Errorf("db check after compact: %v", err)
	}
	if got := countStories(t, db); got != want {
		t.Errorf("compacted database holds %d stories, want %d", got, want)
	}
}

func TestDBCheckDamagedFile(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 2})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(f.dir, "data", "newshound.db")
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	// Cut the file to half of what its meta pages say its pages need (a
	// bbolt file is often longer than that, so halving the file itself
	// does not always damage it).
	if err := os.Truncate(db, usedBytes(t, db, fi.Size())/2); err != nil {
		t.Fatal(err)
	}
	for _, sub := range [][]string{{"check"}, {"backup", filepath.Join(t.TempDir(), "b.db")}, {"compact"}} {
		_, _, err := newshound(t, append(append([]string{"db"}, sub...), "--config", f.config)...)
		if !errors.Is(err, store.ErrCorrupt) || exitCode(err) != 1 {
			t.Errorf("db %s on a truncated file: %v (exit %d), want ErrCorrupt, exit 1", sub[0], err, exitCode(err))
		}
		if sub[0] == "check" && err != nil && strings.Contains(err.Error(), "run `newshound db check`") {
			t.Errorf("db %s on a truncated file: %q sends the user to db check, which cannot tell more", sub[0], err)
		}
	}
}

func TestDBUsage(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 2})
	for _, args := range [][]string{{"db"}, {"db", "repair"}, {"db", "backup", "--config", f.config}, {"db", "check", "a.db", "extra", "--config", f.config}} {
		_, _, err := newshound(t, args...)
		if exitCode(err) != 2 {
			t.Errorf("newshound %v: %v (exit %d), want a usage error, exit 2", args, err, exitCode(err))
		}
	}
}

func TestDBWhileTheDaemonRuns(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 4})
	startDaemon(t, f)
	total := len(f.web.Articles())
	testkit.WaitFor(t, "every story crawled", 60*time.Second, func() bool {
		resp, err := http.Get("http://" + f.listen + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == total
	})
	backup := filepath.Join(t.TempDir(), "hot.db")
	out, _, err := newshound(t, "db", "backup", "--config", f.config, backup)
	if err != nil || !strings.Contains(out, "through the running daemon") {
		t.Fatalf("db backup while the daemon runs = %q, %v; want a copy through the daemon", out, err)
	}
	if got := countStories(t, backup); got != total {
		t.Errorf("hot backup holds %d stories, want %d", got, total)
	}
	_, _, err = newshound(t, "db", "compact", "--config", f.config)
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "stop the daemon") {
		t.Errorf("db compact while the daemon runs: %v, want ErrLocked telling to stop the daemon", err)
	}
	// db check works beside the daemon: TestRemoteCommandsBesideTheDaemon.
}

// usedBytes reads the page size and high-water page id of both bbolt meta
// pages of the file and returns the fewer bytes they say are in use.
func usedBytes(t *testing.T, path string, size int64) int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const hdr = 16 // page header; then magic, version, page size, flags, root (16), freelist, pgid
	ps := int64(binary.LittleEndian.Uint32(b[hdr+8:]))
	used := size
	for _, off := range []int64{0, ps} {
		pgid := int64(binary.LittleEndian.Uint64(b[off+hdr+40:]))
		used = min(used, pgid*ps)
	}
	if used <= 2*ps {
		t.Fatalf("database %s uses %d bytes, too few to damage by truncation", path, used)
	}
	return used
}
