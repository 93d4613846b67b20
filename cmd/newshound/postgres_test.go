package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
)

// usePostgres points f's configuration at a fresh PostgreSQL database
// (storage.backend postgres) instead of the bbolt file, and returns its
// connection string.
func usePostgres(t *testing.T, f *fixture) string {
	t.Helper()
	dsn := pgtest.DSN(t)
	data, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	const bbolt = "storage:\n  path: data/newshound.db\n"
	if !strings.Contains(string(data), bbolt) {
		t.Fatalf("the fixture's configuration has no %q", bbolt)
	}
	writeFile(t, f.config, strings.Replace(string(data), bbolt, "storage:\n  backend: postgres\n  dsn: '"+dsn+"'\n", 1))
	return dsn
}

// openPG opens the test's database, closed when t ends.
func openPG(t *testing.T, dsn string) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(t.Context(), dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestPostgresCrawlExportStats: crawl stores and flags the simulated
// web's stories in PostgreSQL, export and stats read them back, db check
// runs the PostgreSQL checks, and db backup and db compact say what to use
// instead.
func TestPostgresCrawlExportStats(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 8})
	dsn := usePostgres(t, f)
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl on postgres: %v\n%s", err, out)
	}
	for _, want := range []string{"feeds: 3 ok, 0 failed", "new articles: 24", "bank-facebook-data-sharing"} {
		if !strings.Contains(out, want) {
			t.Errorf("crawl output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(f.dir, "data", "newshound.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("crawl on postgres left a bbolt file (stat: %v)", err)
	}
	flagged := f.flaggedURLs()
	out, _, err = newshound(t, "export", "--config", f.config)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	arts := decodeArray(t, out)
	if len(arts) != len(flagged) {
		t.Errorf("export gave %d flagged stories, want %d", len(arts), len(flagged))
	}
	checkStories(t, arts, flagged)
	out, _, err = newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
	if err != nil {
		t.Fatalf("export --all: %v", err)
	}
	if n := len(decodeLines(t, out)); n != 24 {
		t.Errorf("export --all gave %d stories, want 24", n)
	}
	out, _, err = newshound(t, "stats", "--config", f.config)
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	for _, want := range []string{"PostgreSQL at ", "articles", fmt.Sprintf("24 (%d flagged)", len(flagged)), "feeds           3"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "password") {
		t.Errorf("stats names a password:\n%s", out)
	}
	if out, _, err := newshound(t, "config", "check", "--config", f.config); err != nil || !strings.Contains(out, "rules, database PostgreSQL at ") {
		t.Errorf("config check on postgres = %q, %v; want the database named", out, err)
	}
	out, _, err = newshound(t, "db", "check", "--config", f.config)
	if err != nil || !regexp.MustCompile(`^database PostgreSQL at .+: ok\n$`).MatchString(out) {
		t.Errorf("db check on postgres = %q, %v; want the database ok", out, err)
	}
	if _, _, err := newshound(t, "db", "backup", filepath.Join(f.dir, "copy.db"), "--config", f.config); !errors.Is(err, dbfile.ErrBackupPostgres) || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("db backup on postgres = %v, want the pg_dump sentence", err)
	}
	if _, _, err := newshound(t, "db", "compact", "--config", f.config); !errors.Is(err, dbfile.ErrCompactPostgres) || !strings.Contains(err.Error(), "VACUUM") {
		t.Errorf("db compact on postgres = %v, want the VACUUM sentence", err)
	}
	if n := openPGStats(t, dsn).Articles; n != 24 {
		t.Errorf("PostgreSQL holds %d articles, want 24", n)
	}
}

func openPGStats(t *testing.T, dsn string) store.Stats {
	t.Helper()
	s, err := openPG(t, dsn).Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPostgresDaemonAndCommandsBeside: a daemon on PostgreSQL crawls and
// serves its API, and beside it label, export, stats, the rules commands
// and feeds add open the database themselves (nothing locks it) and see
// what it stored; the feed added is polled by the daemon, which the
// command told to reload.
func TestPostgresDaemonAndCommandsBeside(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 6})
	dsn := usePostgres(t, f)
	// The third feed is left out of config.yaml, for feeds add.
	extra := f.web.FeedURLs()[2]
	data, _ := os.ReadFile(f.config)
	writeFile(t, f.config, strings.Replace(string(data), "  - url: "+extra+"\n", "", 1))
	startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	testkit.WaitFor(t, "the daemon's two feeds crawled", 60*time.Second, func() bool {
		out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == 12
	})
	resp, err := http.Get("http://" + f.listen + "/api/v1/stats")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"articles":12`) || !strings.Contains(string(body), "PostgreSQL at ") {
		t.Errorf("GET /api/v1/stats = %d %s, want 12 articles in PostgreSQL", resp.StatusCode, body)
	}

	out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	story := decodeLines(t, out)[0]
	if out, _, err := newshound(t, "label", story.ID, "relevant", "--rule", "bank-facebook-data-sharing", "--config", f.config); err != nil || !strings.Contains(out, "recorded story "+story.ID) {
		t.Fatalf("label beside the daemon = %q, %v", out, err)
	}
	ls, err := openPG(t, dsn).ArticleLabels(t.Context(), story.ID)
	if err != nil || len(ls) != 1 || !ls[0].Relevant {
		t.Errorf("labels of %s in PostgreSQL = %+v, %v; want one relevant", story.ID, ls, err)
	}
	if out, _, err := newshound(t, "rules", "test", "--rule", "bank-facebook-data-sharing", "--stored", "--config", f.config); err != nil || !strings.Contains(out, "stories match; 0 would be newly flagged (+), 0 would no longer be (-)") {
		t.Errorf("rules test --stored beside the daemon = %q, %v; want no change", out, err)
	}
	if out, _, err := newshound(t, "rules", "test", "--rule", "bank-facebook-data-sharing", "--labels", "--config", f.config); err != nil {
		t.Errorf("rules test --labels beside the daemon = %q, %v", out, err)
	}
	if out, _, err := newshound(t, "rules", "apply", "--config", f.config); err != nil || out != "12 stories checked, 0 changed\n" {
		t.Errorf("rules apply beside the daemon = %q, %v; want the 12 stories checked, none changed", out, err)
	}
	if out, _, err := newshound(t, "stats", "--config", f.config); err != nil || !strings.Contains(out, "12 (") {
		t.Errorf("stats beside the daemon = %q, %v; want 12 articles", out, err)
	}
	if out, _, err := newshound(t, "feeds", "add", extra, "--config", f.config); err != nil || !strings.Contains(out, "added "+extra) {
		t.Fatalf("feeds add beside the daemon = %q, %v", out, err)
	}
	subs, err := openPG(t, dsn).Subscriptions(t.Context())
	if err != nil || len(subs) != 1 || subs[0].URL != extra {
		t.Errorf("subscriptions in PostgreSQL = %+v, %v; want %s", subs, err, extra)
	}
	if out, _, err := newshound(t, "feeds", "list", "--config", f.config); err != nil || !strings.Contains(out, extra) {
		t.Errorf("feeds list beside the daemon = %q, %v; want %s listed", out, err, extra)
	}
	// The command told the daemon, which reloads and polls the new feed.
	testkit.WaitFor(t, "the daemon to poll the feed added beside it", 60*time.Second, func() bool {
		out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == 18
	})
}

// TestPostgresConfigErrors: postgres without an address is a
// configuration error naming the fix, and a server that cannot be
// reached is one sentence naming its host, not the password.
func TestPostgresConfigErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, "storage:\n  backend: postgres\n")
	if os.Getenv("NEWSHOUND_DATABASE_URL") != "" {
		t.Skip("NEWSHOUND_DATABASE_URL is set, which gives the address")
	}
	_, _, err := newshound(t, "crawl", "--config", cfg)
	if err == nil || !strings.Contains(err.Error(), "config.yaml:2: storage.backend postgres needs the database's address: set storage.dsn") {
		t.Errorf("crawl with postgres and no address = %v, want the config error at line 2", err)
	}
	addr := freeAddr(t) // nothing listens there
	host, port, _ := strings.Cut(addr, ":")
	writeFile(t, cfg, "storage:\n  backend: postgres\n  dsn: 'host="+host+" port="+port+" user=hound password=s3cret-pw dbname=news connect_timeout=3'\n")
	_, _, err = newshound(t, "stats", "--config", cfg)
	if err == nil || !strings.Contains(err.Error(), "cannot reach a PostgreSQL server at "+addr) || strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("stats with PostgreSQL down = %v, want one sentence naming %s without the password", err, addr)
	}
}
