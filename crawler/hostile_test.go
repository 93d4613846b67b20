package crawler_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/crawler/netguard"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/store"
)

// hostileCase is one misbehaving server crawled in one pass alongside a
// normal simulated site. The hostile server's feed is /feed.xml unless
// feedPath says otherwise; its single article is /article.
type hostileCase struct {
	name     string
	feedPath string
	handler  func(w http.ResponseWriter, r *http.Request)
	// feedErr, when set, must appear in the feed's stored LastError.
	feedErr string
	// feedIs, when set, must match the poll's error with errors.Is.
	feedIs error
	// articleErr, when set, must appear in /article's stored FetchError.
	articleErr string
	// notArticleErr must not appear in /article's FetchError.
	notArticleErr string
	// wantTitle, when set, is /article's stored title: the feed was read.
	wantTitle string
	// check, when set, inspects the poll result further.
	check func(t *testing.T, r crawler.FeedResult)
	// timeout is the crawler's per-request timeout; zero means
	// roomyTimeout. Only the cases about time (a drip that must be cut
	// off) set a short one: under a loaded machine the others, which
	// read or decompress megabytes, must not fail by timing out.
	timeout time.Duration
}

// roomyTimeout is the per-request timeout of the cases not about time.
const roomyTimeout = 10 * time.Second

func TestHostileWeb(t *testing.T) {
	bomb := gzipBomb(t, 64<<20)
	var peak memPeak
	stop := peak.sample(20 * time.Millisecond)
	for _, tc := range hostileCases(bomb) {
		t.Run(tc.name, func(t *testing.T) { runHostile(t, tc) })
	}
	stop()
	t.Logf("memory peak over the run: HeapInuse %d MiB, Sys %d MiB", peak.heap.Load()>>20, peak.sys.Load()>>20)
	if got := peak.sys.Load(); got > 256<<20 {
		t.Errorf("peak Sys = %d MiB, want under 256 MiB", got>>20)
	}
}

func hostileCases(bomb []byte) []hostileCase {
	return []hostileCase{
		{name: "gzip bomb by Content-Encoding", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}), feedIs: fetch.ErrBodyTooLarge, feedErr: "after decompression"},
		{name: "gzip bomb as .gz body", feedPath: "/feed.xml.gz", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/gzip")
			w.Write(bomb)
		}, feedIs: fetch.ErrBodyTooLarge, feedErr: "after decompression"},
		{name: "1 GB feed, length declared", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(1<<30))
			io.CopyN(w, zeros{}, 1<<30)
		}), feedIs: fetch.ErrBodyTooLarge, feedErr: "bytes declared"},
		{name: "1 GB article, length undeclared", handler: withArticle("1 GB", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><p>"))
			io.CopyN(w, zeros{}, 1<<30)
		}), articleErr: "too large", wantTitle: "1 GB"},
		{name: "1 byte per second drip", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			for _, b := range []byte(rss(testkit.Host(r), "drip")) {
				w.Write([]byte{b})
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Second):
				}
			}
		}), feedErr: "no complete answer within 2s", timeout: 2 * time.Second},
		{name: "1 byte per second article drip", handler: withArticle("article drip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for _, b := range []byte("<html><body><article><p>" + strings.Repeat("drip ", 100) + "</p></article></body></html>") {
				w.Write([]byte{b})
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(time.Second):
				}
			}
		}), articleErr: "no complete answer within 2s", wantTitle: "article drip", timeout: 2 * time.Second},
		{name: "endless chunked article", handler: withArticle("endless", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			chunk := bytes.Repeat([]byte("<p>endless</p>"), 2048)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}), articleErr: "too large", wantTitle: "endless"},
		{name: "feed redirect loop", handler: withFeed(loop), feedErr: "redirect"},
		{name: "article redirect loop", handler: withArticle("loop", loop), articleErr: "redirect", wantTitle: "loop"},
		{name: "10 MB robots.txt, read up to 512 KiB", handler: withRobots("big robots", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "User-agent: *\nDisallow: /article\n")
			io.CopyN(w, strings.NewReader(strings.Repeat("Disallow: /x\n", 1_000_000)), 10<<20)
		}), articleErr: fetch.ErrRobots.Error(), wantTitle: "big robots"},
		{name: "503 robots.txt", handler: withRobots("robots 503", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "down", http.StatusServiceUnavailable)
		}), articleErr: "503", notArticleErr: fetch.ErrRobots.Error(), wantTitle: "robots 503"},
		{name: "429 with Retry-After seconds", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		}), feedErr: "429", check: wantRetryAfter(120*time.Second, time.Second)},
		{name: "429 with Retry-After date", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
		}), feedErr: "429", check: wantRetryAfter(time.Hour, 30*time.Second)}, // slack for a loaded machine; the default pause is 1m
		{name: "wrong charset in header", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			w.Write(toLatin1(rssDecl(testkit.Host(r), "Caf\u00e9 cr\u00e8me", "ISO-8859-1")))
		}), wantTitle: "Caf\u00e9 cr\u00e8me"},
		{name: "missing charset, windows-1252 body", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(toLatin1(rss(testkit.Host(r), "Caf\u00e9 cr\u00e8me")))
		}), wantTitle: "Caf\u00e9 cr\u00e8me"},
		{name: "UTF-16 feed", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(toUTF16(rssDecl(testkit.Host(r), "Gr\u00fc\u00dfe \u00fcber UTF-16", "UTF-16")))
		}), wantTitle: "Gr\u00fc\u00dfe \u00fcber UTF-16"},
		{name: "windows-1252 feed", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=windows-1252")
			w.Write(toLatin1(rssDecl(testkit.Host(r), "Na\u00efve r\u00e9sum\u00e9", "windows-1252")))
		}), wantTitle: "Na\u00efve r\u00e9sum\u00e9"},
		{name: "truncated feed", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			body := rss(testkit.Host(r), "cut short")
			w.Write([]byte(body[:len(body)-40]))
		}), feedIs: fetch.ErrParse},
		{name: "truncated feed, first item whole", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			body := rss(testkit.Host(r), "whole")
			i := strings.Index(body, "</channel>")
			w.Write([]byte(body[:i] + "<item><title>cut</title><link>" + testkit.Host(r) + "/cut</li"))
		}), wantTitle: "whole"},
		{name: "stray control characters", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(strings.Replace(rss(testkit.Host(r), "con\x01trol"), "feed text", "feed\x0b text", 1)))
		}), wantTitle: "control"},
		{name: "deeply nested XML", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			const depth = 500_000
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>deep</title>`))
			w.Write(bytes.Repeat([]byte("<x>"), depth))
			w.Write(bytes.Repeat([]byte("</x>"), depth))
			w.Write([]byte(`</channel></rss>`))
		}), feedIs: fetch.ErrParse},
		{name: "200,000-item feed", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>`))
			for i := range 200_000 {
				fmt.Fprintf(w, "<item><link>/a%d</link></item>", i)
			}
			w.Write([]byte(`</channel></rss>`))
		}), feedIs: fetch.ErrTooManyItems},
		{name: "article of a million elements", handler: withArticle("million", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>"))
			w.Write(bytes.Repeat([]byte("<i>m</i>"), 1_000_000))
		}), articleErr: "too many elements", wantTitle: "million"},
		{name: "PDF as article", handler: withArticle("pdf", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer\n%%EOF\n"))
		}), articleErr: "not an html page", wantTitle: "pdf"},
		{name: "image as article", handler: withArticle("png", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"))
		}), articleErr: "not an html page", wantTitle: "png"},
		{name: "web page as feed", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte("<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>"))
		}), feedIs: fetch.ErrParse},
		{name: "feed sent as text/html", handler: withFeed(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(rss(testkit.Host(r), "mislabelled")))
		}), wantTitle: "mislabelled"},
	}
}

// runHostile crawls the case's server and a normal simulated site in one
// pass and checks both.
func runHostile(t *testing.T, tc hostileCase) {
	srv := httptest.NewServer(http.HandlerFunc(tc.handler))
	t.Cleanup(srv.Close)
	web := testkit.Web(t, simweb.Options{Hosts: 1, ArticlesPerHost: 4})
	timeout := tc.timeout
	if timeout == 0 {
		timeout = roomyTimeout
	}
	st, c := newHostileCrawler(t, true, timeout)
	feedPath := tc.feedPath
	if feedPath == "" {
		feedPath = "/feed.xml"
	}
	feeds := append([]crawler.FeedSpec{{URL: srv.URL + feedPath}}, testkit.Specs(web.FeedURLs())...)
	start := time.Now()
	sum := c.Crawl(t.Context(), feeds, nil)
	// Feed, robots.txt and article requests each end within the timeout;
	// the slack only keeps a hang from going unnoticed.
	if d, limit := time.Since(start), 3*timeout+10*time.Second; d > limit {
		t.Errorf("pass took %s, want under %s", d, limit)
	}
	for _, f := range sum.Feeds[1:] {
		if f.Err != nil || f.New == 0 {
			t.Errorf("normal feed %s: err %v, new %d; want it crawled normally", f.URL, f.Err, f.New)
		}
	}
	res := sum.Feeds[0]
	t.Logf("feed error: %v", res.Err)
	fs, err := st.Feed(t.Context(), feeds[0].URL)
	if err != nil {
		t.Fatalf("Feed(%s): %v", feeds[0].URL, err)
	}
	if tc.feedErr != "" && !strings.Contains(fs.LastError, tc.feedErr) {
		t.Errorf("feed LastError = %q, want it to contain %q", fs.LastError, tc.feedErr)
	}
	if tc.feedIs != nil && !errors.Is(res.Err, tc.feedIs) {
		t.Errorf("feed error = %v, want %v", res.Err, tc.feedIs)
	}
	if tc.feedErr == "" && tc.feedIs == nil && res.Err != nil {
		t.Errorf("feed error = %v, want none", res.Err)
	}
	if tc.check != nil {
		tc.check(t, res)
	}
	if tc.articleErr == "" && tc.wantTitle == "" {
		return
	}
	a, err := st.Article(t.Context(), store.ArticleID(srv.URL+"/article"))
	if err != nil {
		t.Fatalf("article not stored: %v (feed error %v)", err, res.Err)
	}
	t.Logf("article FetchError: %q", a.FetchError)
	if a.Title != tc.wantTitle {
		t.Errorf("article title = %q, want %q", a.Title, tc.wantTitle)
	}
	if tc.articleErr != "" && !strings.Contains(a.FetchError, tc.articleErr) {
		t.Errorf("article FetchError = %q, want it to contain %q", a.FetchError, tc.articleErr)
	}
	if tc.articleErr == "" && a.FetchError != "" {
		t.Errorf("article FetchError = %q, want none", a.FetchError)
	}
	if tc.notArticleErr != "" && strings.Contains(a.FetchError, tc.notArticleErr) {
		t.Errorf("article FetchError = %q, want it not to contain %q", a.FetchError, tc.notArticleErr)
	}
}

// newHostileCrawler is a crawler that matches nothing on a fresh store,
// with the fetch timeout and the private-network guard of the case.
func newHostileCrawler(t *testing.T, allowPrivate bool, timeout time.Duration) (*store.Store, *crawler.Crawler) {
	t.Helper()
	st := testkit.Store(t)
	return st, testkit.Crawler(t, st, nil, func(o *crawler.Options) {
		o.Timeout = timeout
		o.AllowPrivateNetworks = allowPrivate
	})
}

// TestPrivateAddressRefused points feeds at loopback with the guard on:
// every one is refused by netguard, after DNS for "localhost", and the
// server sees no request.
func TestPrivateAddressRefused(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(rss(testkit.Host(r), "private")))
	}))
	t.Cleanup(srv.Close)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	_, c := newHostileCrawler(t, false, roomyTimeout)
	for _, u := range []string{srv.URL + "/feed.xml", "http://localhost:" + port + "/feed.xml", "http://[::1]:" + port + "/feed.xml"} {
		t.Run(u, func(t *testing.T) {
			r := c.PollFeed(t.Context(), crawler.FeedSpec{URL: u})
			if !errors.Is(r.Err, netguard.ErrPrivateAddress) {
				t.Errorf("PollFeed(%s) error = %v, want netguard.ErrPrivateAddress", u, r.Err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("loopback server got %d requests, want 0", n)
	}
}

// withFeed serves h at every path but /robots.txt (404).
func withFeed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}
}

// withArticle serves a good feed whose one item, titled title, links to
// /article, and h at every other path.
func withArticle(title string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(rss(testkit.Host(r), title)))
			return
		}
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}
}

// withRobots serves a good feed and article, and robots at /robots.txt.
func withRobots(title string, robots http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(rss(testkit.Host(r), title)))
		case "/robots.txt":
			robots(w, r)
		default:
			testkit.Page(w, r)
		}
	}
}

func loop(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/b" {
		http.Redirect(w, r, "/a", http.StatusFound)
		return
	}
	http.Redirect(w, r, "/b", http.StatusFound)
}

func wantRetryAfter(want, slack time.Duration) func(*testing.T, crawler.FeedResult) {
	return func(t *testing.T, r crawler.FeedResult) {
		var he *fetch.HTTPError
		if !errors.As(r.Err, &he) {
			t.Fatalf("feed error = %v, want a *fetch.HTTPError", r.Err)
		}
		if he.StatusCode != http.StatusTooManyRequests || he.RetryAfter < want-slack || he.RetryAfter > want+slack {
			t.Errorf("HTTPError = %d, RetryAfter %s; want 429, %s", he.StatusCode, he.RetryAfter, want)
		}
	}
}

func rss(base, title string) string { return rssDecl(base, title, "") }

// rssDecl is a one-item RSS 2.0 feed linking to base+"/article"; encoding,
// when set, is named in the XML declaration.
func rssDecl(base, title, encoding string) string {
	decl := `<?xml version="1.0"?>`
	if encoding != "" {
		decl = `<?xml version="1.0" encoding="` + encoding + `"?>`
	}
	return decl + `<rss version="2.0"><channel><title>Hostile</title><link>` + base + `/</link>` +
		`<item><title>` + title + `</title><link>` + base + `/article</link>` +
		`<description>` + title + `: the feed text of a story.</description></item></channel></rss>`
}

// toLatin1 encodes s, whose runes are all below U+0100, one byte a rune.
func toLatin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, byte(r))
	}
	return out
}

// toUTF16 encodes s, whose runes are all in the BMP, as UTF-16LE with a BOM.
func toUTF16(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func gzipBomb(t *testing.T, n int64) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(zw, zeros{}, n); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// zeros is an endless reader of zero bytes: a large body never allocated.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// memPeak records the highest HeapInuse and Sys seen while sampling.
type memPeak struct{ heap, sys atomic.Uint64 }

func (m *memPeak) sample(every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > m.heap.Load() {
				m.heap.Store(ms.HeapInuse)
			}
			if ms.Sys > m.sys.Load() {
				m.sys.Store(ms.Sys)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// TestRobotsUnavailableIsAskedAgain: a 503 robots.txt fails the article
// with a clear error but is not kept as "disallow all": once robots.txt
// answers (asked again a few minutes later), the next article on the host
// is fetched, and the first one on its retry.
func TestRobotsUnavailableIsAskedAgain(t *testing.T) {
	var robots, polls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			if robots.Add(1) == 1 {
				http.Error(w, "down", http.StatusServiceUnavailable)
				return
			}
			http.NotFound(w, r)
		case "/feed.xml":
			body := rss(testkit.Host(r), "first")
			if polls.Add(1) > 1 {
				body = strings.ReplaceAll(strings.ReplaceAll(body, "/article", "/article2"), "first", "second")
			}
			w.Write([]byte(body))
		default:
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	clk := clock.New()
	st, c := testkit.ClockedCrawler(t, clk.Now)
	for range 2 {
		if r := c.PollFeed(t.Context(), crawler.FeedSpec{URL: srv.URL + "/feed.xml"}); r.Err != nil || r.New != 1 {
			t.Fatalf("PollFeed: err %v, new %d; want 1 new article", r.Err, r.New)
		}
		clk.Add(10 * time.Minute)
	}
	for path, want := range map[string]string{"/article": "503", "/article2": ""} {
		a, err := st.Article(t.Context(), store.ArticleID(srv.URL+path))
		if err != nil {
			t.Fatalf("Article(%s): %v", path, err)
		}
		if (want == "") != (a.FetchError == "") || !strings.Contains(a.FetchError, want) {
			t.Errorf("%s FetchError = %q, want %q", path, a.FetchError, want)
		}
	}
	clk.Add(time.Hour)
	if r := c.RetryArticles(t.Context()); r.Due != 1 || r.Fetched != 1 {
		t.Errorf("RetryArticles = %+v, want the first article due and fetched", r)
	}
	if a, err := st.Article(t.Context(), store.ArticleID(srv.URL+"/article")); err != nil || a.FetchError != "" {
		t.Errorf("first article after its retry: FetchError %q, %v; want it fetched", a.FetchError, err)
	}
	if n := robots.Load(); n != 2 {
		t.Errorf("robots.txt fetched %d times, want 2 (the 503, then once more for the host)", n)
	}
}
