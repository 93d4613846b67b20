package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/exporter"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// The hostile-client cases of the daemon's streaming routes: backup,
// export in each format, pages of stories and the Atom feeds, read by
// clients that stall or come in crowds.

// streamRule is the fixture's rule, which flags half the seeded stories.
const streamRule = "bank-facebook-data-sharing"

// seedDB stores n articles of about size bytes of text each in the
// fixture's database before its daemon starts, one a minute, every other
// one flagged by streamRule, and returns their ids, newest first. When
// damaged > 0 it then overwrites the record of the damaged-th newest
// with bytes that do not decode, as a damaged page would read.
func seedDB(t *testing.T, f *fixture, n, size, damaged int) []string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(f.dir, "data", "newshound.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("The bank said it shared customer data with Meta. ", size/40+1)[:size]
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 32) // concurrent puts share bbolt batches
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		a := &store.Article{URL: fmt.Sprintf("https://seed.example/%d", i), Title: fmt.Sprintf("Seeded story %d", i), Published: &at, Fetched: at, Text: text}
		if i%2 == 0 {
			a.Flags = []store.Flag{{Rule: streamRule, Score: 1, Flagged: at}}
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs <- st.PutArticle(ctx, a)
		})
		ids[n-1-i] = store.ArticleID(a.URL)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if damaged > 0 {
		testkit.DamageArticle(t, path, ids[damaged-1])
	}
	return ids
}

// TestHostileClientExportCutShort: when the daemon fails part way through
// an export (a record that does not decode, the 30th of 40), `newshound
// export` through it exits non-zero saying the export is incomplete and
// why, in every format; the output ends with the error record, and with
// --output (jsonl) no file is left. From the file, with the daemon
// stopped, the same.
func TestHostileClientExportCutShort(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 1})
	seedDB(t, f, 40, 100, 30)
	cmd, logs := startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	for _, format := range []string{"json", "jsonl", "csv"} {
		t.Run(format, func(t *testing.T) {
			out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", format)
			if !errors.Is(err, exporter.ErrIncomplete) || !strings.Contains(err.Error(), "decode article") {
				t.Fatalf("export --format %s through the daemon = %v, want it incomplete, saying why", format, err)
			}
			t.Logf("export --format %s: %v", format, err)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if last := lines[len(lines)-1]; !strings.Contains(last, "error") || !strings.Contains(last, "decode article") {
				t.Errorf("the output ends %q, want the error record", last)
			}
			if len(lines) < 29 {
				t.Errorf("the output has %d lines, want the 29 stories before the damaged one", len(lines))
			}
			if format != "jsonl" {
				return // each export waits for the lock first: one --output case is enough
			}
			file := filepath.Join(t.TempDir(), "out."+format)
			if _, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", format, "--output", file); !errors.Is(err, exporter.ErrIncomplete) {
				t.Errorf("export --output = %v, want it incomplete", err)
			}
			if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("export --output left %s (%v), want no file", file, err)
			}
		})
	}
	checkDaemonServes(t, f)
	stopDaemon(t, cmd, logs)
	// From the file, with no daemon, the same.
	if _, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl"); !errors.Is(err, exporter.ErrIncomplete) || !strings.Contains(err.Error(), "decode article") {
		t.Errorf("export from the damaged file = %v, want it incomplete, saying why", err)
	}
}

// stall opens a connection to the daemon with a small receive buffer,
// sends GET path, reads the first bytes of the answer and then reads no
// more until closed; nil when it could not connect.
func stall(t *testing.T, addr, path string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second, Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
		return errors.Join(err, serr)
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return nil
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, addr)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	head := make([]byte, 64)
	if _, err := io.ReadFull(conn, head); err != nil {
		t.Errorf("GET %s: no answer: %v", path, err)
	} else if !strings.HasPrefix(string(head), "HTTP/1.1 200") {
		t.Errorf("GET %s answered %q, want 200", path, head)
	}
	return conn
}

// TestHostileClientStalledStreams: clients that read the first bytes of
// every streaming route and then stop (backup, export as json, jsonl and
// csv, a page of 1,000 stories, the Atom feeds) hold no database
// transaction: the backup is sent from a snapshot file, and while they
// stall, /healthz, /metrics and a page of stories answer and a label is
// written within 5 s each; once they go, the snapshot goes too.
func TestHostileClientStalledStreams(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 1})
	start := time.Now()
	ids := seedDB(t, f, 40, 64<<10, 0) // 2.5 MiB of text, more than a stalled reader's window
	cmd, logs := startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	t.Logf("seeded and started in %v", time.Since(start).Round(time.Millisecond))
	paths := []string{
		"/api/v1/backup",
		"/api/v1/export?all=true&format=json", "/api/v1/export?all=true&format=jsonl", "/api/v1/export?all=true&format=csv",
		"/api/v1/stories?all=true&limit=1000",
		"/feeds/flagged.atom", "/feeds/rules/" + streamRule + ".atom",
	}
	conns := make([]net.Conn, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() { conns[i] = stall(t, f.listen, p) })
	}
	wg.Wait()
	t.Logf("%v: %d readers stall", time.Since(start).Round(time.Millisecond), len(conns))
	data := filepath.Join(f.dir, "data")
	snapshots := func() []string {
		names, _ := filepath.Glob(filepath.Join(data, ".newshound-snapshot-*"))
		return names
	}
	if got := snapshots(); len(got) != 1 {
		t.Errorf("while the backup reader stalls, %s holds snapshots %q, want one", data, got)
	}
	checkDaemonServes(t, f)
	label := func() error {
		_, _, err := newshound(t, "label", ids[0], "relevant", "--rule", streamRule, "--config", f.config)
		return err
	}
	if err := inTime(5*time.Second, label); err != nil {
		t.Errorf("label while %d readers stall: %v", len(conns), err)
	}
	t.Logf("%v: labelled", time.Since(start).Round(time.Millisecond))
	for _, c := range conns {
		if c != nil {
			c.Close()
		}
	}
	testkit.WaitFor(t, "the backup snapshot removed", 5*time.Second, func() bool { return len(snapshots()) == 0 })
	checkDaemonServes(t, f)
	stopDaemon(t, cmd, logs)
}

// inTime runs fn and returns its error, or an error once d has passed.
func inTime(d time.Duration, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return fmt.Errorf("no answer within %v", d)
	}
}

// checkDaemonServes fails the test unless /healthz, /metrics and a page
// of stories each answer 200 within 5 s.
func checkDaemonServes(t *testing.T, f *fixture) {
	t.Helper()
	c := http.Client{Timeout: 5 * time.Second}
	for _, p := range []string{"/healthz", "/metrics", "/api/v1/stories?all=true&limit=10"} {
		start := time.Now()
		resp, err := c.Get("http://" + f.listen + p)
		if err != nil {
			t.Errorf("GET %s: %v", p, err)
			continue
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Errorf("GET %s = %s, %v; want 200", p, resp.Status, err)
		}
		t.Logf("GET %s: %v", p, time.Since(start).Round(time.Millisecond))
	}
}

// TestHostileClientConcurrentStories: 50 clients at once, each asking
// for a page of 1,000 stories over 400 stored articles with 16 KB
// texts, get every story, and the daemon's heap in use (sampled from
// /metrics every 50 ms) stays under 200 MB; afterwards it serves and a
// label is written.
func TestHostileClientConcurrentStories(t *testing.T) {
	t.Parallel()
	const clients, rounds, articles = 50, 1, 400
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 1})
	ids := seedDB(t, f, articles, 8<<10, 0) // 8 KiB texts: 50 pages of 3 MB, within the bound on a loaded 2-core machine
	cmd, logs := startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	base := "http://" + f.listen
	c := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	stop := make(chan struct{})
	var peak float64
	var sampler sync.WaitGroup
	sampler.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if v, ok := heapInUse(c, base); ok {
				peak = max(peak, v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for range rounds {
				var page struct {
					Stories []struct {
						ID   string `json:"id"`
						Text string `json:"text"`
					} `json:"stories"`
				}
				resp, err := c.Get(base + "/api/v1/stories?all=true&limit=1000")
				if err != nil {
					t.Error(err)
					return
				}
				err = json.NewDecoder(resp.Body).Decode(&page)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || len(page.Stories) < articles {
					t.Errorf("a page of stories = %s, %d stories, %v; want 200 and at least %d", resp.Status, len(page.Stories), err, articles)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	sampler.Wait()
	t.Logf("%d requests at concurrency %d in %v; peak heap in use %.0f MB", clients*rounds, clients, time.Since(start).Round(time.Millisecond), peak/(1<<20))
	if peak == 0 || peak > 200<<20 {
		t.Errorf("the daemon's peak heap in use under %d concurrent clients = %.0f MB, want (0, 200] MB", clients, peak/(1<<20))
	}
	checkDaemonServes(t, f)
	if _, _, err := newshound(t, "label", ids[0], "relevant", "--rule", streamRule, "--config", f.config); err != nil {
		t.Errorf("label after the load: %v", err)
	}
	stopDaemon(t, cmd, logs)
}

// heapInUse reads go_memstats_heap_inuse_bytes from the daemon's /metrics.
func heapInUse(c *http.Client, base string) (float64, bool) {
	resp, err := c.Get(base + "/metrics")
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(body)) {
		if v, ok := strings.CutPrefix(line, "go_memstats_heap_inuse_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f, err == nil
		}
	}
	return 0, false
}
