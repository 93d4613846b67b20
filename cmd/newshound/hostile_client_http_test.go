package main

// The hostile-client suite, HTTP server side: the real daemon on loopback,
// attacked as a web page elsewhere (cross-site posts, DNS rebinding, the
// login redirect) or a stranger's client (slow headers and bodies, idle
// connections, stalled readers, huge parameters) would. Each case asserts
// the outcome and that the daemon still answers afterwards.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// hostileDaemon is a daemon started for one hostile-client case.
type hostileDaemon struct {
	addr   string // host:port it listens on
	config string
	pid    int
	logs   *testkit.Buffer
}

// startHostileDaemon runs the daemon with server (YAML lines indented
// under server:), no feeds and the test rules; seed, when set, fills the
// database first.
func startHostileDaemon(t *testing.T, server string, seed func(*store.Store)) *hostileDaemon {
	t.Helper()
	dir := t.TempDir()
	d := &hostileDaemon{addr: freeAddr(t), config: filepath.Join(dir, "config.yaml")}
	cfg := fmt.Sprintf("storage:\n  path: %s\nfetch:\n  user_agent: newshound-test\n  allow_private_networks: true\nschedule:\n  interval: 1h\nserver:\n  listen: %s\n%slog:\n  level: debug\n%s",
		filepath.Join(dir, "newshound.db"), d.addr, server, testkit.BankRules)
	if err := os.WriteFile(d.config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if seed != nil {
		st, err := store.Open(t.Context(), filepath.Join(dir, "newshound.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		seed(st)
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	cmd, logs := startDaemon(t, &fixture{config: d.config})
	d.pid, d.logs = cmd.Process.Pid, logs
	testkit.WaitFor(t, "/healthz", 30*time.Second, func() bool {
		if cmd.ProcessState != nil {
			t.Fatalf("the daemon exited: %s", logs.String())
		}
		resp, err := http.Get("http://" + d.addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return d
}

// do sends one request with the given headers ("Host" sets the Host) and
// returns the status and up to 64 KiB of the body.
func (d *hostileDaemon) do(t *testing.T, method, path, body string, hdr map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, "http://"+d.addr+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == "" {
		req.Body, req.ContentLength = nil, 0
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %.80s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, string(data)
}

// healthy checks that the daemon answers /healthz and takes a write
// through its API, as the CLI sends it.
func (d *hostileDaemon) healthy(t *testing.T) {
	t.Helper()
	if status, body := d.do(t, "GET", "/healthz", "", nil); status != 200 {
		t.Fatalf("afterwards GET /healthz = %d %s, want 200", status, body)
	}
	feed := fmt.Sprintf("http://127.0.0.1:1/healthy-%d.xml", rand.Int())
	status, body := d.do(t, "POST", "/api/v1/feeds/import", `{"feeds":[{"url":"`+feed+`"}]}`, map[string]string{"Content-Type": "application/json"})
	if status != 200 || !strings.Contains(body, `"added":["`+feed+`"]`) {
		t.Fatalf("afterwards a JSON import from the CLI's client = %d %s, want 200 adding the feed", status, body)
	}
}

// feedCount is how many feeds the daemon polls.
func (d *hostileDaemon) feedCount(t *testing.T) int {
	t.Helper()
	status, body := d.do(t, "GET", "/api/v1/feeds", "", nil)
	var out struct {
		Feeds []json.RawMessage `json:"feeds"`
	}
	if status != 200 || json.Unmarshal([]byte(body), &out) != nil {
		t.Fatalf("GET /api/v1/feeds = %d %s", status, body)
	}
	return len(out.Feeds)
}

// TestHostileClientCrossOriginPost: a web page elsewhere makes the
// browser post to the daemon on loopback, with no token set. Simple
// requests (text/plain, forms) and posts naming another origin are
// refused, and no feed is added; the CLI's own JSON requests still work.
func TestHostileClientCrossOriginPost(t *testing.T) {
	t.Parallel()
	d := startHostileDaemon(t, "", nil)
	importBody := `{"feeds":[{"url":"http://127.0.0.1:1/evil-1.xml"},{"url":"http://127.0.0.1:1/evil-2.xml"}]}`
	evil := map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
	with := func(h map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range h {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	tests := []struct {
		name, method, path, body string
		hdr                      map[string]string
	}{
		{"text/plain from another origin", "POST", "/api/v1/feeds/import", importBody, with(evil, "Content-Type", "text/plain")},
		{"text/plain, no Origin (an old browser)", "POST", "/api/v1/feeds/import", importBody, map[string]string{"Content-Type": "text/plain;charset=UTF-8"}},
		{"form from another origin", "POST", "/api/v1/feeds/import", "feeds=x", with(evil, "Content-Type", "application/x-www-form-urlencoded")},
		{"multipart, no Origin", "POST", "/api/v1/feeds/import", "--b\r\n\r\n" + importBody + "\r\n--b--\r\n", map[string]string{"Content-Type": "multipart/form-data; boundary=b"}},
		{"JSON from another origin", "POST", "/api/v1/feeds/import", importBody, with(evil, "Content-Type", "application/json")},
		{"JSON, Sec-Fetch-Site same-site", "POST", "/api/v1/feeds/import", importBody, map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"}},
		{"JSON, Origin null", "POST", "/api/v1/feeds/import", importBody, map[string]string{"Content-Type": "application/json", "Origin": "null"}},
		{"no body, another origin, reload", "POST", "/-/reload", "", evil},
		{"empty form to reload", "POST", "/-/reload", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
		{"add a feed as text/plain", "POST", "/api/v1/feeds", `{"url":"http://127.0.0.1:1/evil-3.xml"}`, map[string]string{"Content-Type": "text/plain"}},
		{"delete from another origin", "DELETE", "/api/v1/feeds?url=http://127.0.0.1:1/x.xml", "", evil},
		{"label form from another origin", "POST", "/stories/x/label", "rule=bank-facebook-data-sharing&label=relevant", with(evil, "Content-Type", "application/x-www-form-urlencoded")},
		{"label form without its token", "POST", "/stories/x/label", "rule=bank-facebook-data-sharing&label=relevant", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := d.do(t, tt.method, tt.path, tt.body, tt.hdr)
			if status != http.StatusForbidden && status != http.StatusUnsupportedMediaType {
				t.Errorf("%s %s = %d %.200s, want 403 or 415", tt.method, tt.path, status, body)
			}
		})
	}
	if n := d.feedCount(t); n != 0 {
		t.Errorf("after the cross-site posts the daemon polls %d feeds, want 0", n)
	}
	// The CLI still works through the daemon: import and remove (a DELETE
	// without a body) send JSON, or nothing, from 127.0.0.1.
	opml := filepath.Join(t.TempDir(), "feeds.opml")
	os.WriteFile(opml, []byte(`<opml version="2.0"><body><outline type="rss" xmlUrl="http://127.0.0.1:1/cli.xml"/></body></opml>`), 0o644)
	if out, _, err := newshound(t, "feeds", "import", opml, "--config", d.config); err != nil {
		t.Fatalf("feeds import through the daemon: %v %s", err, out)
	}
	if out, _, err := newshound(t, "feeds", "remove", "http://127.0.0.1:1/cli.xml", "--config", d.config); err != nil {
		t.Fatalf("feeds remove through the daemon: %v %s", err, out)
	}
	if out, _, err := newshound(t, "stats", "--config", d.config); err != nil {
		t.Fatalf("stats through the daemon: %v %s", err, out)
	}
	d.healthy(t)
}

// TestHostileClientRebinding: a name the attacker controls, rebound to
// 127.0.0.1, makes the browser send the daemon requests with Host:
// attacker.example. They are refused before any route; the daemon's own
// names still answer.
func TestHostileClientRebinding(t *testing.T) {
	t.Parallel()
	d := startHostileDaemon(t, "", nil)
	_, port, _ := net.SplitHostPort(d.addr)
	for _, host := range []string{"attacker.example", "attacker.example:" + port, "localhost.attacker.example:" + port, "127.0.0.1.nip.io:" + port, "localhost:1" + port} {
		for _, path := range []string{"/api/v1/backup", "/api/v1/export?all=true", "/api/v1/stories", "/", "/feeds/flagged.atom"} {
			status, body := d.do(t, "GET", path, "", map[string]string{"Host": host})
			if status != http.StatusMisdirectedRequest || !strings.Contains(body, `"error"`) {
				t.Errorf("GET %s with Host: %s = %d %.100q, want 421 and a JSON error", path, host, status, body)
			}
		}
		status, _ := d.do(t, "POST", "/api/v1/feeds/import", `{"feeds":[{"url":"http://127.0.0.1:1/rebound.xml"}]}`, map[string]string{"Host": host, "Content-Type": "application/json"})
		if status != http.StatusMisdirectedRequest {
			t.Errorf("POST /api/v1/feeds/import with Host: %s = %d, want 421", host, status)
		}
	}
	if n := d.feedCount(t); n != 0 {
		t.Errorf("after the rebound posts the daemon polls %d feeds, want 0", n)
	}
	for _, host := range []string{d.addr, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port} {
		if status, body := d.do(t, "GET", "/api/v1/backup", "", map[string]string{"Host": host}); status != 200 || len(body) < 4096 {
			t.Errorf("GET /api/v1/backup with Host: %s = %d, %d bytes; want 200 and the database", host, status, len(body))
		}
	}
	d.healthy(t)
}

// TestHostileClientLoginRedirect: next= after the login form only ever
// leads to a path on the daemon, whatever a link elsewhere put in it.
func TestHostileClientLoginRedirect(t *testing.T) {
	t.Parallel()
	d := startHostileDaemon(t, "", nil)
	// The form as a browser gets it: its token and cookie, if it has one.
	resp, err := http.Get("http://" + d.addr + "/login?next=/feeds")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var formToken string
	if m := regexp.MustCompile(`name="form_token" value="([^"]+)"`).FindSubmatch(page); m != nil {
		formToken = string(m[1])
	}
	cookies := resp.Cookies()
	tests := []struct{ next, want string }{
		{"/feeds", "/feeds"},
		{"/stories/abc?rule=x#labels", "/stories/abc?rule=x#labels"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{`/\evil.example`, "/"},
		{`\\evil.example`, "/"},
		{"//evil.example", "/"},
		{"/%09/evil.example", "/"},
		{"/%2f%2fevil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%5cevil.example", "/"},
		{"/%5C%5Cevil.example", "/"},
		{"javascript:alert(document.domain)", "/"},
		{"http://evil.example/", "/"},
		{"https:evil.example", "/"},
		{"", "/"},
		{"evil.example", "/"},
		{"../evil.example", "/"},
	}
	for _, tt := range tests {
		form := url.Values{"next": {tt.next}, "token": {""}, "form_token": {formToken}}
		req, _ := http.NewRequest("POST", "http://"+d.addr+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://"+d.addr)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		resp, err := http.DefaultTransport.RoundTrip(req) // the Location as sent, unparsed
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != tt.want {
			t.Errorf("POST /login next=%q = %d to %q, want 303 to %q", tt.next, resp.StatusCode, loc, tt.want)
		}
	}
	d.healthy(t)
}

// TestHostileClientHugeParameters: a 40 KB URL, in the query or the path,
// or a 40 KB feed URL in a body, is a 4xx, never a 500; day counts that
// would overflow a duration are refused; until=0001-01-01 is refused
// rather than read as no bound.
func TestHostileClientHugeParameters(t *testing.T) {
	t.Parallel()
	d := startHostileDaemon(t, "", nil)
	big := strings.Repeat("a", 40<<10)
	for _, path := range []string{
		"/api/v1/stories?q=" + big,
		"/api/v1/stories?feed=http://x.example/" + big,
		"/api/v1/stories/" + big,
		"/api/v1/stories/" + big + "/labels/bank-facebook-data-sharing",
		"/stories/" + big,
		"/?rule=" + big,
		"/feeds/rules/" + big + ".atom",
		"/api/v1/export?rule=" + big,
	} {
		status, body := d.do(t, "GET", path, "", nil)
		if status != http.StatusBadRequest && status != http.StatusRequestURITooLong {
			t.Errorf("GET %.40s... (%d bytes) = %d %.100s, want 400 or 414", path, len(path), status, body)
		}
	}
	status, body := d.do(t, "POST", "/api/v1/feeds/import", `{"feeds":[{"url":"http://x.example/`+big+`"}]}`, map[string]string{"Content-Type": "application/json"})
	if status >= 500 || strings.Contains(body, `"added":1`) {
		t.Errorf("POST /api/v1/feeds/import of a 40 KB URL = %d %.200s, want it refused or reported invalid, not a 500", status, body)
	}
	for _, tt := range []struct{ path, want string }{
		{"/api/v1/stories?since=213504d", "days"},
		{"/api/v1/stories?since=9999999999d", "days"},
		{"/api/v1/stories?until=99999999999999999999d", "days"},
		{"/api/v1/stories?until=0001-01-01", "until"},
		{"/api/v1/stories?until=0001-01-01T00:00:00Z", "until"},
		{"/api/v1/export?since=9999999999d", "days"},
		{"/api/v1/export?since=213504d", "days"},
	} {
		status, body := d.do(t, "GET", tt.path, "", nil)
		if status != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s = %d %.200s, want 400 naming %q", tt.path, status, body, tt.want)
		}
	}
	if status, body := d.do(t, "GET", "/api/v1/stories?since=106751d", "", nil); status != 200 {
		t.Errorf("GET /api/v1/stories?since=106751d = %d %.200s, want 200 (the longest duration)", status, body)
	}
	d.healthy(t)
}

// Short server timeouts for the slow-client cases, and a cap below the
// number of connections they open.
const (
	hostileTimeout = time.Second
	hostileMaxConn = 16
	// hostileSlack is how much later than its timeout the daemon may close
	// a connection (scheduling on a busy 2-core machine).
	hostileSlack = 1500 * time.Millisecond
)

var hostileServer = fmt.Sprintf("  read_timeout: %s\n  write_timeout: %s\n  idle_timeout: %s\n  max_connections: %d\n", hostileTimeout, hostileTimeout, hostileTimeout, hostileMaxConn)

// closedWithin reads conn until the daemon closes it and reports how long
// after start that was, failing if it stays open past bound.
func closedWithin(t *testing.T, what string, conn net.Conn, start time.Time, bound time.Duration) time.Duration {
	t.Helper()
	conn.SetReadDeadline(start.Add(bound))
	_, err := io.Copy(io.Discard, conn)
	took := time.Since(start)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Errorf("%s: the connection was still open after %v, want it closed within %v", what, took.Round(time.Millisecond), bound)
	}
	return took
}

// TestHostileClientSlowConnections: slow headers, a slow body and idle
// kept-alive connections, more of them than the cap, are each closed
// within their timeout; the daemon holds at most the cap of connections
// open, and answers afterwards.
func TestHostileClientSlowConnections(t *testing.T) {
	t.Parallel()
	d := startHostileDaemon(t, hostileServer, nil)
	bound := hostileTimeout + hostileSlack

	t.Run("slow headers", func(t *testing.T) {
		conn, err := net.Dial("tcp", d.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		go func() { // a header byte every 100 ms, never ending
			conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: " + d.addr + "\r\nX-Slow: "))
			for time.Since(start) < 2*bound {
				if _, err := conn.Write([]byte("a")); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
		took := closedWithin(t, "slow headers", conn, start, bound)
		t.Logf("slow headers closed after %v (read_timeout %v)", took.Round(time.Millisecond), hostileTimeout)
	})

	t.Run("slow body", func(t *testing.T) {
		conn, err := net.Dial("tcp", d.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		fmt.Fprintf(conn, "POST /api/v1/feeds/import HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"feeds\":[", d.addr)
		go func() {
			for time.Since(start) < 2*bound {
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
		took := closedWithin(t, "slow body", conn, start, bound)
		t.Logf("slow body closed after %v (read_timeout %v)", took.Round(time.Millisecond), hostileTimeout)
	})

	t.Run("idle keep-alive connections", func(t *testing.T) {
		const n = 3 * hostileMaxConn
		base := openFDs(d.pid)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var worst time.Duration
		served := make(chan struct{}, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				conn, err := net.Dial("tcp", d.addr)
				if err != nil {
					t.Errorf("connection %d: %v", i, err)
					return
				}
				defer conn.Close()
				fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", d.addr)
				// Beyond the cap a connection waits for a free one: up to
				// n/cap rounds of the idle timeout.
				conn.SetReadDeadline(time.Now().Add(n/hostileMaxConn*bound + bound))
				br := bufio.NewReader(conn)
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					t.Errorf("connection %d: no answer: %v", i, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				served <- struct{}{}
				took := closedWithin(t, fmt.Sprintf("idle connection %d", i), conn, time.Now(), bound)
				mu.Lock()
				worst = max(worst, took)
				mu.Unlock()
			}()
		}
		// While the first ones idle, the daemon holds no more than the cap.
		peak := -1
		deadline := time.After(2 * bound)
	wait:
		for range hostileMaxConn {
			select {
			case <-served:
			case <-deadline:
				break wait
			}
		}
		peak = openFDs(d.pid)
		wg.Wait()
		if base >= 0 && peak-base > hostileMaxConn+2 {
			t.Errorf("with %d idle connections the daemon had %d more descriptors open, want at most the cap, %d", n, peak-base, hostileMaxConn)
		}
		t.Logf("%d idle keep-alive connections: each closed at most %v after its answer (idle_timeout %v); descriptors %d before, %d at peak (cap %d)",
			n, worst.Round(time.Millisecond), hostileTimeout, base, peak, hostileMaxConn)
	})
	d.healthy(t)
}

// openFDs counts the process's open file descriptors, or -1 where /proc
// does not tell.
func openFDs(pid int) int {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return -1
	}
	return len(ents)
}

// seedBig stores articles with n MiB of text in all.
func seedBig(n int) func(*store.Store) {
	return func(st *store.Store) {
		text := make([]byte, 1<<20)
		for i := range text {
			text[i] = "abcdefghij klmnopqrst uvwxyz\n"[rand.IntN(29)]
		}
		for i := range n {
			a := &store.Article{URL: fmt.Sprintf("http://news.example/%d", i), Title: fmt.Sprint("story ", i), Text: string(text), Fetched: time.Now()}
			a.ID = store.ArticleID(a.URL)
			if err := st.PutArticle(context.Background(), a); err != nil {
				panic(err)
			}
		}
	}
}

// dialSmall connects with a small receive buffer, so that a reader that
// stops reading stalls the daemon's writes soon.
func dialSmall(t *testing.T, addr string) net.Conn {
	t.Helper()
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 16<<10) })
	}}
	conn, err := dialer.DialContext(t.Context(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// streamPaths are the streaming routes, which have no overall write
// deadline but one on each write.
var streamPaths = []string{"/api/v1/backup", "/api/v1/export?all=true&format=jsonl"}

// streamMiB is how much text the streaming cases store: more than the
// kernel's socket buffers hold, and more than a reader at about 6 MiB/s
// reads within the write timeout.
const streamMiB = 12

// TestHostileClientStreamSteadyReader: the streaming routes outlast the
// write timeout for a client that keeps reading.
func TestHostileClientStreamSteadyReader(t *testing.T) {
	t.Parallel()
	d := startHostileDaemon(t, hostileServer, seedBig(streamMiB))
	for _, path := range streamPaths {
		t.Run(path, func(t *testing.T) {
			conn := dialSmall(t, d.addr)
			defer conn.Close()
			start := time.Now()
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, d.addr)
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			var n int64
			buf := make([]byte, 256<<10)
			for {
				m, err := io.ReadFull(resp.Body, buf)
				n += int64(m)
				if err != nil {
					if err != io.EOF && err != io.ErrUnexpectedEOF {
						t.Fatalf("after %d bytes: %v", n, err)
					}
					break
				}
				time.Sleep(40 * time.Millisecond)
			}
			took := time.Since(start)
			if n < streamMiB<<20 || (resp.ContentLength > 0 && n != resp.ContentLength) {
				t.Fatalf("a steady reader got %d bytes of %s in %v (Content-Length %d), want all of at least %d MiB", n, path, took, resp.ContentLength, streamMiB)
			}
			if took < hostileTimeout*3/2 {
				t.Fatalf("the answer came in %v, not much longer than the write timeout %v: store more", took, hostileTimeout)
			}
			t.Logf("a steady reader got %s whole, %d bytes in %v (write_timeout %v)", path, n, took.Round(time.Millisecond), hostileTimeout)
		})
	}
	d.healthy(t)
}

// streamGaveUp is what the daemon logs when it stops a streaming answer
// whose reader stopped reading.
var streamGaveUp = map[string]string{
	"/api/v1/backup":                       "backup not sent whole",
	"/api/v1/export?all=true&format=jsonl": "export failed",
}

// TestHostileClientStreamStalledReader: a client that stops reading a
// streaming answer loses the connection once a write has waited the
// write timeout; meanwhile the daemon answers and takes writes.
func TestHostileClientStreamStalledReader(t *testing.T) {
	t.Parallel()
	d := startHostileDaemon(t, hostileServer, seedBig(streamMiB))
	for _, path := range streamPaths {
		t.Run(path, func(t *testing.T) {
			conn := dialSmall(t, d.addr)
			defer conn.Close()
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, d.addr)
			resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 4<<10), nil)
			if err != nil {
				t.Fatal(err)
			}
			stall := time.Now()
			d.healthy(t)
			// The daemon gives up once one write has waited the write
			// timeout. That write comes once the socket buffers are full,
			// which on a loaded machine under -race can take longer than
			// the timeout itself: so the reader stalls until the daemon
			// says it gave up, not for a fixed time.
			testkit.WaitFor(t, "the daemon to give up on "+path, 30*time.Second, func() bool {
				return strings.Contains(d.logs.String(), `msg="`+streamGaveUp[path]+`"`)
			})
			stalled := time.Since(stall)
			n, _ := io.Copy(io.Discard, resp.Body)
			if n >= streamMiB<<20 {
				t.Errorf("after the daemon gave up on it (%v into the stall), the reader still got all %d bytes of %s", stalled.Round(time.Millisecond), n, path)
			}
			t.Logf("a reader stalled for %v got %d bytes of %s (what the socket buffers held), then the daemon's close", stalled.Round(time.Millisecond), n, path)
		})
	}
	d.healthy(t)
}
