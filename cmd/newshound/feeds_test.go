package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	feedbook "github.com/newshound/newshound/cmd/newshound/internal/feeds"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// neverRule matches no simulated story.
const neverRule = `
rules:
  - name: never
    query: 'zzyzx AND qwxq'
`

// writeConfig writes a test configuration polling feeds.
func writeConfig(t *testing.T, path, listen, token string, allowPrivate bool, feeds []string, rules string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "storage:\n  path: data/newshound.db\nfetch:\n  user_agent: newshound-test\n  timeout: 5s\n  host_delay: 0s\n  allow_private_networks: %v\n", allowPrivate)
	fmt.Fprintf(&b, "schedule:\n  interval: 1h\nserver:\n  listen: %s\n  token: %q\nlog:\n  level: debug\nfeeds:", listen, token)
	if len(feeds) == 0 {
		b.WriteString(" []")
	}
	b.WriteString("\n")
	for _, u := range feeds {
		fmt.Fprintf(&b, "  - url: %s\n", u)
	}
	b.WriteString(rules)
	writeFile(t, path, b.String())
}

func listJSON(t *testing.T, config string) []feedbook.Row {
	t.Helper()
	out, _, err := newshound(t, "feeds", "list", "--json", "--config", config)
	if err != nil {
		t.Fatalf("feeds list --json: %v", err)
	}
	var rows []feedbook.Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("feeds list --json output is not JSON: %v\n%s", err, out)
	}
	return rows
}

func TestFeedsCommands(t *testing.T) {
	web := testkit.Web(t, simweb.Options{Hosts: 3, ArticlesPerHost: 4})
	feeds := web.FeedURLs()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	writeConfig(t, cfgPath, freeAddr(t), "", true, feeds[:1], testkit.BankRules)

	out, _, err := newshound(t, "feeds", "add", web.Hosts()[1]+"/", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "added "+feeds[1]+" (linked from") {
		t.Fatalf("feeds add SITE = %q, %v; want the feed discovered from the home page", out, err)
	}
	errTests := []struct {
		args []string
		kind error
		want string
	}{
		{[]string{"add", feeds[1]}, feedbook.ErrConflict, "was already added on"},
		{[]string{"add", feeds[0]}, feedbook.ErrConflict, "is already in " + cfgPath + " (feeds[1], counted from 1"},
		{[]string{"add", "ftp://example.com/rss"}, feedbook.ErrInput, "must start with http"},
		{[]string{"add", web.Hosts()[2] + "/nothing-here"}, feedbook.ErrInput, "answered 404"},
		{[]string{"remove", feeds[0]}, feedbook.ErrConflict, "is listed in " + cfgPath + " (feeds[1], counted from 1): delete it there"},
		{[]string{"remove", feeds[2]}, feedbook.ErrUnknown, "does not poll"},
	}
	for _, tt := range errTests {
		_, _, err := newshound(t, append(append([]string{"feeds"}, tt.args...), "--config", cfgPath)...)
		if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 1 {
			t.Errorf("feeds %v = %v (exit %d), want %v containing %q and exit 1", tt.args, err, exitCode(err), tt.kind, tt.want)
		}
	}

	rows := listJSON(t, cfgPath)
	if len(rows) != 2 || rows[0].URL != feeds[0] || rows[0].Source != feedbook.SourceConfig || rows[1].URL != feeds[1] || rows[1].Source != feedbook.SourceAdded {
		t.Fatalf("feeds list = %+v, want feed 0 from config and feed 1 added", rows)
	}
	if rows[1].State != feedbook.StateNew || rows[1].LastFetch != nil || rows[1].Interval != "1h0m0s" {
		t.Errorf("added feed before any crawl = %+v, want state new, never fetched, interval 1h", rows[1])
	}
	out, _, err = newshound(t, "crawl", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "feeds: 2 ok, 0 failed") {
		t.Fatalf("crawl polls config and added feeds: %q, %v; want 2 ok", out, err)
	}
	for _, r := range listJSON(t, cfgPath) {
		if r.State != feedbook.StateOK || r.LastFetch == nil || r.NextDue == nil || r.NextDue.Sub(*r.LastFetch).Hours() != 1 || r.Title == "" {
			t.Errorf("feed after a crawl = %+v, want ok, fetched, next due an hour later, titled", r)
		}
	}
	out, _, err = newshound(t, "feeds", "list", "--config", cfgPath)
	if err != nil || !strings.Contains(out, "STATE") || !regexp.MustCompile(`(?m)^ok\s+0\s+\d+s ago\s+in 1h\s+1h\s+added\s+`+regexp.QuoteMeta(feeds[1])).MatchString(out) || !strings.Contains(out, "in 1h") || !strings.Contains(out, "2 feeds") {
		t.Errorf("feeds list table = %q, %v", out, err)
	}

	opmlPath := filepath.Join(dir, "feeds.opml")
	if out, _, err = newshound(t, "feeds", "export", "--output", opmlPath, "--config", cfgPath); err != nil {
		t.Fatalf("feeds export: %v", err)
	}
	data, _ := os.ReadFile(opmlPath)
	for _, u := range feeds[:2] {
		if !strings.Contains(string(data), `xmlUrl="`+u+`"`) {
			t.Errorf("exported OPML lacks %s:\n%s", u, data)
		}
	}
	if out, _, err = newshound(t, "feeds", "remove", feeds[1], "--config", cfgPath); err != nil || !strings.Contains(out, "removed "+feeds[1]) {
		t.Errorf("feeds remove = %q, %v", out, err)
	}
	if rows := listJSON(t, cfgPath); len(rows) != 1 {
		t.Errorf("after remove, feeds list has %d feeds, want 1", len(rows))
	}
	out, _, err = newshound(t, "feeds", "import", opmlPath, "--config", cfgPath)
	if err != nil || !strings.Contains(out, "imported 1 feeds") || !strings.Contains(out, "1 already polled") {
		t.Errorf("feeds import of the export = %q, %v; want 1 imported, 1 already polled", out, err)
	}
	writeFile(t, opmlPath, "not opml at all")
	if _, _, err := newshound(t, "feeds", "import", opmlPath, "--config", cfgPath); err == nil || !strings.Contains(err.Error(), "not a usable OPML document") {
		t.Errorf("feeds import of a non-OPML file = %v, want a clear refusal", err)
	}
}

func TestFeedsAddRefusesPrivateAddresses(t *testing.T) {
	web := testkit.Web(t, simweb.Options{Hosts: 1, ArticlesPerHost: 2})
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	writeConfig(t, cfgPath, freeAddr(t), "", false, nil, testkit.BankRules)
	_, _, err := newshound(t, "feeds", "add", web.FeedURLs()[0], "--config", cfgPath)
	if err == nil || web.Stats().Requests != 0 {
		t.Errorf("feeds add of a loopback feed without allow_private_networks = %v with %d requests, want a refusal and none", err, web.Stats().Requests)
	}
}

func TestFeedsUsage(t *testing.T) {
	for _, args := range [][]string{{"feeds"}, {"feeds", "frob"}, {"feeds", "add"}, {"feeds", "import"}, {"feeds", "list", "extra"}} {
		if _, _, err := newshound(t, args...); exitCode(err) != 2 {
			t.Errorf("newshound %v: exit code %d (%v), want 2", args, exitCode(err), err)
		}
	}
}
