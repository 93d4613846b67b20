package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// TestMain lets a test re-run this binary as the real newshound command
// (NEWSHOUND_TEST_MAIN=1), so the daemon can be signalled like in life.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSHOUND_TEST_MAIN") == "1" {
		main()
		return
	}
	flag.Parse()
	setParallel(daemonParallel)
	// The webhooks' secret_env of the tests, set once for the whole run
	// (and the daemons it starts), so that no test sets it and parallel
	// tests may read it.
	if err := os.Setenv("NH_TEST_HOOK_SECRET", hookSecret); err != nil {
		panic(err)
	}
	pgtest.Main(m) // runs the tests, then stops PostgreSQL if one started it
}

// daemonParallel is how many parallel tests run at once unless -parallel
// says otherwise. The parallel tests here mostly wait, on daemons in child
// processes, simulated webs and timeouts, so more of them than the
// default (GOMAXPROCS, 2 on the project's machine) fit on the cores.
const daemonParallel = 6

// setParallel sets -test.parallel to n unless the command line set it.
func setParallel(n int) {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if set || runtime.GOMAXPROCS(0) >= n {
		return
	}
	if err := flag.Set("test.parallel", strconv.Itoa(n)); err != nil {
		panic(err) // the testing package always defines the flag
	}
}

// fixture is a simulated web and a config file pointing at it.
type fixture struct {
	web    *simweb.Web
	dir    string
	config string
	listen string
}

func newFixture(t *testing.T, opts simweb.Options, extraFeeds ...string) *fixture {
	t.Helper()
	web := testkit.Web(t, opts)
	dir := t.TempDir()
	f := &fixture{web: web, dir: dir, config: filepath.Join(dir, "config.yaml"), listen: freeAddr(t)}
	var b strings.Builder
	fmt.Fprintf(&b, "storage:\n  path: data/newshound.db\nfetch:\n  user_agent: newshound-test\n  timeout: 5s\n  host_delay: 0s\n  allow_private_networks: true\nschedule:\n  interval: 1h\nserver:\n  listen: %s\nlog:\n  level: debug\nfeeds:\n", f.listen)
	for _, u := range append(web.FeedURLs(), extraFeeds...) {
		fmt.Fprintf(&b, "  - url: %s\n", u)
	}
	b.WriteString(testkit.BankRules)
	if err := os.WriteFile(f.config, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// addrCount numbers the addresses freeAddr hands out in this test binary.
var addrCount atomic.Int64

// freeAddr returns a loopback address for a daemon to listen on: a port free at
// the time of the call, on a loopback IP of its own (127.S.H.L, S from the
// process id, H.L counting the calls). The port is closed again before the
// daemon binds it, and on 127.0.0.1 anything else could take it meanwhile: a
// parallel test's freeAddr, a test server, a connection's own port (two CI runs
// saw a test talk to another's daemon, or its daemon fail to bind). Nothing else
// binds these IPs, and each call has one to itself.
func freeAddr(t *testing.T) string {
	t.Helper()
	n := addrCount.Add(1)
	ip := fmt.Sprintf("127.%d.%d.%d", 20+os.Getpid()%200, n/250%256, n%250+2)
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// newshound runs the command in-process and returns its output.
func newshound(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

func (f *fixture) flaggedURLs() map[string]bool {
	m := map[string]bool{}
	for _, a := range f.web.Articles() {
		if a.Flag {
			m[a.URL] = true
		}
	}
	return m
}

func decodeArray(t *testing.T, data string) []store.Article {
	t.Helper()
	var arts []store.Article
	if err := json.Unmarshal([]byte(data), &arts); err != nil {
		t.Fatalf("export output is not a JSON array: %v\n%.300s", err, data)
	}
	return arts
}

func decodeLines(t *testing.T, data string) []store.Article {
	t.Helper()
	var arts []store.Article
	for i, line := range strings.Split(strings.TrimSpace(data), "\n") {
		if line == "" {
			continue
		}
		var a store.Article
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("jsonl line %d is not a JSON object: %v", i+1, err)
		}
		arts = append(arts, a)
	}
	return arts
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
