package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// hostileFeedRSSBound is the most resident memory the daemon may reach
// while it checks four hostile 10 MiB feeds at once for POST
// /api/v1/feeds. Before the crawler's tokenizing scan, gofeed built every
// item of each and the daemon took gigabytes (2.8 GB in this test). The
// race detector's shadow memory multiplies a process's memory by five to
// ten: under -race the bound is raceMemoryFactor times as high.
const (
	hostileFeedRSSBound = 256 << 20
	raceMemoryFactor    = 4
)

// TestHostileClientHostileFeeds asks the real daemon to add four hostile
// feeds at once through POST /api/v1/feeds, each as large as the body cap
// (10 MiB): items written <item/> and <item\n>, Atom entries followed by a
// tab, and '/>' inside an attribute value nested 700,000 deep. Each must
// be refused with a 400 naming the feed and the limit, the daemon's peak
// resident memory must stay under hostileFeedRSSBound, and afterwards
// /healthz, /metrics and the stories answer and a good feed is added.
func TestHostileClientHostileFeeds(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 2})
	const bodyCap = 10 << 20
	fill := func(head, unit, tail string) []byte {
		n := (bodyCap - len(head) - len(tail)) / len(unit)
		return []byte(head + strings.Repeat(unit, n) + tail)
	}
	const tooMany = "feed has too many items (more than 5000, the limit)"
	hostile := map[string]struct {
		body []byte
		want string
	}{
		"/self-closing.xml": {fill("<rss><channel>", "<item/>", "</channel></rss>"), tooMany},
		"/newline.xml":      {fill("<rss><channel>", "<item\n></item\n>", "</channel></rss>"), tooMany},
		"/atom.xml":         {fill(`<feed xmlns="http://www.w3.org/2005/Atom">`, "<entry\t/>", "</feed>"), tooMany},
		"/nested.xml":       {[]byte("<rss>" + strings.Repeat(`<x a="/>">`, 700_000) + "</rss>"), "not a readable feed: elements nested deeper than 1000, the limit"},
	}
	const good = `<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title><item><title>a</title><link>/a</link></item></channel></rss>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		if r.URL.Path == "/good.xml" {
			w.Write([]byte(good))
			return
		}
		h, ok := hostile[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(h.body)
	}))
	t.Cleanup(srv.Close)

	// Four 10 MiB feeds read at once under -race on a busy machine take
	// longer than the fixture's 5 s fetch timeout; the test is about what
	// the daemon makes of them, so it gives the reads time.
	cfg, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cfg), "timeout: 5s") {
		t.Fatalf("the fixture's config no longer sets timeout: 5s:\n%s", cfg)
	}
	writeFile(t, f.config, strings.Replace(string(cfg), "timeout: 5s", "timeout: 60s", 1))
	cmd, _ := startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	before := peakRSS(t, cmd.Process.Pid)

	var wg sync.WaitGroup
	start := time.Now()
	for path, h := range hostile {
		wg.Go(func() {
			feedURL := srv.URL + path
			status, msg := addFeed(t, f, feedURL)
			if want := "feed " + feedURL + ": " + h.want; status != http.StatusBadRequest || !strings.Contains(msg, want) {
				t.Errorf("POST /api/v1/feeds %s = %d %q, want 400 saying %q", path, status, msg, want)
			}
		})
	}
	wg.Wait()
	peak := peakRSS(t, cmd.Process.Pid)
	bound := uint64(hostileFeedRSSBound)
	if raceBuild() {
		bound *= raceMemoryFactor
	}
	t.Logf("four hostile feeds refused in %v; daemon peak RSS %d MB (%d MB before, bound %d MB)",
		time.Since(start).Round(time.Millisecond), peak>>20, before>>20, bound>>20)
	if peak > bound {
		t.Errorf("daemon peak RSS %d MB after four hostile feeds at once, want under %d MB", peak>>20, bound>>20)
	}

	// the daemon's health afterwards: it serves, and a write goes through
	checkDaemonServes(t, f)
	if status, msg := addFeed(t, f, srv.URL+"/good.xml"); status != http.StatusCreated {
		t.Errorf("POST /api/v1/feeds good.xml after the hostile ones = %d %q, want 201", status, msg)
	}
}

// addFeed posts {"url": feedURL} to the daemon's /api/v1/feeds and returns
// the status and the body.
func addFeed(t *testing.T, f *fixture, feedURL string) (int, string) {
	t.Helper()
	body, err := json.Marshal(map[string]string{"url": feedURL})
	if err != nil {
		t.Fatal(err)
	}
	c := http.Client{Timeout: 60 * time.Second}
	resp, err := c.Post("http://"+f.listen+"/api/v1/feeds", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// peakRSS is the process's peak resident set size (VmHWM in
// /proc/PID/status) in bytes; the test is skipped where /proc is missing.
func peakRSS(t *testing.T, pid int) uint64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc to read the daemon's peak memory from: %v", err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM line %q: %v", line, err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}

// raceBuild reports whether this binary, which the test runs as the
// daemon, was built with the race detector.
func raceBuild() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}
