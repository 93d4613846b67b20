package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// TestPostgresTwoDaemons: two daemons on one PostgreSQL database share
// the crawl, each article page is fetched once, and a reload of one
// reaches the other.
func TestPostgresTwoDaemons(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 6})
	usePostgres(t, f)
	// The second daemon: the same configuration on another address.
	second := &fixture{web: f.web, dir: f.dir, config: filepath.Join(f.dir, "second.yaml"), listen: freeAddr(t)}
	data, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, second.config, strings.Replace(string(data), "listen: "+f.listen, "listen: "+second.listen, 1))
	startDaemon(t, f)
	_, logs2 := startDaemon(t, second)
	testkit.WaitHealthy(t, f.listen)
	testkit.WaitHealthy(t, second.listen)
	total := len(f.web.Articles())
	testkit.WaitFor(t, "every story crawled", 60*time.Second, func() bool {
		out, _, err := newshound(t, "export", "--config", f.config, "--all", "--format", "jsonl")
		return err == nil && len(decodeLines(t, out)) == total
	})
	fetched := map[string]int{}
	for _, r := range f.web.Requests() {
		if r.Resource == simweb.ResourceArticle {
			fetched[r.Host+r.Path]++
		}
	}
	if len(fetched) == 0 {
		t.Error("no article page fetched") // robots.txt keeps some out: those are kept from the feed
	}
	for page, n := range fetched {
		if n != 1 {
			t.Errorf("%s fetched %d times by the two daemons, want once", page, n)
		}
	}

	// POST /-/reload on the first reaches the second, which listens on
	// the database (retried: the second's LISTEN may not be in place yet).
	testkit.WaitFor(t, "the second daemon to reload after the first", 20*time.Second, func() bool {
		resp, err := http.Post("http://"+f.listen+"/-/reload", "application/json", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST /-/reload = %s", resp.Status)
		}
		return strings.Contains(logs2.String(), "another daemon of the database reloaded")
	})
}
