package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// startDaemon runs `newshound run` as a real child process (TestMain
// makes this binary the command), its log in the returned buffer. It is
// killed at the end of the test if it still runs, and its logs' end is
// printed if the test failed.
func startDaemon(t *testing.T, f *fixture) (*exec.Cmd, *testkit.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "run", "--config", f.config)
	cmd.Env = append(os.Environ(), "NEWSHOUND_TEST_MAIN=1")
	logs := &testkit.Buffer{} // read by the test while the daemon writes
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() {
			t.Logf("daemon logs:\n%s", tail(logs.String()))
		}
	})
	return cmd, logs
}

func TestRunDaemonCrawlsServesExportsAndStops(t *testing.T) {
	// Not parallel: it times db compact against the 1.5 s lock timeout.
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 6})
	cmd, logs := startDaemon(t, f)

	testkit.WaitHealthy(t, f.listen)
	flagged := f.flaggedURLs()
	total := len(f.web.Articles())
	// export works while the daemon holds the database, through its API.
	testkit.WaitFor(t, "every story crawled", 60*time.Second, func() bool {
		out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == total
	})
	out, _, err := newshound(t, "export", "--config", f.config)
	if err != nil {
		t.Fatalf("export while the daemon runs: %v", err)
	}
	arts := decodeArray(t, out)
	if len(arts) != len(flagged) {
		t.Errorf("export through the daemon gave %d flagged stories, want %d", len(arts), len(flagged))
	}
	checkStories(t, arts, flagged)
	out, _, err = newshound(t, "export", "--config", f.config, "--rule", "nope", "--format", "jsonl")
	if err == nil || !strings.Contains(err.Error(), `unknown rule "nope"`) || strings.TrimSpace(out) != "" {
		t.Errorf("export --rule nope through the daemon = %q, %v; want the unknown rule error", out, err)
	}

	// A second process that needs the file to itself fails fast and
	// clearly (crawl and the rest go through the daemon:
	// TestRemoteCommandsBesideTheDaemon).
	start := time.Now()
	_, _, err = newshound(t, "db", "compact", "--config", f.config)
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "in use by another newshound process") {
		t.Errorf("db compact while the daemon runs: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("db compact took %v to report the lock, want <= 2s", d)
	}

	// SIGTERM: a clean stop within the grace period, exit 0.
	stopDaemon(t, cmd, logs)
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("daemon logs lack the clean stop:\n%s", logs)
	}
	// Nothing committed is lost: the database opens and holds every story.
	st, err := store.Open(context.Background(), f.dir+"/data/newshound.db", store.Options{})
	if err != nil {
		t.Fatalf("database after the daemon stopped: %v", err)
	}
	defer st.Close()
	if err := st.Check(context.Background()); err != nil {
		t.Errorf("Check after stop: %v", err)
	}
	n := 0
	st.Articles(context.Background(), store.Query{}, func(*store.Article) error { n++; return nil })
	if n != total {
		t.Errorf("database holds %d stories after stop, want %d", n, total)
	}
}
