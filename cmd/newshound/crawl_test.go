package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/store"
)

func TestCrawlCommand(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 8})
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	nFlagged := len(f.flaggedURLs())
	for _, want := range []string{
		"feeds: 3 ok, 0 failed",
		"new articles: 24",
		"bank-facebook-data-sharing",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("crawl output lacks %q:\n%s", want, out)
		}
	}
	if nFlagged == 0 {
		t.Fatal("nothing to flag in the simulated web")
	}
	f.web.Reset()
	out, _, err = newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	if !strings.Contains(out, "new articles: 0") {
		t.Errorf("second crawl output lacks %q:\n%s", "new articles: 0", out)
	}
	if n := f.web.Stats(simweb.ResourceArticle).Requests; n != 0 {
		t.Errorf("second crawl fetched %d article pages, want 0", n)
	}
}

func TestCrawlReportsFailedFeedsAndExitsZero(t *testing.T) {
	unreachable, err := simweb.UnreachableURL("/rss")
	if err != nil {
		t.Fatal(err)
	}
	// The broken feed is JSON: a cut XML feed would be repaired.
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 4, Formats: []simweb.Format{simweb.JSONFeed, simweb.RSS2}}, unreachable)
	if err := f.web.SetFault(f.web.FeedURLs()[0], simweb.Malformed()); err != nil {
		t.Fatal(err)
	}
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl with failing feeds returned %v, want success", err)
	}
	for _, want := range []string{"feeds: 1 ok, 2 failed", "not a readable feed", "connection refused", "new articles: 4"} {
		if !strings.Contains(out, want) {
			t.Errorf("crawl output lacks %q:\n%s", want, out)
		}
	}
}

func TestBadConfig(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"misspelt key", "fetch:\n  timout: 5s\n", `config.yaml:2: unknown key "timout" in fetch; did you mean "timeout"?`},
		{"bad rule", "rules:\n  - name: r\n    query: 'facebook AND (bank'\n", `config.yaml:3:31: rules[1].query (rule "r"): `},
		{"bad feed url", "feeds:\n  - url: not a url\n", `feeds[1].url`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/config.yaml"
			writeFile(t, path, tt.yaml)
			for _, cmd := range [][]string{{"crawl"}, {"config", "check"}, {"run"}, {"export"}} {
				_, _, err := newshound(t, append(cmd, "--config", path)...)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s with a bad config: error = %v, want one containing %q", cmd[0], err, tt.want)
				}
				if exitCode(err) != 1 {
					t.Errorf("%s with a bad config: exit code %d, want 1", cmd[0], exitCode(err))
				}
			}
		})
	}
}

func TestConfigCheckShipped(t *testing.T) {
	out, _, err := newshound(t, "config", "check", "--config", "../../config.yaml")
	if err != nil || !strings.Contains(out, "is valid") {
		t.Errorf("config check of the shipped config.yaml = %q, %v; want valid", out, err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"crawl", "extra"}, {"export", "--format", "xml"}, {"export", "--since", "yesterday"}} {
		if _, _, err := newshound(t, args...); exitCode(err) != 2 {
			t.Errorf("newshound %v: exit code %d (%v), want 2", args, exitCode(err), err)
		}
	}
}

func TestCrawlUnusableDatabase(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/bad.db", strings.Repeat("not a database ", 4096))
	writeFile(t, dir+"/config.yaml", "storage:\n  path: bad.db\n")
	_, _, err := newshound(t, "crawl", "--config", dir+"/config.yaml")
	if err == nil || !strings.Contains(err.Error(), "bad.db is damaged") || exitCode(err) != 1 {
		t.Errorf("crawl on a damaged database: %v (exit %d), want a clear 'is damaged' error and exit 1", err, exitCode(err))
	}
}

// TestCrawlPrintsArticleRetries: an article page that answered 503 is
// fetched again by the next crawl once its retry is due, and the summary
// says so.
func TestCrawlPrintsArticleRetries(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 3})
	var failing string
	for _, a := range f.web.Articles() {
		if !a.Disallowed {
			failing = a.URL
			break
		}
	}
	if err := f.web.SetFault(failing, simweb.Unavailable("")); err != nil {
		t.Fatal(err)
	}
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	for _, want := range []string{"new articles: 3 (", "article retries: none due"} {
		if !strings.Contains(out, want) {
			t.Errorf("first crawl output lacks %q:\n%s", want, out)
		}
	}

	// Make the retry due now instead of in an hour.
	st, err := store.Open(t.Context(), filepath.Join(f.dir, "data", "newshound.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	due, err := st.DueRetries(t.Context(), time.Now().Add(48*time.Hour), 10)
	if err != nil || len(due) != 1 || due[0].URL != failing {
		st.Close()
		t.Fatalf("retries after the first crawl: %+v, %v; want one for %s", due, err, failing)
	}
	due[0].Due = time.Now().Add(-time.Minute)
	if err := st.PutRetry(t.Context(), due[0]); err != nil {
		t.Fatal(err)
	}
	st.Close()
	f.web.ClearFaults()

	out, _, err = newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	if want := "article retries: 1 due, 1 fetched, 0 failed again\n"; !strings.Contains(out, want) {
		t.Errorf("second crawl output lacks %q:\n%s", want, out)
	}
}
