package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store/postgres"
)

// crawlAgent is the user agent of the one-shot crawls of the tests here,
// to tell their requests from the daemons'.
const crawlAgent = "newshound-crawl"

// runCrawl runs `newshound crawl` in-process with config, bounded in time,
// and returns its output, its log and how long it took.
func runCrawl(t *testing.T, config string) (out, logs string, took time.Duration, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	start := time.Now()
	err = run(ctx, []string{"crawl", "--config", config}, &stdout, &stderr)
	return stdout.String(), stderr.String(), time.Since(start), err
}

// feedsLine reads the summary's "feeds: N ok, M failed (T in all)".
var feedsLine = regexp.MustCompile(`(?m)^feeds: (\d+) ok, (\d+) failed \((\d+) in all\)`)

// TestCrawlBesideDaemonsSharesHosts runs `newshound crawl` on a PostgreSQL
// database while two `newshound run` daemons crawl it, over the simulated
// web with host_delay 200 ms. The daemons know the feeds of half the
// hosts, the crawl every feed. The crawl joins their share of the hosts
// for its pass, polls only the feeds of the hosts it was given (storing
// the articles of those the daemons do not know), leaves the others to
// the daemons and says so, exits 0, and gives the hosts back when it
// ends. No host ever sees two requests closer than host_delay, whichever
// processes sent them, and no article page is fetched twice.
func TestCrawlBesideDaemonsSharesHosts(t *testing.T) {
	t.Parallel()
	web := testkit.Web(t, simweb.Options{Hosts: 12, ArticlesPerHost: 6})
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	stalls := newStallMeter() // see TestThreeDaemonsShareOnePostgres
	defer stalls.stop()
	all := web.FeedURLs() // one per host
	daemonFeeds := all[:len(all)/2]
	var ds []*mpDaemon
	for i := range 2 {
		d := &mpDaemon{agent: fmt.Sprintf("newshound-d%d", i)}
		d.f = &fixture{web: web, dir: dir, config: filepath.Join(dir, fmt.Sprintf("config-%d.yaml", i)), listen: freeAddr(t)}
		writeFile(t, d.f.config, mpConfig(dsn, d.agent, d.f.listen, "", daemonFeeds))
		d.cmd, d.logs = startDaemon(t, d.f)
		ds = append(ds, d)
	}
	crawlConfig := filepath.Join(dir, "crawl.yaml")
	writeFile(t, crawlConfig, mpConfig(dsn, crawlAgent, freeAddr(t), "", all))
	for _, d := range ds {
		testkit.WaitHealthy(t, d.f.listen)
	}
	pg, err := postgres.Open(t.Context(), dsn, postgres.Options{MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	testkit.WaitFor(t, "the daemons to start fetching article pages", 30*time.Second, func() bool {
		return slices.ContainsFunc(web.Requests(), func(r simweb.Request) bool { return r.Resource == simweb.ResourceArticle })
	})

	out, logs, took, err := runCrawl(t, crawlConfig)
	crawlEnded := time.Now()
	if err != nil {
		t.Fatalf("crawl beside the daemons: %v\n%s\nlog:\n%s", err, out, tail(logs))
	}
	t.Logf("crawl beside two daemons, %v in all:\n%s", took.Round(time.Millisecond), out)

	// What the crawl polled, by its requests.
	polled := map[string]bool{}
	crawlHosts := map[string]bool{}
	for _, r := range web.Requests() {
		if r.Header.Get("User-Agent") != crawlAgent {
			continue
		}
		crawlHosts[r.Host] = true
		if r.Resource == simweb.ResourceFeed {
			polled["http://"+r.Host+r.Path] = true
		}
	}
	feeds := len(web.FeedURLs())
	m := feedsLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the crawl's summary has no feeds line:\n%s", out)
	}
	ok, _ := strconv.Atoi(m[1])
	if m[2] != "0" || m[3] != strconv.Itoa(feeds) || ok != len(polled) {
		t.Errorf("summary %q, want %d ok (the feeds the crawl requested), 0 failed, %d in all", m[0], len(polled), feeds)
	}
	left := feeds - len(polled)
	var wantLeft string
	switch left {
	case 0: // as likely as (84/256)^12: the crawl polled every feed as if alone
		t.Errorf("the crawl left no feed to the daemons: it cannot have held the hosts of all %d beside them\n%s", feeds, out)
	case 1:
		wantLeft = "  1 feed was left to the 2 other processes of the database, which poll them on their schedule\n"
	default:
		wantLeft = fmt.Sprintf("  %d feeds were left to the 2 other processes of the database, which poll them on their schedule\n", left)
	}
	if !strings.Contains(out, wantLeft) {
		t.Errorf("the summary does not say %q:\n%s", wantLeft, out)
	}
	if !regexp.MustCompile(`(?m)^hosts: (this pass held \d+ of the 256 host buckets beside|none given to this pass within .* by) the 2 other processes of the database`).MatchString(out) {
		t.Errorf("the summary does not say how many hosts the crawl held beside the 2 daemons:\n%s", out)
	}
	if len(polled) == 0 {
		t.Logf("the crawl was given none of the %d hosts (as likely as (172/256)^12, 1%%): only the report is checked", len(web.Hosts()))
	}
	// A feed left is one of a host the crawl never asked (one feed a host).
	for _, u := range all {
		if h := strings.SplitN(strings.TrimPrefix(u, "http://"), "/", 2)[0]; !polled[u] && crawlHosts[h] {
			t.Errorf("the crawl left the feed %s but sent requests to its host %s", u, h)
		}
	}
	if m := regexp.MustCompile(`given after (\S+)\)`).FindStringSubmatch(out); m != nil {
		waited, err := time.ParseDuration(m[1])
		if bound := pass.ShareWait(mpHostDelay); err != nil || waited > bound+5*time.Second {
			t.Errorf("the crawl waited %s for its hosts (%v), want at most ShareWait, %v, and room for a loaded machine", m[1], err, bound)
		}
	}
	// The articles of the feeds it polled are stored: by the crawl for
	// the feeds the daemons do not know.
	exp, _, err := newshound(t, "export", "--all", "--no-cluster", "--format", "jsonl", "--config", crawlConfig)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, a := range decodeLines(t, exp) {
		stored[a.URL] = true
	}
	crawlOnly, ofPolled := 0, 0
	for _, a := range web.Articles() {
		if !polled[a.FeedURL] {
			continue
		}
		ofPolled++
		if !slices.Contains(daemonFeeds, a.FeedURL) {
			crawlOnly++
		}
		if !stored[a.URL] {
			t.Errorf("the article %s of the feed %s the crawl polled is not stored", a.URL, a.FeedURL)
		}
	}
	// The crawl stores those of the feeds only it knows, and those of a
	// daemon's feed it was given before the daemon polled it.
	newLine := regexp.MustCompile(`(?m)^new articles: (\d+)`).FindStringSubmatch(out)
	if newLine == nil {
		t.Fatalf("the crawl's summary has no new articles line:\n%s", out)
	}
	if n, _ := strconv.Atoi(newLine[1]); n < crawlOnly || n > ofPolled {
		t.Errorf("the summary counts %d new articles, want from the %d of the feeds only the crawl knows to the %d of the feeds it polled:\n%s", n, crawlOnly, ofPolled, out)
	}
	if crawlOnly == 0 {
		t.Logf("the crawl was given no host of a feed the daemons do not know (as likely as (172/256)^6, 9%%): it stored nothing the daemons would not")
	}

	// The daemons take the crawl's hosts back on their next tick.
	testkit.WaitFor(t, "the two daemons holding every host bucket again", postgres.DefaultCoordTick+5*time.Second, func() bool {
		held, err := bucketHolders(t.Context(), pg)
		sum := 0
		for _, n := range held {
			sum += n
		}
		return err == nil && len(held) == 2 && sum == postgres.HostBuckets
	})
	t.Logf("the daemons held every host bucket again %v after the crawl ended", time.Since(crawlEnded).Round(time.Millisecond))
	for _, d := range ds {
		stopDaemon(t, d.cmd, d.logs)
	}

	// Politeness over the whole run, the crawl and the daemons together,
	// and one fetch per article page.
	for page, rs := range checkPolite(t, web, stalls) {
		if len(rs) != 1 {
			var who []string
			for _, r := range rs {
				who = append(who, r.Header.Get("User-Agent"))
			}
			t.Errorf("article %s fetched %d times (by %s), want once", page, len(rs), strings.Join(who, ", "))
		}
	}
}

// TestCrawlAloneOnPostgresPollsEveryFeed: with no daemon on the database,
// `newshound crawl` owns every host (after host_delay) and polls every
// feed, as it did before it shared them: no feed is left, no hosts line.
func TestCrawlAloneOnPostgresPollsEveryFeed(t *testing.T) {
	t.Parallel()
	web := testkit.Web(t, simweb.Options{Hosts: 4, ArticlesPerHost: 3})
	dsn := pgtest.DSN(t)
	config := filepath.Join(t.TempDir(), "crawl.yaml")
	writeFile(t, config, mpConfig(dsn, crawlAgent, freeAddr(t), "", web.FeedURLs()))
	out, logs, took, err := runCrawl(t, config)
	if err != nil {
		t.Fatalf("crawl alone on PostgreSQL: %v\n%s\nlog:\n%s", err, out, tail(logs))
	}
	feeds := len(web.FeedURLs())
	if want := fmt.Sprintf("feeds: %d ok, 0 failed (%d in all)", feeds, feeds); !strings.Contains(out, want) {
		t.Errorf("crawl alone: the summary lacks %q:\n%s", want, out)
	}
	if want := fmt.Sprintf("new articles: %d", len(web.Articles())); !strings.Contains(out, want) {
		t.Errorf("crawl alone: the summary lacks %q:\n%s", want, out)
	}
	for _, no := range []string{"hosts:", "left to", "handed"} {
		if strings.Contains(out, no) {
			t.Errorf("crawl alone: the summary says %q, as if it shared the database:\n%s", no, out)
		}
	}
	for _, u := range web.FeedURLs() {
		if web.Hits(u) != 1 {
			t.Errorf("crawl alone requested feed %s %d times, want once", u, web.Hits(u))
		}
	}
	waited := regexp.MustCompile(`msg="hosts shared for the pass" .*waited=(\S+)`).FindStringSubmatch(logs)
	if waited == nil {
		t.Fatalf("crawl alone: the log does not say how long the pass waited for its hosts:\n%s", tail(logs))
	}
	t.Logf("crawl alone on PostgreSQL (host_delay %v) took %v, %s of it waiting for the hosts:\n%s", mpHostDelay, took.Round(time.Millisecond), waited[1], out)
}
