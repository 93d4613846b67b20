package main

import (
	"bufio"
	"context"
	"fmt"
	"net"

	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// stalledDaemon is a listener on loopback that accepts connections, reads
// each request's head, then runs answer on the connection (nothing: it
// never answers), as a stopped daemon's kernel would accept for it.
func stalledDaemon(t *testing.T, answer func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() {
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if line == "\r\n" {
						break
					}
				}
				if answer != nil {
					answer(c)
				}
			})
		}
	})
	return ln.Addr().String()
}

// lockedConfig writes a configuration whose database this test holds
// open, so that the commands go to the daemon at listen.
func lockedConfig(t *testing.T, listen string) string {
	t.Helper()
	dir := t.TempDir()
	testkit.OpenStore(t, filepath.Join(dir, "n.db"), store.Options{}) // held until the test ends
	cfg := filepath.Join(dir, "config.yaml")
	writeFile(t, cfg, fmt.Sprintf("storage:\n  path: n.db\nserver:\n  listen: %s\n", listen))
	return cfg
}

// runBounded runs the command with wait as the daemon client's bound and
// fails the test when it has not returned within limit.
func runBounded(t *testing.T, wait, limit time.Duration, args ...string) (string, error) {
	t.Helper()
	type result struct {
		out string
		err error
	}
	done := make(chan result, 1)
	go func() {
		var out, errb strings.Builder
		err := run(client.WithWait(context.Background(), wait), args, &out, &errb)
		done <- result{out.String(), err}
	}()
	select {
	case r := <-done:
		return r.out, r.err
	case <-time.After(limit):
		t.Fatalf("newshound %s did not return within %s", strings.Join(args, " "), limit)
		return "", nil
	}
}

func TestDaemonClientBounds(t *testing.T) {
	t.Parallel()
	const wait = 300 * time.Millisecond
	t.Run("stats against a daemon that never answers", func(t *testing.T) {
		t.Parallel()
		addr := stalledDaemon(t, nil)
		cfg := lockedConfig(t, addr)
		start := time.Now()
		_, err := runBounded(t, wait, 5*time.Second, "stats", "--config", cfg)
		want := fmt.Sprintf("stats: the daemon at %s did not answer within 300ms; is it running?", addr)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("stats = %v, want %q", err, want)
		}
		t.Logf("stats gave up after %s", time.Since(start).Round(time.Millisecond))
	})
	t.Run("export from a daemon that stops sending", func(t *testing.T) {
		t.Parallel()
		addr := stalledDaemon(t, func(c net.Conn) {
			fmt.Fprint(c, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
			line := "{\"id\":\"a\"}\n"
			fmt.Fprintf(c, "%x\r\n%s\r\n", len(line), line) // then nothing
		})
		cfg := lockedConfig(t, addr)
		// A longer bound than the others': the headers must reach the client
		// within it first, which took over 300ms under -race on a loaded machine.
		const stallWait = 2 * time.Second
		out, err := runBounded(t, stallWait, 10*time.Second, "export", "--config", cfg, "--format", "jsonl")
		want := fmt.Sprintf("the daemon at %s stopped sending for 2s; is it running?", addr)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("export = %v, want an error containing %q", err, want)
		}
		if !strings.Contains(out, `{"id":"a"}`) {
			t.Errorf("export wrote %q, want the line sent before the stall", out)
		}
	})
	t.Run("export that outlasts the bound while bytes flow", func(t *testing.T) {
		t.Parallel()
		const lines, gap, flowWait = 20, 50 * time.Millisecond, 600 * time.Millisecond // 1s of export, gaps 12x shorter than the bound
		addr := stalledDaemon(t, func(c net.Conn) {
			fmt.Fprint(c, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
			tick := time.NewTicker(gap)
			defer tick.Stop()
			for i := range lines {
				<-tick.C
				line := fmt.Sprintf("{\"id\":\"%d\"}\n", i)
				fmt.Fprintf(c, "%x\r\n%s\r\n", len(line), line)
			}
			fmt.Fprint(c, "0\r\n\r\n")
		})
		cfg := lockedConfig(t, addr)
		start := time.Now()
		out, err := runBounded(t, flowWait, 10*time.Second, "export", "--config", cfg, "--format", "jsonl")
		if err != nil || strings.Count(out, "\n") != lines {
			t.Errorf("export = %d lines, %v; want all %d and no error", strings.Count(out, "\n"), err, lines)
		}
		if d := time.Since(start); d < flowWait {
			t.Errorf("export took %s, less than the bound %s: the case shows nothing", d, flowWait)
		}
	})
}
