package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/daemon"
	feedbook "github.com/newshound/newshound/cmd/newshound/internal/feeds"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// runDaemon runs `newshound run` in this process until the test ends.
func runDaemon(t *testing.T, cfgPath, listen string) *testkit.Buffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &testkit.Buffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"run", "--config", cfgPath}, &bytes.Buffer{}, logs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	})
	testkit.WaitHealthy(t, listen)
	return logs
}

func TestReloadThroughAPI(t *testing.T) {
	t.Parallel()
	web := testkit.Web(t, simweb.Options{Hosts: 3, ArticlesPerHost: 6})
	feeds := web.FeedURLs()
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	listen, token := freeAddr(t), "reload-test-token-s3cret"
	writeConfig(t, cfgPath, listen, token, true, feeds[:1], neverRule)
	logs := runDaemon(t, cfgPath, listen)
	testkit.WaitFor(t, "feed 0 polled", 60*time.Second, func() bool { return web.Hits(feeds[0]) > 0 })

	var e map[string]string
	if code := testkit.DecodeJSON(t, http.MethodPost, "http://"+listen+"/-/reload", "", &e); code != http.StatusUnauthorized {
		t.Errorf("POST /-/reload without the token = %d, want 401", code)
	}

	// Feeds added by command go through the daemon, which polls them at once.
	out, _, err := newshound(t, "feeds", "add", feeds[1], "--config", cfgPath)
	if err != nil || !strings.Contains(out, "added "+feeds[1]) {
		t.Fatalf("feeds add through the daemon = %q, %v", out, err)
	}
	testkit.WaitFor(t, "added feed 1 polled", 60*time.Second, func() bool { return web.Hits(feeds[1]) > 0 })
	if rows := listJSON(t, cfgPath); len(rows) != 2 || rows[1].Source != feedbook.SourceAdded {
		t.Errorf("feeds list through the daemon = %+v, want 2 feeds, the second added", rows)
	}
	if _, _, err := newshound(t, "feeds", "remove", feeds[0], "--config", cfgPath); !errors.Is(err, feedbook.ErrConflict) || !strings.Contains(err.Error(), "delete it there") {
		t.Errorf("feeds remove of a config feed through the daemon = %v, want the conflict and the fix", err)
	}

	// Every story of feeds 0 and 1 is stored under the old rule before the
	// reload, so that only feed 2's are new to the new one.
	before := 0
	for _, a := range web.Articles() {
		if a.FeedURL == feeds[0] || a.FeedURL == feeds[1] {
			before++
		}
	}
	testkit.WaitFor(t, "feeds 0 and 1 stored", 60*time.Second, func() bool {
		out, _, err := newshound(t, "export", "--config", cfgPath, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == before
	})

	// A reload starts feed 2, stops feed 0 and flags new stories with the new rule.
	writeConfig(t, cfgPath, listen, token, true, feeds[2:3], testkit.BankRules)
	var res daemon.ReloadResult
	if code := testkit.DecodeJSON(t, http.MethodPost, "http://"+listen+"/-/reload", token, &res); code != http.StatusOK {
		t.Fatalf("POST /-/reload = %d, want 200", code)
	}
	if res.Feeds != 2 || !slices.Equal(res.Started, feeds[2:3]) || !slices.Equal(res.Stopped, feeds[:1]) || res.Rules != 1 || len(res.RestartNeeded) != 0 {
		t.Errorf("reload = %+v, want 2 feeds, feed 2 started, feed 0 stopped, 1 rule, no restart", res)
	}
	// The API's rule list follows the reload too.
	var rl struct {
		Rules []struct {
			Name       string
			Configured bool
		}
	}
	testkit.DecodeJSON(t, http.MethodGet, "http://"+listen+"/api/v1/rules", token, &rl)
	var configured []string
	for _, r := range rl.Rules {
		if r.Configured {
			configured = append(configured, r.Name)
		}
	}
	if !slices.Equal(configured, []string{"bank-facebook-data-sharing"}) {
		t.Errorf("configured rules in GET /api/v1/rules after the reload = %v, want [bank-facebook-data-sharing]", configured)
	}
	testkit.WaitFor(t, "feed 2 polled and stored", 60*time.Second, func() bool {
		out, _, err := newshound(t, "export", "--config", cfgPath, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == len(web.Articles())
	})
	out, _, err = newshound(t, "export", "--config", cfgPath, "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range web.Articles() {
		if a.Flag && a.FeedURL == feeds[2] {
			want = append(want, a.URL)
		}
	}
	var got []string
	for _, a := range decodeLines(t, out) {
		got = append(got, a.URL)
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("flagged after the reload = %v, want exactly feed 2's flag stories %v (rules apply to new stories only)", got, want)
	}

	// Export and import go through the daemon too; an imported feed starts.
	opmlPath := filepath.Join(filepath.Dir(cfgPath), "feeds.opml")
	out, _, err = newshound(t, "feeds", "export", "--config", cfgPath)
	if err != nil || !strings.Contains(out, `xmlUrl="`+feeds[1]+`"`) || !strings.Contains(out, `xmlUrl="`+feeds[2]+`"`) {
		t.Fatalf("feeds export through the daemon = %q, %v; want feeds 1 and 2", out, err)
	}
	writeFile(t, opmlPath, strings.Replace(out, `xmlUrl="`+feeds[2]+`"`, `xmlUrl="`+feeds[0]+`"`, 1))
	web.Reset()
	out, _, err = newshound(t, "feeds", "import", opmlPath, "--config", cfgPath)
	if err != nil || !strings.Contains(out, "imported 1 feeds") || !strings.Contains(out, "1 already polled") {
		t.Errorf("feeds import through the daemon = %q, %v; want feed 0 imported, feed 1 present", out, err)
	}
	// Feed 0 was polled before, so it resumes at its stored next due time
	// rather than at once: it is back in the polled list, with that time.
	var back bool
	for _, r := range listJSON(t, cfgPath) {
		back = back || (r.URL == feeds[0] && r.Source == feedbook.SourceAdded && r.NextDue != nil)
	}
	if !back {
		t.Errorf("after the import, feeds list lacks feed 0 as an added feed with its next due time")
	}

	// An invalid file changes nothing: 400 with the reason, and logged.
	writeFile(t, cfgPath, "fetch:\n  timout: 5s\n")
	if code := testkit.DecodeJSON(t, http.MethodPost, "http://"+listen+"/-/reload", token, &e); code != http.StatusBadRequest || !strings.Contains(e["error"], `unknown key "timout" in fetch`) {
		t.Errorf("POST /-/reload of a bad file = %d %v, want 400 naming the key", code, e)
	}
	if !strings.Contains(logs.String(), "configuration reload failed; the running configuration stays") || !strings.Contains(logs.String(), "timout") {
		t.Errorf("daemon logs lack the failed reload and its reason:\n%s", logs)
	}
	writeConfig(t, cfgPath, listen, token, true, feeds[2:3], "rules:\n  - name: r\n    query: 'facebook AND (bank'\n")
	if code := testkit.DecodeJSON(t, http.MethodPost, "http://"+listen+"/-/reload", token, &e); code != http.StatusBadRequest || !strings.Contains(e["error"], `rule "r"`) {
		t.Errorf("POST /-/reload with a bad rule = %d %v, want 400 naming the rule", code, e)
	}
	var list struct{ Feeds []feedbook.Row }
	testkit.DecodeJSON(t, http.MethodGet, "http://"+listen+"/api/v1/feeds", token, &list)
	if len(list.Feeds) != 3 || list.Feeds[0].URL != feeds[2] {
		t.Errorf("after failed reloads, GET /api/v1/feeds = %+v, want still feed 2 and the added feeds 0 and 1", list.Feeds)
	}
	// A change that needs a restart is applied elsewhere and listed.
	writeConfig(t, cfgPath, listen, token, false, feeds[2:3], testkit.BankRules)
	if code := testkit.DecodeJSON(t, http.MethodPost, "http://"+listen+"/-/reload", token, &res); code != http.StatusOK || !slices.Equal(res.RestartNeeded, []string{"fetch"}) {
		t.Errorf("reload with fetch changed = %d %+v, want 200 and restart_needed [fetch]", code, res)
	}
}

func TestReloadOnSIGHUP(t *testing.T) {
	t.Parallel()
	web := testkit.Web(t, simweb.Options{Hosts: 2, ArticlesPerHost: 3})
	feeds := web.FeedURLs()
	f := &fixture{web: web, dir: t.TempDir(), listen: freeAddr(t)}
	f.config = filepath.Join(f.dir, "config.yaml")
	writeConfig(t, f.config, f.listen, "", true, feeds[:1], testkit.BankRules)
	cmd, logs := startDaemon(t, f)
	// SIGHUP before the daemon listens for it would kill it.
	testkit.WaitHealthy(t, f.listen)
	testkit.WaitFor(t, "feed 0 polled", 60*time.Second, func() bool { return web.Hits(feeds[0]) > 0 })

	writeFile(t, f.config, "feeds:\n  - url: nope\n")
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, "the failed reload logged", 60*time.Second, func() bool {
		return strings.Contains(logs.String(), "configuration reload failed")
	})
	writeConfig(t, f.config, f.listen, "", true, feeds, testkit.BankRules)
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, "feed 1 polled after SIGHUP", 60*time.Second, func() bool { return web.Hits(feeds[1]) > 0 })
	stopDaemon(t, cmd, logs)
	for _, want := range []string{`feeds[1].url`, "configuration reloaded", "started=1"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("daemon logs lack %q:\n%s", want, logs)
		}
	}
}
