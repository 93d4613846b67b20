package main

import (
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/daemon"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// maxKillDelay bounds how long after the daemon answers /healthz it is
// killed. Every restart finds the fixture's 12 feeds overdue (markOverdue)
// and resumes them spread over about 1.2 s, so a kill lands while feeds
// are being polled and stories stored.
const maxKillDelay = 1500 * time.Millisecond

// TestDaemonSurvivesSIGKILL kills a crawling daemon with SIGKILL at random
// moments, restarting it each time, and checks after every kill that the
// database passes its check, keeps every flag the daemon exported before
// the kill and holds no story twice; then that crawling resumes and ends
// with every story of the simulated web stored once, rightly flagged.
// NEWSHOUND_CRASH_KILLS sets the kills (default 8, which keeps the cmd tests within a minute; 20 or more for a long run), NEWSHOUND_CRASH_SEED
// the seed of the kill moments (default: the clock; the test logs it).
func TestDaemonSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	kills := envInt(t, "NEWSHOUND_CRASH_KILLS", 8)
	seed := uint64(envInt(t, "NEWSHOUND_CRASH_SEED", int(time.Now().UnixNano()%1e9)))
	t.Logf("seed %d: rerun with NEWSHOUND_CRASH_SEED=%d for the same kill moments", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	f := newFixture(t, simweb.Options{Hosts: 4, FeedsPerHost: 3, ArticlesPerHost: 30, Seed: int64(seed)})
	feeds := f.web.FeedURLs()
	db := filepath.Join(f.dir, "data", "newshound.db")
	exported := map[string][]string{} // story ID -> rules, as exported before a kill
	stored, midCrawl := 0, 0
	for i := range kills {
		markOverdue(t, db)
		cmd, logs := startDaemon(t, f)
		testkit.WaitHealthy(t, f.listen)
		for _, a := range apiExport(t, f, "") {
			exported[a.ID] = flagRules(&a)
		}
		delay := time.Duration(rng.Int64N(int64(maxKillDelay)))
		time.Sleep(delay)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait() // "signal: killed"
		arts := checkAfterCrash(t, db, exported, logs.String())
		total := len(f.web.Articles())
		if len(arts) > stored && len(arts) < total {
			midCrawl++
		}
		t.Logf("kill %d/%d at +%v after /healthz: %d of %d stories stored, %d flags exported so far",
			i+1, kills, delay.Round(time.Millisecond), len(arts), total, len(exported))
		stored = len(arts)
		// New stories keep every restart busy.
		for range 3 {
			if _, err := f.web.AddFeedItem(feeds[rng.IntN(len(feeds))], simweb.Post{Kind: simweb.Kind(rng.IntN(6))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if midCrawl < kills/4 {
		t.Errorf("only %d of %d kills interrupted a crawl in progress (stories stored but not all), want at least %d: the test no longer kills mid-write", midCrawl, kills, kills/4)
	}
	t.Logf("%d of %d kills interrupted a crawl in progress", midCrawl, kills)

	// Crawling resumes: stories published after the last kill get stored.
	for i, u := range feeds[:6] {
		if _, err := f.web.AddFeedItem(u, simweb.Post{Kind: simweb.Kind(i)}); err != nil {
			t.Fatal(err)
		}
	}
	want := f.web.Articles()
	markOverdue(t, db)
	cmd, logs := startDaemon(t, f)
	testkit.WaitHealthy(t, f.listen)
	deadline := time.Now().Add(60 * time.Second)
	for n := len(apiExport(t, f, "&all=1")); n != len(want); n = len(apiExport(t, f, "&all=1")) {
		if time.Now().After(deadline) {
			stopDaemon(t, cmd, logs)
			t.Fatalf("crawling did not resume: after 60s, %d of %d stories stored; daemon logs:\n%s", n, len(want), tail(logs.String()))
		}
		time.Sleep(50 * time.Millisecond)
	}
	stopDaemon(t, cmd, logs)
	arts := checkAfterCrash(t, db, exported, logs.String())
	got := map[string]store.Article{}
	for _, a := range arts {
		got[a.URL] = a
	}
	for _, w := range want {
		a, ok := got[w.URL]
		if !ok {
			t.Errorf("story %s (%s) was never stored", w.URL, w.Kind)
			continue
		}
		if flagged := len(a.Flags) > 0; flagged != w.Flag {
			t.Errorf("story %s (%s) flagged = %v, want %v", w.URL, w.Kind, flagged, w.Flag)
		}
	}
	if len(arts) != len(want) {
		t.Errorf("database holds %d stories, want the web's %d", len(arts), len(want))
	}
}

// checkAfterCrash checks the database at path after a kill: it passes
// store.CheckFile (bbolt's Tx.Check and the index checks), every flag in
// exported is still there, and no story is stored twice, by ID or by URL.
// It returns the stored stories.
func checkAfterCrash(t *testing.T, path string, exported map[string][]string, logs string) []store.Article {
	t.Helper()
	if err := store.CheckFile(t.Context(), path, store.Options{}); err != nil {
		t.Fatalf("database after a kill: %v\ndaemon logs:\n%s", err, tail(logs))
	}
	st, err := store.Open(t.Context(), path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("database after a kill does not open: %v", err)
	}
	defer st.Close()
	var arts []store.Article
	ids, urls := map[string]bool{}, map[string]bool{}
	err = st.Articles(t.Context(), store.Query{}, func(a *store.Article) error {
		if ids[a.ID] || urls[a.URL] {
			t.Errorf("story %s (%s) is stored twice", a.ID, a.URL)
		}
		ids[a.ID], urls[a.URL] = true, true
		arts = append(arts, *a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, rules := range exported {
		a, err := st.Article(t.Context(), id)
		if err != nil {
			t.Errorf("story %s, exported flagged before a kill: %v", id, err)
			continue
		}
		if got := flagRules(a); !slices.Equal(got, rules) {
			t.Errorf("story %s was exported flagged by %v, now by %v", id, rules, got)
		}
	}
	return arts
}

// apiExport asks the running daemon for its export, one entry per article
// (not per story cluster): flagged stories, or all with query "&all=1".
func apiExport(t *testing.T, f *fixture, query string) []store.Article {
	t.Helper()
	resp, err := http.Get("http://" + f.listen + "/api/v1/export?format=jsonl&cluster=false" + query)
	if err != nil {
		t.Fatalf("export through the daemon: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("export through the daemon: %s, %v\n%.300s", resp.Status, err, body)
	}
	return decodeLines(t, string(body))
}

func flagRules(a *store.Article) []string {
	var rules []string
	for _, f := range a.Flags {
		rules = append(rules, f.Rule)
	}
	slices.Sort(rules)
	return rules
}

// stopDaemon sends SIGTERM and waits for a clean exit.
func stopDaemon(t *testing.T, cmd *exec.Cmd, logs *testkit.Buffer) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("daemon exited with %v after SIGTERM; logs:\n%s", err, tail(logs.String()))
		}
	case <-time.After(daemon.ShutdownGrace + 5*time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("daemon did not stop within %v of SIGTERM; logs:\n%s", daemon.ShutdownGrace+5*time.Second, tail(logs.String()))
	}
}

// tail is the end of a daemon's logs, enough to see why it failed.
func tail(logs string) string {
	const n = 4000
	if len(logs) > n {
		return "..." + logs[len(logs)-n:]
	}
	return logs
}

// envInt reads a whole number from the environment, or returns def.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q is not a whole number (unset it or give one like 20)", name, v)
	}
	return n
}

// markOverdue makes every stored feed due a day ago, as after a long
// outage: the restarted daemon resumes each overdue feed within a second
// or two instead of at the next due time it stored (up to an interval
// away), which keeps every round of the test crawling.
func markOverdue(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return // the first start: no database yet
	}
	st, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatalf("open the database to mark feeds overdue: %v", err)
	}
	defer st.Close()
	feeds, err := st.Feeds(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range feeds {
		fd.NextDue = time.Now().Add(-24 * time.Hour)
		if err := st.PutFeed(t.Context(), fd); err != nil {
			t.Fatal(err)
		}
	}
}
