package main

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/crawler/simweb"
)

// passTime is the duration in crawl's first line, which differs between
// two passes.
var passTime = regexp.MustCompile(`\) in [0-9.]+[a-zµ]+\n`)

// TestRemoteCommandsBesideTheDaemon: with a real daemon holding the
// database, crawl, rules explain, rules test --stored, rules apply and db
// check work through its API and print what they print without it, and
// so do rules test --labels and rules suggest --labels.
func TestRemoteCommandsBesideTheDaemon(t *testing.T) {
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
	waitFor(t, "/healthz", 60*time.Second, func() bool {
		resp, err := http.Get("http://" + f.listen + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})

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
	waitFor(t, "/healthz", 60*time.Second, func() bool {
		resp, err := http.Get("http://" + f.listen + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	t.Chdir(t.TempDir())
	hint := checkCopyHint(cfg)
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
