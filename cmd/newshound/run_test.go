package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/store"
)

// startDaemon runs `newshound run` as a real child process.
// syncBuffer is a bytes.Buffer safe for a writer (a logger, a child process) and a test reading it at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startDaemon(t *testing.T, f *fixture) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "run", "--config", f.config)
	cmd.Env = append(os.Environ(), "NEWSHOUND_TEST_MAIN=1")
	logs := &syncBuffer{} // read by the test while the daemon writes
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, logs
}

// waitFor polls cond every 50 ms until it holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestRunDaemonCrawlsServesExportsAndStops(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 6})
	cmd, logs := startDaemon(t, f)

	waitFor(t, "/healthz", 60*time.Second, func() bool {
		resp, err := http.Get("http://" + f.listen + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	flagged := f.flaggedURLs()
	total := len(f.web.Articles())
	// export works while the daemon holds the database, through its API.
	waitFor(t, "every story crawled", 60*time.Second, func() bool {
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
