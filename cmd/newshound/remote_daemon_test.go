package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// passTime is the duration in crawl's first line, which differs between
// two passes.
var passTime = regexp.MustCompile(`\) in [0-9.]+[a-zµ]+\n`)

// TestRemoteCommandsBesideTheDaemon: with a real daemon holding the
// database, crawl, rules explain, rules test --stored, rules apply and db
// check work through its API and print what they print without it, and
// so do rules test --labels and rules suggest --labels.
func TestRemoteCommandsBesideTheDaemon(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	conf := []string{"--config", f.config}
	cmd := func(args ...string) string {
		t.Helper()
		out, _, err := newshound(t, append(args, conf...)...)
		if err != nil {
			t.Fatalf("newshound %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	// Without the daemon: what each command prints.
	cmd("crawl")
	flagged := decodeArray(t, cmd("export"))
	if len(flagged) == 0 {
		t.Fatal("nothing flagged")
	}
	id := flagged[0].ID
	const rule = "bank-facebook-data-sharing"
	cmd("label", id, "relevant", "--rule", rule)
	if len(flagged) > 1 {
		cmd("label", flagged[1].ID, "irrelevant", "--rule", rule)
	}
	want := map[string]string{
		"labels":  cmd("rules", "test", "--rule", rule, "--labels"),
		"suggest": cmd("rules", "suggest", "--rule", rule, "--labels"),
		"crawl":   cmd("crawl"), // a second pass: nothing new, as the daemon's will be
		"explain": cmd("rules", "explain", id),
		"test":    cmd("rules", "test", "--query", "@facebook", "--stored"),
		"check":   cmd("db", "check"),
		"apply":   cmd("rules", "apply"),
	}
	if !strings.Contains(want["test"], "+ ") || !strings.Contains(want["explain"], "rule bank-facebook-data-sharing: score") {
		t.Fatalf("the direct outputs show no change or no rule:\n%s\n%s", want["test"], want["explain"])
	}

	startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)

	got := cmd("crawl")
	if passTime.ReplaceAllString(got, ") in T\n") != passTime.ReplaceAllString(want["crawl"], ") in T\n") {
		t.Errorf("crawl beside the daemon printed\n%s\nwant, as without it,\n%s", got, want["crawl"])
	}
	if !strings.Contains(got, "feeds: 2 ok, 0 failed (2 in all)") {
		t.Errorf("crawl beside the daemon printed\n%s\nwant both feeds polled", got)
	}
	for _, ref := range []string{id, id[:8], flagged[0].URL} {
		if got := cmd("rules", "explain", ref); got != want["explain"] {
			t.Errorf("rules explain %s beside the daemon printed\n%s\nwant\n%s", ref, got, want["explain"])
		}
	}
	if _, _, err := newshound(t, append([]string{"rules", "explain", "000000"}, conf...)...); err == nil || !strings.Contains(err.Error(), "no story with id 000000") {
		t.Errorf("rules explain of an unknown id beside the daemon: %v, want the command's own sentence", err)
	}
	if got := cmd("rules", "test", "--query", "@facebook", "--stored"); got != want["test"] {
		t.Errorf("rules test --stored beside the daemon printed\n%s\nwant\n%s", got, want["test"])
	}
	if got := cmd("rules", "test", "--rule", rule, "--labels"); got != want["labels"] {
		t.Errorf("rules test --labels beside the daemon printed\n%s\nwant\n%s", got, want["labels"])
	}
	if got := cmd("rules", "suggest", "--rule", rule, "--labels"); got != want["suggest"] {
		t.Errorf("rules suggest --labels beside the daemon printed\n%s\nwant\n%s", got, want["suggest"])
	}
	if got := cmd("db", "check"); got != want["check"] {
		t.Errorf("db check beside the daemon printed %q, want %q", got, want["check"])
	}
	if got := cmd("rules", "apply"); got != want["apply"] {
		t.Errorf("rules apply beside the daemon printed %q, want %q", got, want["apply"])
	}

	// rules apply writes through the daemon: a rule narrowed in
	// config.yaml (not reloaded) unflags every story.
	data, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, f.config, strings.Replace(string(data), "query: '@facebook AND", "query: 'nosuchword AND @facebook AND", 1))
	out := cmd("rules", "apply")
	if !strings.HasSuffix(out, ", "+strconv.Itoa(len(flagged))+" changed\n") {
		t.Errorf("rules apply of a narrowed rule beside the daemon printed %q, want %d changed", out, len(flagged))
	}
	if n := len(decodeArray(t, cmd("export"))); n != 0 {
		t.Errorf("after rules apply through the daemon %d stories are flagged, want 0", n)
	}
}

// TestDBCheckCopyHintRunsAsWritten: the commands db check gives for
// checking a copy (an older daemon cannot check its file) work as
// printed, beside the running daemon.
func TestDBCheckCopyHintRunsAsWritten(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 3})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(f.config)
	if err != nil {
		t.Fatal(err)
	}
	startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	t.Chdir(t.TempDir())
	hint := dbfile.CheckCopyHint(cfg)
	var outs []string
	for _, line := range strings.Split(hint, " && ") {
		args := shellWords(t, line)
		if args[0] != "newshound" {
			t.Fatalf("hint %q runs %q, not newshound", hint, args[0])
		}
		out, _, err := newshound(t, args[1:]...)
		if err != nil {
			t.Fatalf("hint %q: %s: %v", hint, line, err)
		}
		outs = append(outs, out)
	}
	if len(outs) != 2 || !strings.Contains(outs[0], "through the running daemon") || outs[1] != "database newshound-check.db: ok\n" {
		t.Errorf("hint %q printed %q, want a copy through the daemon, then its check ok", hint, outs)
	}
	if _, err := os.Stat(filepath.Join(".", "newshound-check.db")); err != nil {
		t.Errorf("the hint left no copy: %v", err)
	}
}

// shellWords splits a line as a POSIX shell would for the quoting
// shellQuote writes: words apart by spaces, 'single quotes' kept whole.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var b strings.Builder
	in, started := false, false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\'':
			in, started = !in, true
		case c == ' ' && !in:
			if started {
				words = append(words, b.String())
				b.Reset()
				started = false
			}
		case c == '\\' && !in && i+1 < len(line):
			i++
			b.WriteByte(line[i])
			started = true
		default:
			b.WriteByte(c)
			started = true
		}
	}
	if in {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if started {
		words = append(words, b.String())
	}
	return words
}

// TestHostileClientRemoteRoutes: the routes behind the commands beside
// the daemon refuse a stranger without the token, a cross-site form and a
// rule that does not compile, and the daemon stays healthy: crawl and
// rules explain, with the token from config.yaml, still work after.
func TestHostileClientRemoteRoutes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 3})
	token := strings.Repeat("t", 24)
	data, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, f.config, strings.Replace(string(data), "  listen: "+f.listen+"\n", "  listen: "+f.listen+"\n  token: "+token+"\n", 1))
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	send := func(method, path, ctype, auth, body string) int {
		t.Helper()
		resp := testkit.Do(t, method, "http://"+f.listen+path, ctype, auth, strings.NewReader(body))
		resp.Body.Close()
		return resp.StatusCode
	}
	rule := `{"rules": [{"Name": "x", "Query": "a AND"}]}`
	for _, c := range []struct {
		name, method, path, ctype, auth, body string
		want                                  int
	}{
		{"crawl without the token", "POST", "/-/crawl", "", "", "", http.StatusUnauthorized},
		{"crawl with a wrong token", "POST", "/-/crawl", "", "nope-nope-nope-nope", "", http.StatusUnauthorized},
		{"db check without the token", "POST", "/-/db/check", "", "", "", http.StatusUnauthorized},
		{"explain without the token", "GET", "/api/v1/stories/abcdef/explain", "", "", "", http.StatusUnauthorized},
		{"labeled without the token", "GET", "/api/v1/rules/x/labeled", "", "", "", http.StatusUnauthorized},
		{"apply as a form", "POST", "/api/v1/rules/apply", "application/x-www-form-urlencoded", token, "rules=x", http.StatusUnsupportedMediaType},
		{"apply of a rule that does not compile", "POST", "/api/v1/rules/apply", "application/json", token, rule, http.StatusBadRequest},
		{"apply of no rule", "POST", "/api/v1/rules/apply", "application/json", token, `{"rules": []}`, http.StatusBadRequest},
		{"test of two rules", "POST", "/api/v1/rules/test", "application/json", token, `{"rules": [{"Name": "a", "Query": "a"}, {"Name": "b", "Query": "b"}]}`, http.StatusBadRequest},
		{"apply with unknown fields", "POST", "/api/v1/rules/apply", "application/json", token, `{"rulez": 1}`, http.StatusBadRequest},
	} {
		if got := send(c.method, c.path, c.ctype, c.auth, c.body); got != c.want {
			t.Errorf("%s: %s %s answered %d, want %d", c.name, c.method, c.path, got, c.want)
		}
	}
	// Healthy after: the commands, with the token, go through.
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil || !strings.Contains(out, "feeds: 1 ok, 0 failed (1 in all)") {
		t.Errorf("crawl beside the daemon after the attacks = %q, %v; want one feed ok", out, err)
	}
	if out, _, err := newshound(t, "db", "check", "--config", f.config); err != nil || !strings.HasSuffix(out, ": ok\n") {
		t.Errorf("db check beside the daemon after the attacks = %q, %v; want ok", out, err)
	}
}

// TestCrawlBesideTheDaemonListsFlagsAndExitStatus: crawl through the
// daemon lists each story its pass newly flagged, by a short id that
// rules explain takes, as crawl does alone; and it exits 3 when no feed
// could be fetched.
func TestCrawlBesideTheDaemonListsFlagsAndExitStatus(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	// Every feed polled an hour from now: the daemon waits, the pass does it.
	st, err := store.Open(t.Context(), filepath.Join(f.dir, "data", "newshound.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range f.web.FeedURLs() {
		if err := st.PutFeed(t.Context(), store.Feed{URL: u, NextDue: time.Now().Add(time.Hour), Interval: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil {
		t.Fatalf("crawl beside the daemon: %v\n%s", err, out)
	}
	_, list, ok := strings.Cut(out, "newly flagged (newshound rules explain ID says why):\n")
	if !ok {
		t.Fatalf("crawl beside the daemon printed\n%s\nwant the newly flagged stories listed", out)
	}
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if want := len(f.flaggedURLs()); len(lines) != want {
		t.Fatalf("crawl beside the daemon listed %d newly flagged stories, want %d:\n%s", len(lines), want, list)
	}
	short := strings.Fields(lines[0])[0]
	if len(short) != pass.ShortIDLen {
		t.Fatalf("listed id %q, want %d characters", short, pass.ShortIDLen)
	}
	if exp, _, err := newshound(t, "rules", "explain", short, "--config", f.config); err != nil || !strings.Contains(exp, "rule bank-facebook-data-sharing: score") {
		t.Errorf("rules explain %s (from the list) beside the daemon = %q, %v; want the rule", short, exp, err)
	}

	f.web.Close() // a total outage
	out, _, err = newshound(t, "crawl", "--config", f.config)
	if exitCode(err) != 3 || !strings.Contains(out, "feeds: 0 ok, 2 failed (2 in all)") {
		t.Errorf("crawl beside the daemon in a total outage = exit %d (%v), printed\n%s\nwant exit 3 and both feeds failed", exitCode(err), err, out)
	}
}

// TestCrawlBesideTheDaemonEndsWhenTheDaemonStops: a daemon told to stop
// in the middle of a crawl pass for the command (one feed hangs) ends the
// pass at once: it stops cleanly, without waiting out the shutdown grace
// or the fetch timeout, and the command fails rather than hang.
func TestCrawlBesideTheDaemonEndsWhenTheDaemonStops(t *testing.T) {
	t.Parallel()
	asked := make(chan struct{}, 1)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			select {
			case asked <- struct{}{}:
			default:
			}
		}
		<-r.Context().Done()
	}))
	t.Cleanup(hang.Close)
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 2}, hang.URL+"/feed.xml")
	data, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, f.config, strings.Replace(string(data), "timeout: 5s", "timeout: 30s", 1))
	st, err := store.Open(t.Context(), filepath.Join(f.dir, "data", "newshound.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range append(f.web.FeedURLs(), hang.URL+"/feed.xml") {
		if err := st.PutFeed(t.Context(), store.Feed{URL: u, NextDue: time.Now().Add(time.Hour), Interval: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	cmd, logs := startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	crawled := make(chan error, 1)
	go func() {
		_, _, err := newshound(t, "crawl", "--config", f.config)
		crawled <- err
	}()
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatalf("the pass did not reach the hanging feed; logs:\n%s", tail(logs.String()))
	}
	start := time.Now()
	stopDaemon(t, cmd, logs)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the daemon took %s to stop during a pass, want < 5s (not the 10s grace nor the 30s fetch timeout)", d.Round(time.Millisecond))
	}
	if strings.Contains(logs.String(), "did not stop in time") {
		t.Errorf("the daemon waited out its grace:\n%s", tail(logs.String()))
	}
	select {
	case err := <-crawled:
		if err == nil {
			t.Error("crawl beside a daemon stopped in its pass succeeded, want an error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("crawl did not end within 10s of the daemon stopping")
	}
}
