package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/store"
)

// TestPostgresMigrateFromBbolt: db migrate copies a crawled bbolt file
// into PostgreSQL with equal counts of every kind and byte-equal exports,
// refuses to copy into it again, and with --force converges to the same.
func TestPostgresMigrateFromBbolt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 8})
	// A webhook the crawl queues deliveries for (only the daemon sends).
	cfg, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, f.config, string(cfg)+"webhooks:\n  - url: http://127.0.0.1:1/hook\n    secret_env: NH_TEST_HOOK_SECRET\n")
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	// A label, so that labels are copied too.
	out, _, err := newshound(t, "export", "--config", f.config, "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	story := decodeLines(t, out)[0]
	if _, _, err := newshound(t, "label", story.ID, "irrelevant", "--rule", "bank-facebook-data-sharing", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	exports := func() []string {
		var outs []string
		for _, args := range [][]string{{"--all", "--format", "jsonl"}, {"--format", "json"}, {"--all", "--format", "csv"}, {"--all", "--no-cluster", "--format", "jsonl"}} {
			out, _, err := newshound(t, append([]string{"export", "--config", f.config}, args...)...)
			if err != nil {
				t.Fatalf("export %v: %v", args, err)
			}
			outs = append(outs, out)
		}
		out, _, err := newshound(t, "webhooks", "list", "--config", f.config)
		if err != nil {
			t.Fatalf("webhooks list: %v", err)
		}
		return append(outs, out)
	}
	want := exports()
	file := filepath.Join(f.dir, "data", "newshound.db")
	src, err := store.Open(t.Context(), file, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	wantCounts, err := dbfile.CountRecords(t.Context(), src, time.Now())
	src.Close()
	if err != nil {
		t.Fatal(err)
	}
	if wantCounts.Articles != 24 || wantCounts.Labels != 1 || wantCounts.Flags == 0 || wantCounts.Deliveries != wantCounts.FlagEvents {
		t.Fatalf("the bbolt file holds %+v, want 24 articles, flags, a label and a delivery per flag", wantCounts)
	}

	dsn := usePostgres(t, f)
	out, _, err = newshound(t, "db", "migrate", "--from", file, "--config", f.config)
	if err != nil {
		t.Fatalf("db migrate: %v\n%s", err, out)
	}
	t.Logf("db migrate:\n%s", out)
	if !strings.Contains(out, "the counts agree") || !regexp.MustCompile(`(?m)^articles +24 +24$`).MatchString(out) {
		t.Errorf("db migrate output lacks the agreeing counts:\n%s", out)
	}
	got, err := dbfile.CountRecords(t.Context(), openPG(t, dsn), time.Now())
	if err != nil || got != wantCounts {
		t.Errorf("PostgreSQL holds %+v, %v; want the file's %+v", got, err, wantCounts)
	}
	for i, g := range exports() {
		if g != want[i] {
			t.Errorf("export %d from PostgreSQL differs from the bbolt file's:\n%s\nwant\n%s", i, head(g), head(want[i]))
		}
	}
	if out, _, err := newshound(t, "db", "check", "--config", f.config); err != nil {
		t.Errorf("db check after the migrate = %q, %v", out, err)
	}

	_, _, err = newshound(t, "db", "migrate", "--from", file, "--config", f.config)
	if err == nil || !strings.Contains(err.Error(), "is not empty") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("db migrate into a database that holds the copy = %v, want a refusal naming --force", err)
	}
	out, _, err = newshound(t, "db", "migrate", "--from", file, "--force", "--config", f.config)
	if err != nil || !strings.Contains(out, "at least the file's") {
		t.Errorf("db migrate --force = %q, %v", out, err)
	}
	if got, err := dbfile.CountRecords(t.Context(), openPG(t, dsn), time.Now()); err != nil || got != wantCounts {
		t.Errorf("after db migrate --force PostgreSQL holds %+v, %v; want the file's %+v", got, err, wantCounts)
	}
}

// head is the first lines of s, for a message.
func head(s string) string {
	lines := strings.SplitN(s, "\n", 4)
	return strings.Join(lines[:min(3, len(lines))], "\n")
}
