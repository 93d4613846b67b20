package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// withoutLogLevel drops log.level from the fixture's config, as most
// users leave it.
func withoutLogLevel(t *testing.T, f *fixture) {
	t.Helper()
	b, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, f.config, strings.Replace(string(b), "log:\n  level: debug\n", "", 1))
}

func TestCrawlExitsThreeWhenNoFeedIsFetched(t *testing.T) {
	unreachable, err := simweb.UnreachableURL("/rss")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 2}, unreachable)
	for _, u := range f.web.FeedURLs() {
		if err := f.web.SetFault(u, simweb.NotFound()); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if got := exitCode(err); got != 3 {
		t.Fatalf("crawl with every feed failing: exit status %d (%v), want 3", got, err)
	}
	if !strings.Contains(err.Error(), "no feed could be fetched: all 3 feeds failed") {
		t.Errorf("crawl error = %q, want it to say that all 3 feeds failed", err)
	}
	if !strings.Contains(out, "feeds: 0 ok, 3 failed") {
		t.Errorf("crawl output lacks the failures:\n%s", out)
	}

	// One feed back: a partial failure is exit 0.
	if err := f.web.SetFault(f.web.FeedURLs()[0], simweb.Fault{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Errorf("crawl with one feed fetched = %v (exit %d), want success", err, exitCode(err))
	}
}

func TestCrawlHelpListsExitStatuses(t *testing.T) {
	stderr, _, err := newshound(t, "crawl", "--help") // help is on standard output
	if exitCode(err) != 0 {
		t.Errorf("crawl --help: exit %d, want 0", exitCode(err))
	}
	for _, want := range []string{"Exit status:", "  0  the pass completed", "  1  the configuration is invalid", "  2  a mistake in the command line", "  3  no feed at all could be fetched"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("crawl --help lacks %q:\n%s", want, stderr)
		}
	}
}

// A failed feed is one line naming its URL once, and it is not logged as
// well unless a log level asks for it.
func TestCrawlFailedFeedIsOneLine(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 2})
	withoutLogLevel(t, f)
	bad := f.web.FeedURLs()[0]
	if err := f.web.SetFault(bad, simweb.NotFound()); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if n := strings.Count(out+stderr, bad); n != 1 {
		t.Errorf("the failed feed's URL is printed %d times, want once:\nstdout:\n%s\nstderr:\n%s", n, out, stderr)
	}
	if want := "  failed " + bad + ": answered 404 Not Found\n"; !strings.Contains(out, want) {
		t.Errorf("crawl output lacks %q:\n%s", want, out)
	}

	_, stderr, err = newshound(t, "crawl", "--config", f.config, "--log-level", "warn")
	if err != nil {
		t.Fatalf("crawl --log-level warn: %v", err)
	}
	if !strings.Contains(stderr, "feed failed") {
		t.Errorf("crawl --log-level warn does not log the failure:\n%s", stderr)
	}
}

// log.level in the file applies to crawl too, though crawl is quieter by
// default.
func TestCrawlObeysLogLevelOfTheFile(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 2}) // log.level: debug
	_, stderr, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if !strings.Contains(stderr, "level=DEBUG") {
		t.Errorf("crawl with log.level debug logged no debug line:\n%s", stderr)
	}
	withoutLogLevel(t, f)
	_, stderr, err = newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if strings.Contains(stderr, "level=INFO") || strings.Contains(stderr, "level=DEBUG") {
		t.Errorf("crawl with no log.level logged below warn:\n%s", stderr)
	}
}

var flaggedLine = regexp.MustCompile(`(?m)^  ([0-9a-f]{12})  (\S+)\s+(.+)$`)

// The summary lists each newly flagged story with a short id that `rules
// explain` takes.
func TestCrawlSummaryListsFlaggedStories(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 8})
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	_, list, ok := strings.Cut(out, "newly flagged (newshound rules explain ID says why):\n")
	if !ok {
		t.Fatalf("crawl output lists no flagged story:\n%s", out)
	}
	rows := flaggedLine.FindAllStringSubmatch(list, -1)
	if want := len(f.flaggedURLs()); len(rows) != want {
		t.Fatalf("crawl lists %d flagged stories, want %d:\n%s", len(rows), want, out)
	}
	titles := map[string]bool{}
	for _, a := range f.web.Articles() {
		if a.Flag {
			titles[a.Title] = true
		}
	}
	for _, r := range rows {
		if r[2] != "bank-facebook-data-sharing" || !titles[r[3]] {
			t.Errorf("flagged row %q: rule %q, title %q; want the rule and the title of a flagged story", r[0], r[2], r[3])
		}
	}
	explained, _, err := newshound(t, "rules", "explain", rows[0][1], "--config", f.config)
	if err != nil || !strings.Contains(explained, rows[0][3]) {
		t.Errorf("rules explain %s = %v:\n%s\nwant the story %q explained", rows[0][1], err, explained, rows[0][3])
	}

	out, _, err = newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	if strings.Contains(out, "newly flagged") {
		t.Errorf("a second crawl, with nothing new, lists flagged stories:\n%s", out)
	}
}

func TestConfigCheckRefusesWhatRunRefuses(t *testing.T) {
	t.Setenv("NEWSHOUND_TOKEN", "")
	path := t.TempDir() + "/config.yaml"
	writeFile(t, path, "server:\n  listen: 0.0.0.0:8474\n")
	_, _, runErr := newshound(t, "run", "--config", path)
	_, _, checkErr := newshound(t, "config", "check", "--config", path)
	if runErr == nil || checkErr == nil {
		t.Fatalf("run = %v, config check = %v; want both to refuse a public listen address without a token", runErr, checkErr)
	}
	if !strings.HasSuffix(checkErr.Error(), runErr.Error()) {
		t.Errorf("config check = %q, want it to end with run's %q", checkErr, runErr)
	}
	if exitCode(checkErr) != 1 {
		t.Errorf("config check: exit %d, want 1", exitCode(checkErr))
	}
	var out bytes.Buffer
	t.Setenv("NEWSHOUND_TOKEN", strings.Repeat("k", 24))
	if err := run(t.Context(), []string{"config", "check", "--config", path}, &out, &out); err != nil {
		t.Errorf("config check with NEWSHOUND_TOKEN set = %v, want valid", err)
	}
}

// The daemon logs one info line per newly flagged story.
func TestRunDaemonLogsEachFlaggedStory(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	cmd, logs := startDaemon(t, f)
	flagged := f.flaggedURLs()
	total := len(f.web.Articles())
	testkit.WaitFor(t, "every story crawled", 60*time.Second, func() bool {
		out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == total
	})
	stopDaemon(t, cmd, logs)
	seen := map[string]int{}
	for _, line := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(line, `msg="story flagged"`) {
			continue
		}
		if !strings.Contains(line, "level=INFO") || !strings.Contains(line, "rule=bank-facebook-data-sharing") || !strings.Contains(line, "article_id=") || !strings.Contains(line, "title=") {
			t.Errorf("flag log line lacks the level, rule, id or title: %s", line)
		}
		_, u, _ := strings.Cut(line, "article_url=")
		seen[strings.Fields(u + " ")[0]]++
	}
	if len(seen) != len(flagged) {
		t.Errorf("the daemon logged %d flagged stories, want %d:\n%s", len(seen), len(flagged), logs)
	}
	for u, n := range seen {
		if !flagged[u] || n != 1 {
			t.Errorf("story %s logged as flagged %d times; flagged in the simulated web: %v", u, n, flagged[u])
		}
	}
}
