//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// BenchmarkIdleDaemon runs the daemon (`newshound run`, in this process)
// over 10,000 feeds on 100 loopback hosts, waits until every feed has been
// polled once, so that none is due again for hours (schedule.interval
// 6h), and then measures an idle window: the CPU used by the whole process
// (getrusage user+sys over wall time, as a percentage of one core) and
// its memory (HeapInuse and Sys after a GC). The process also holds the
// idle simulated web, so the figures bound the daemon's from above;
// daemon-heap-MB is HeapInuse less what it was before the daemon started.
// NEWSHOUND_IDLE_WINDOW sets the window (default 10s).
//
//	go test -run '^$' -bench IdleDaemon -benchtime 1x ./cmd/newshound/
func BenchmarkIdleDaemon(b *testing.B) {
	const hosts, perHost = 100, 100
	window := 10 * time.Second
	if v := os.Getenv("NEWSHOUND_IDLE_WINDOW"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("NEWSHOUND_IDLE_WINDOW=%q is not a duration (write it like 20s)", v)
		}
		window = d
	}
	web := simweb.New(simweb.Options{Hosts: hosts, FeedsPerHost: perHost, ArticlesPerHost: 1})
	defer web.Close()
	feeds := web.FeedURLs()
	var base runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&base) // the simulated web and the test, before the daemon
	cfgPath := filepath.Join(b.TempDir(), "config.yaml")
	var cfg strings.Builder
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	fmt.Fprintf(&cfg, "storage:\n  path: data/newshound.db\nfetch:\n  host_delay: 0s\n  allow_private_networks: true\nschedule:\n  interval: 6h\nserver:\n  listen: %s\nlog:\n  level: error\nfeeds:\n", listen)
	for _, u := range feeds {
		fmt.Fprintf(&cfg, "  - url: %s\n", u)
	}
	cfg.WriteString(testkit.BankRules)
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"run", "--config", cfgPath}, io.Discard, io.Discard) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("daemon: %v", err)
		}
	}()
	start := time.Now()
	deadline := start.Add(3 * time.Minute)
	for web.Stats(simweb.ResourceFeed).Requests < len(feeds) {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d feeds polled after 3 minutes", web.Stats(simweb.ResourceFeed).Requests, len(feeds))
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.Logf("first poll of %d feeds done in %s", len(feeds), time.Since(start).Round(time.Millisecond))
	time.Sleep(2 * time.Second) // the last polls store their state
	web.Reset()

	var cpu, wall time.Duration
	var ms runtime.MemStats
	for b.Loop() {
		runtime.GC()
		r0, t0 := rusage(b), time.Now()
		time.Sleep(window)
		cpu += rusage(b) - r0
		wall += time.Since(t0)
		runtime.GC()
		runtime.ReadMemStats(&ms)
	}
	if n := web.Stats().Requests; n != 0 {
		b.Errorf("the idle daemon made %d requests in the window, want 0", n)
	}
	b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "%cpu")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	b.ReportMetric(float64(int64(ms.HeapInuse)-int64(base.HeapInuse))/(1<<20), "daemon-heap-MB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
}

// rusage returns the user plus system CPU time of this process so far.
func rusage(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
