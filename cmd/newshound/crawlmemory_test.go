package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/newshound/newshound/internal/simweb"
)

// oneShotCrawlRSSBound is the most resident memory a one-shot `newshound crawl`
// of 1,000 articles may reach (BENCHMARKS.md, Extraction).
const oneShotCrawlRSSBound = 150 << 20

// TestOneShotCrawlPeakMemory runs `newshound crawl` as its own process over a
// simulated web of 1,000 articles (20 hosts of 50) into a fresh database and
// bounds its peak resident memory (getrusage maxrss of the child).
func TestOneShotCrawlPeakMemory(t *testing.T) {
	// Not parallel: the child's peak memory is measured with the machine
	// to itself, as its bound assumes.
	if testing.Short() {
		t.Skip("crawls 1,000 articles")
	}
	f := newFixture(t, simweb.Options{Hosts: 20, ArticlesPerHost: 50})
	cmd := exec.Command(os.Args[0], "crawl", "--config", f.config)
	cmd.Env = append(os.Environ(), "NEWSHOUND_TEST_MAIN=1")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("newshound crawl: %v\n%s", err, tail(stderr.String()))
	}
	out, _, err := newshound(t, "stats", "--config", f.config)
	if err != nil {
		t.Fatalf("newshound stats: %v", err)
	}
	if !regexp.MustCompile(`(?m)^articles\s+1000 `).MatchString(out) {
		t.Fatalf("newshound stats after the crawl does not count 1000 articles:\n%s", out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage for the child process on this system")
	}
	peak := uint64(ru.Maxrss) << 10 // kilobytes on Linux
	bound := uint64(oneShotCrawlRSSBound)
	if raceBuild() {
		bound *= raceMemoryFactor
	}
	t.Logf("one-shot crawl of 1,000 articles: peak RSS %.1f MB (bound %d MB), CPU %v user + %v system",
		float64(peak)/(1<<20), bound>>20, cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime())
	if peak > bound {
		t.Errorf("peak RSS of newshound crawl = %d MB, want under %d MB", peak>>20, bound>>20)
	}
}
