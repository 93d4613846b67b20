package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/alertpolicy"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// matchingText flags under testkit.BankRules' bank-facebook-data-sharing.
const matchingText = "The bank said it shared customer data with Meta for advertising."

// putStory stores, in the fixture's database (no daemon holding it), a
// story fetched now but published two months ago, flagged by the test
// rule as the crawler dates flags (as of the fetch), or unflagged.
func putStory(t *testing.T, f *fixture, url string, flagged bool) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(f.dir, "data", "newshound.db"), store.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SetAlertPolicy(alertpolicy.New(nil)) // as openStore does: the flag log follows newshound's policy
	pub := time.Now().AddDate(0, -2, 0).UTC()
	a := &store.Article{URL: url, Title: "A late story", Published: &pub, Text: matchingText, Feed: store.FeedRef{URL: "https://late.example/rss"}}
	if flagged {
		a.Flags = []store.Flag{{Rule: "bank-facebook-data-sharing", Score: 1, Flagged: pub}}
	}
	if err := st.PutArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
}

// exportURLs runs `newshound export --format jsonl` with args and returns
// the sorted URLs of the stories and the standard error.
func exportURLs(t *testing.T, f *fixture, args ...string) ([]string, string) {
	t.Helper()
	out, errOut, err := newshound(t, append([]string{"export", "--config", f.config, "--format", "jsonl"}, args...)...)
	if err != nil {
		t.Fatalf("export %v: %v\n%s", args, err, errOut)
	}
	var urls []string
	for _, a := range decodeLines(t, out) {
		urls = append(urls, a.URL)
	}
	slices.Sort(urls)
	return urls, errOut
}

// TestExportStateAcrossRuns: successive `export --state` runs give each
// flagged story once: the crawl's, then a late-fetched story with an old
// publication date and a story `rules apply` flagged, then nothing.
// --since is the flag time: both late flags are in `--since` a time
// taken after the crawl.
func TestExportStateAcrossRuns(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6, Now: time.Now()})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("crawl: %v", err)
	}
	state := filepath.Join(f.dir, "export.state")
	got, errOut := exportURLs(t, f, "--state", state)
	if len(got) != len(f.flaggedURLs()) || len(got) == 0 {
		t.Fatalf("first export --state gave %d stories, want the %d flagged", len(got), len(f.flaggedURLs()))
	}
	if !strings.Contains(errOut, "no earlier export") {
		t.Errorf("first export --state said %q, want that every flagged story is exported", errOut)
	}
	if got, _ := exportURLs(t, f, "--state", state); len(got) != 0 {
		t.Fatalf("second export --state with no new flags = %v, want nothing", got)
	}

	afterCrawl := time.Now().UTC().Format(time.RFC3339Nano)
	putStory(t, f, "https://late.example/fetched-late", true)
	putStory(t, f, "https://late.example/rules-apply", false)
	if out, errOut, err := newshound(t, "rules", "apply", "--config", f.config); err != nil || !strings.Contains(out, "1 changed") {
		t.Fatalf("rules apply = %q, %v\n%s; want 1 changed", out, err, errOut)
	}
	want := []string{"https://late.example/fetched-late", "https://late.example/rules-apply"}
	if got, _ := exportURLs(t, f, "--since", afterCrawl); !slices.Equal(got, want) {
		t.Errorf("export --since %s = %v, want the two stories flagged since %v", afterCrawl, got, want)
	}
	if got, _ := exportURLs(t, f, "--until", afterCrawl); slices.Contains(got, want[0]) || slices.Contains(got, want[1]) || len(got) != len(f.flaggedURLs()) {
		t.Errorf("export --until %s = %v, want the crawl's %d stories only", afterCrawl, got, len(f.flaggedURLs()))
	}
	if got, _ := exportURLs(t, f, "--published-since", "30d", "--rule", "bank-facebook-data-sharing"); slices.Contains(got, want[0]) || slices.Contains(got, want[1]) {
		t.Errorf("export --published-since 30d = %v, want neither story published two months ago", got)
	}
	if got, _ := exportURLs(t, f, "--state", state); !slices.Equal(got, want) {
		t.Errorf("export --state after new flags = %v, want %v", got, want)
	}
	if got, _ := exportURLs(t, f, "--state", state); len(got) != 0 {
		t.Errorf("export --state again = %v, want nothing", got)
	}
	_, _, err := newshound(t, "export", "--config", f.config, "--rule", "nosuch")
	if err == nil || !strings.Contains(err.Error(), `unknown rule "nosuch"`) || !strings.Contains(err.Error(), "bank-facebook-data-sharing") {
		t.Errorf("export --rule nosuch = %v, want an error naming the known rule", err)
	}
	if _, _, err := newshound(t, "export", "--config", f.config, "--state", state, "--all"); !errors.Is(err, errUsage) {
		t.Errorf("export --state --all = %v, want a usage error", err)
	}
}

// brokenPipe fails every write, as stdout does when the reader died.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// TestExportStateCrash: an export whose output failed keeps the old
// cursor, so the next run exports the same stories again and says so.
func TestExportStateCrash(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 4, Now: time.Now()})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("crawl: %v", err)
	}
	state := filepath.Join(f.dir, "export.state")
	exportURLs(t, f, "--state", state)
	putStory(t, f, "https://late.example/lost-once", true)
	err := run(context.Background(), []string{"export", "--config", f.config, "--state", state}, brokenPipe{}, io.Discard)
	if err == nil {
		t.Fatal("export to a broken pipe succeeded")
	}
	got, errOut := exportURLs(t, f, "--state", state)
	if !slices.Equal(got, []string{"https://late.example/lost-once"}) {
		t.Errorf("export --state after the failed run = %v, want the story again", got)
	}
	if !strings.Contains(errOut, "did not finish") {
		t.Errorf("export --state after the failed run said %q, want that the last run did not finish", errOut)
	}
	// The fixture logs at debug (log.level reaches export too): silently
	// means no warning and no word of an unfinished run.
	if got, errOut := exportURLs(t, f, "--state", state); len(got) != 0 || strings.Contains(errOut, "did not finish") || strings.Contains(errOut, "level=WARN") || strings.Contains(errOut, "level=ERROR") {
		t.Errorf("export --state once more = %v, %q; want nothing, silently", got, errOut)
	}
}

// TestExportStateThroughDaemonRestart: `export --state` through the
// daemon's API, the daemon restarted between runs, gives each flagged
// story once; an unknown rule is the same error as without the daemon.
func TestExportStateThroughDaemonRestart(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 4})
	cmd, logs := startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	total := len(f.web.Articles())
	testkit.WaitFor(t, "every story crawled", 60*time.Second, func() bool { // over HTTP: the command would wait for the lock each time
		resp, err := http.Get("http://" + f.listen + "/api/v1/export?all=true&format=jsonl")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return err == nil && len(decodeLines(t, string(body))) == total
	})
	state := filepath.Join(f.dir, "export.state")
	if got, _ := exportURLs(t, f, "--state", state); len(got) != len(f.flaggedURLs()) {
		t.Fatalf("first export --state through the daemon gave %d stories, want %d", len(got), len(f.flaggedURLs()))
	}
	_, _, err := newshound(t, "export", "--config", f.config, "--rule", "nosuch")
	if err == nil || !strings.Contains(err.Error(), `unknown rule "nosuch"`) || !strings.Contains(err.Error(), "bank-facebook-data-sharing") {
		t.Errorf("export --rule nosuch through the daemon = %v, want an error naming the known rule", err)
	}
	stopDaemon(t, cmd, logs)

	putStory(t, f, "https://late.example/while-stopped", true)
	cmd, logs = startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen) // after the restart
	if got, _ := exportURLs(t, f, "--state", state); !slices.Equal(got, []string{"https://late.example/while-stopped"}) {
		t.Errorf("export --state after the restart = %v, want the story flagged while the daemon was stopped", got)
	}
	if got, _ := exportURLs(t, f, "--state", state); len(got) != 0 {
		t.Errorf("export --state once more = %v, want nothing", got)
	}
	stopDaemon(t, cmd, logs)
}
