package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/testkit/seeds"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// scoredPage is an evaluation page with what its text is scored against: an
// aeb-dev article body, or trafilatura-dev snippets.
type scoredPage struct {
	costPage
	aebBody string     // aeb-dev: the true article body
	traf    *trafTruth // trafilatura-dev: the snippets
}

// loadScoredPages reads every page of both corpora with its truth.
func loadScoredPages(tb testing.TB, dir string) []scoredPage {
	tb.Helper()
	var pages []scoredPage
	aeb, err := readAEBTruth(filepath.Join(dir, "aeb-dev"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, id := range slices.Sorted(maps.Keys(aeb)) {
		body, err := readGzip(os.DirFS(dir), "aeb-dev/html/"+id+".html.gz")
		if err != nil {
			tb.Fatal(err)
		}
		u, _ := url.Parse(aeb[id].URL)
		pages = append(pages, scoredPage{costPage: costPage{body: body, contentType: "text/html; charset=utf-8", url: u}, aebBody: aeb[id].ArticleBody})
	}
	traf, err := readTrafTruth(filepath.Join(dir, "trafilatura-dev"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, k := range slices.Sorted(maps.Keys(traf)) {
		t := traf[k]
		body, err := os.ReadFile(filepath.Join(dir, "trafilatura-dev", "html", t.File))
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, scoredPage{costPage: costPage{body: body, contentType: "text/html"}, traf: &t})
	}
	return pages
}

// hostsWeb serves pages as a web of hosts: feed k, of perFeed items, and its
// pages are served by their own server on loopback address 127.0.0.(10+k), as
// separate news sites would be. It returns the feed URLs and each page's URL.
func hostsWeb(tb testing.TB, pages []scoredPage, perFeed int) (feeds, urls []string) {
	tb.Helper()
	urls = make([]string, len(pages))
	for k := 0; k*perFeed < len(pages); k++ {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.%d:0", 10+k))
		if err != nil {
			tb.Fatal(err)
		}
		mux := http.NewServeMux()
		srv := httptest.NewUnstartedServer(mux)
		srv.Listener.Close()
		srv.Listener = ln
		srv.Start()
		tb.Cleanup(srv.Close)
		first, last := k*perFeed, min(len(pages), (k+1)*perFeed)
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site %d</title><link>%s/</link>`, k, srv.URL)
		for i := first; i < last; i++ {
			urls[i] = fmt.Sprintf("%s/p/%d", srv.URL, i)
			fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate></item>`,
				i, urls[i], urls[i], time.Date(2024, 1, 1+i%28, 8, 0, 0, 0, time.UTC).Format(time.RFC1123Z))
		}
		b.WriteString(`</channel></rss>`)
		feed := []byte(b.String())
		mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(feed)
		})
		mux.HandleFunc("/p/{n}", func(w http.ResponseWriter, r *http.Request) {
			n, err := strconv.Atoi(r.PathValue("n"))
			if err != nil || n < first || n >= last {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", pages[n].contentType)
			w.Write(pages[n].body)
		})
		feeds = append(feeds, srv.URL+"/feed.xml")
	}
	return feeds, urls
}

// textScore is the text quality of one run over the scored pages.
type textScore struct {
	aebF1, snippetF float64
	texts           int // pages with a non-empty text
}

// scoreTexts scores texts[i], the text kept for pages[i] ("" for none), with
// the evaluation's metrics: aeb-dev's body F1 and trafilatura-dev's snippet F.
func scoreTexts(pages []scoredPage, texts []string) textScore {
	var body bodyScore
	var snippets snippetScore
	var s textScore
	for i, p := range pages {
		if texts[i] != "" {
			s.texts++
		}
		if p.traf == nil {
			body.add(p.aebBody, texts[i])
		} else {
			snippets.add(p.traf.With, p.traf.Without, texts[i])
		}
	}
	_, _, s.aebF1 = body.result()
	_, _, s.snippetF = snippets.result()
	return s
}

// BenchmarkVersusMiniflux crawls the 420 evaluation pages, served as 9 news
// sites on loopback, once with newshound's crawl path (into a bbolt file) and
// once with Miniflux, its full-article scraper ("crawler") on every feed, on a
// throwaway PostgreSQL; and reports each one's wall time for the whole crawl,
// CPU time, and the text it kept scored with the evaluation's metrics. Miniflux
// is not a dependency: MINIFLUX_BIN names its binary, built apart:
//
//	GOBIN=/tmp/mf go install miniflux.app/v2@v2.3.5
//	MINIFLUX_BIN=/tmp/mf/miniflux.app NEWSHOUND_DATA=../shared/data go test -run '^$' -bench VersusMiniflux -benchtime 1x ./crawler/extract/eval/
//
// Miniflux's CPU is its process's, and PostgreSQL's is reported beside it (the
// test cluster's postmaster and backends, exited ones included); newshound's is
// the test process's, the loopback servers included: tool=serve bounds their
// share, the CPU of fetching every feed and page with nothing done with them.
// pgtest's cluster runs with fsync off, where newshound's bbolt file syncs
// every commit.
func BenchmarkVersusMiniflux(b *testing.B) {
	bin := os.Getenv("MINIFLUX_BIN")
	if os.Getenv("NEWSHOUND_DATA") == "" || bin == "" {
		b.Skip("set NEWSHOUND_DATA to the shared data directory and MINIFLUX_BIN to a miniflux binary to compare with Miniflux")
	}
	dir, err := findData(seeds.DataDir())
	if err != nil {
		b.Fatal(err) // asked for by NEWSHOUND_DATA, so a wrong folder is an error, not a skip
	}
	pages := loadScoredPages(b, dir)
	feeds, urls := hostsWeb(b, pages, 50)
	index := make(map[string]int, len(urls))
	for i, u := range urls {
		index[u] = i
	}
	b.Run("tool=newshound", func(b *testing.B) {
		var wall, cpu time.Duration
		var score textScore
		i := 0
		for b.Loop() {
			w, c, texts := newshoundCrawl(b, feeds, index, len(pages), i)
			wall, cpu, score = wall+w, cpu+c, scoreTexts(pages, texts)
			i++
		}
		report(b, wall, cpu, score)
	})
	b.Run("tool=serve", func(b *testing.B) {
		var wall, cpu time.Duration
		for b.Loop() {
			start, startCPU := time.Now(), cpuTime(b)
			for _, u := range append(slices.Clone(feeds), urls...) {
				resp, err := http.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			wall, cpu = wall+time.Since(start), cpu+cpuTime(b)-startCPU
		}
		b.ReportMetric(wall.Seconds()/float64(b.N), "wall-s/crawl")
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/crawl")
	})
	b.Run("tool=miniflux", func(b *testing.B) {
		var wall, cpu, pgCPU time.Duration
		var score textScore
		for b.Loop() {
			w, c, pg, texts := minifluxCrawl(b, bin, feeds, index, len(pages))
			wall, cpu, pgCPU, score = wall+w, cpu+c, pgCPU+pg, scoreTexts(pages, texts)
		}
		report(b, wall, cpu, score)
		b.ReportMetric(pgCPU.Seconds()/float64(b.N), "postgres-cpu-s/crawl")
	})
}

func report(b *testing.B, wall, cpu time.Duration, s textScore) {
	b.ReportMetric(wall.Seconds()/float64(b.N), "wall-s/crawl")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/crawl")
	b.ReportMetric(s.aebF1, "aeb-F1")
	b.ReportMetric(s.snippetF, "snippet-F")
	b.ReportMetric(float64(s.texts), "texts")
}

// newshoundCrawl runs one crawl of feeds into a new bbolt file and returns its
// wall and CPU time and the text stored for each page.
func newshoundCrawl(b *testing.B, feeds []string, index map[string]int, n, run int) (wall, cpu time.Duration, texts []string) {
	set, err := rules.Compile([]rules.Definition{{Name: "bank-data", Query: `bank AND data`}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(b.Context(), filepath.Join(b.TempDir(), fmt.Sprintf("vs%d.db", run)), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	c, err := crawler.New(b.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler),
		AllowPrivateNetworks: true, RetryDelays: []time.Duration{}}, st, set)
	if err != nil {
		b.Fatal(err)
	}
	specs := make([]crawler.FeedSpec, len(feeds))
	for i, f := range feeds {
		specs[i] = crawler.FeedSpec{URL: f}
	}
	start, startCPU := time.Now(), cpuTime(b)
	sum := c.Crawl(b.Context(), specs, nil)
	wall, cpu = time.Since(start), cpuTime(b)-startCPU
	if len(sum.Failed()) > 0 {
		b.Fatalf("crawl: %d feeds failed, first: %v", len(sum.Failed()), sum.Failed()[0].Err)
	}
	texts = make([]string, n)
	err = st.Articles(b.Context(), store.Query{}, func(a *store.Article) error {
		for _, u := range append([]string{a.URL}, a.Aliases...) {
			if i, ok := index[u]; ok {
				texts[i] = a.Text
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return wall, cpu, texts
}

// minifluxCrawl starts Miniflux on a fresh database, subscribes to every feed
// with its scraper on, all at once (Miniflux fetches and scrapes a feed's
// entries while it answers the subscription), and returns the wall time until
// the last subscription is answered, Miniflux's CPU time over it, and each
// page's scraped text.
func minifluxCrawl(b *testing.B, bin string, feeds []string, index map[string]int, n int) (wall, cpu, pgCPU time.Duration, texts []string) {
	dsn := pgtest.DSN(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	const user, password = "admin", "newshound-bench"
	env := append(os.Environ(), "DATABASE_URL="+dsn, "LISTEN_ADDR="+addr, "RUN_MIGRATIONS=1", "CREATE_ADMIN=1",
		"ADMIN_USERNAME="+user, "ADMIN_PASSWORD="+password, "FETCHER_ALLOW_PRIVATE_NETWORKS=1",
		"POLLING_FREQUENCY=1440", "LOG_LEVEL=error")
	ctx, cancel := context.WithCancel(b.Context())
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = env
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		cancel()
		b.Fatalf("start miniflux: %v", err)
	}
	defer func() {
		cancel()
		cmd.Wait()
	}()
	base := "http://" + addr
	api := func(method, path string, body any, out any) error {
		var rd io.Reader
		if body != nil {
			j, _ := json.Marshal(body)
			rd = bytes.NewReader(j)
		}
		req, err := http.NewRequestWithContext(b.Context(), method, base+path, rd)
		if err != nil {
			return err
		}
		req.SetBasicAuth(user, password)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, raw)
		}
		if out != nil {
			return json.Unmarshal(raw, out)
		}
		return nil
	}
	var cats []struct {
		ID int64 `json:"id"`
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err = api("GET", "/v1/categories", nil, &cats); err == nil && len(cats) > 0 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("miniflux did not answer within 30 s: %v\n%s", err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	before, beforePG := procCPU(b, cmd.Process.Pid), postgresCPU(b)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, len(feeds))
	for i, f := range feeds {
		wg.Go(func() {
			errs[i] = api("POST", "/v1/feeds", map[string]any{"feed_url": f, "category_id": cats[0].ID, "crawler": true}, nil)
		})
	}
	wg.Wait()
	wall = time.Since(start)
	cpu = procCPU(b, cmd.Process.Pid) - before
	pgCPU = postgresCPU(b) - beforePG
	for _, err := range errs {
		if err != nil {
			b.Fatalf("miniflux subscription: %v\n%s", err, logs.String())
		}
	}
	texts = make([]string, n)
	for offset := 0; ; offset += 1000 { // the API's largest page
		var page struct {
			Entries []struct {
				URL     string `json:"url"`
				Content string `json:"content"`
			} `json:"entries"`
		}
		if err := api("GET", fmt.Sprintf("/v1/entries?limit=1000&offset=%d", offset), nil, &page); err != nil {
			b.Fatal(err)
		}
		for _, e := range page.Entries {
			if i, ok := index[e.URL]; ok {
				texts[i] = htmlText(e.Content)
			}
		}
		if len(page.Entries) < 1000 {
			return wall, cpu, pgCPU, texts
		}
	}
}

// procCPU returns the user and system CPU time process pid has used so far.
func procCPU(tb testing.TB, pid int) time.Duration {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Fatal(err)
	}
	return statCPU(raw, false)
}

// statCPU reads the CPU time from a /proc/PID/stat line: utime and stime, the
// 12th and 13th fields after the command's closing parenthesis, and with
// children, cutime and cstime after them (the exited children it has waited
// for), in clock ticks of 1/100 s.
func statCPU(stat []byte, children bool) time.Duration {
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(f) < 15 {
		return 0
	}
	n := 2
	if children {
		n = 4
	}
	var ticks int
	for _, v := range f[11 : 11+n] {
		t, _ := strconv.Atoi(v)
		ticks += t
	}
	return time.Duration(ticks) * 10 * time.Millisecond
}

// postgresCPU returns the CPU time used so far by the test cluster: its
// postmaster (with the exited children it has waited for) and its live
// backends, the processes whose parent is the postmaster.
func postgresCPU(tb testing.TB) time.Duration {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(pgtest.Shared(tb).Dir(), "data", "postmaster.pid"))
	if err != nil {
		tb.Fatalf("the test cluster's postmaster: %v", err)
	}
	postmaster, _, _ := strings.Cut(string(raw), "\n")
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var sum time.Duration
	for _, p := range stats {
		stat, err := os.ReadFile(p)
		if err != nil {
			continue // gone
		}
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		pid := filepath.Base(filepath.Dir(p))
		if len(f) > 1 && (pid == postmaster || f[1] == postmaster) {
			sum += statCPU(stat, true)
		}
	}
	return sum
}

// blockTags separate the text of a scraped article's HTML into paragraphs.
var blockTags = map[string]bool{"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true, "tr": true, "td": true, "figcaption": true}

// htmlText returns the text of an HTML fragment, with blank lines between blocks.
func htmlText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blockTags[n.Data] {
			b.WriteString("\n\n")
		}
	}
	walk(doc)
	return strings.TrimSpace(b.String())
}
