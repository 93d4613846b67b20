package robots

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit/clock"
)

// site serves robots.txt with the handler and counts its requests.
func site(t *testing.T, robots http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			t.Errorf("request for %s, want only /robots.txt", r.URL.Path)
			http.NotFound(w, r)
			return
		}
		n.Add(1)
		robots(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func text(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Error(w, "x", code) }
}

func newCache(clk *clock.Clock, timeout time.Duration) *Cache {
	return New(Options{Now: clk.Now, Timeout: timeout})
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestAllowed(t *testing.T) {
	const rules = "User-agent: *\nDisallow: /private/\n\nUser-agent: newshound\nDisallow: /nohound\nAllow: /private/ok\n"
	big := "User-agent: *\nDisallow: /early\n" + strings.Repeat("# padding line of a huge robots.txt\n", 30000) + "Disallow: /late\n"
	tests := []struct {
		name    string
		robots  http.HandlerFunc
		path    string
		wantErr error
	}{
		{"allowed path", text(rules), "/news/1", nil},
		{"our own group wins over *", text(rules), "/private/x", nil},
		{"disallowed for us", text(rules), "/nohound/1", ErrDisallowed},
		{"allow inside our group", text(rules), "/private/ok", nil},
		{"query counts", text("User-agent: *\nDisallow: /*?print\n"), "/a?print=1", ErrDisallowed},
		{"404 allows all", status(404), "/private/x", nil},
		{"403 allows all", status(403), "/private/x", nil},
		{"500 is try later", status(500), "/news/1", ErrUnavailable},
		{"503 is try later", status(503), "/news/1", ErrUnavailable},
		{"429 is try later", status(429), "/news/1", ErrUnavailable},
		{"empty allows all", text(""), "/x", nil},
		{"rule in the first 512 KiB", text(big), "/early", ErrDisallowed},
		{"rule past 512 KiB ignored", text(big), "/late", nil},
		{"slow is try later", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		}, "/x", ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := site(t, tt.robots)
			timeout := 10 * time.Second
			if strings.HasPrefix(tt.name, "slow") {
				timeout = 200 * time.Millisecond
			}
			c := newCache(clock.At(time.Now()), timeout)
			err := c.Allowed(t.Context(), mustURL(t, srv.URL+tt.path))
			if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Allowed(%s) = %v, want %v", tt.path, err, tt.wantErr)
			}
		})
	}
}

func TestCacheLifetime(t *testing.T) {
	var fail atomic.Bool
	srv, hits := site(t, func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			http.Error(w, "down", 503)
			return
		}
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	clk := clock.At(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c := newCache(clk, time.Second)
	ask := func(path string) error { return c.Allowed(t.Context(), mustURL(t, srv.URL+path)) }
	steps := []struct {
		name     string
		advance  time.Duration
		fail     bool
		path     string
		wantErr  error
		wantHits int64
	}{
		{"first page fetches robots.txt", 0, false, "/a", nil, 1},
		{"second page uses the cache", time.Minute, false, "/private/b", ErrDisallowed, 1},
		{"still cached at 23h", 23 * time.Hour, true, "/c", nil, 1},
		{"expired after 24h, server down", 2 * time.Hour, true, "/c", ErrUnavailable, 2},
		{"failure remembered briefly", time.Minute, false, "/c", ErrUnavailable, 2},
		{"asked again after RetryAfter, never disallow-all", DefaultRetryAfter, false, "/c", nil, 3},
		{"and its rules apply again", 0, false, "/private/d", ErrDisallowed, 3},
	}
	for _, s := range steps {
		clk.Add(s.advance)
		fail.Store(s.fail)
		err := ask(s.path)
		if (s.wantErr == nil) != (err == nil) || (s.wantErr != nil && !errors.Is(err, s.wantErr)) {
			t.Errorf("%s: Allowed(%s) = %v, want %v", s.name, s.path, err, s.wantErr)
		}
		if got := hits.Load(); got != s.wantHits {
			t.Errorf("%s: robots.txt fetched %d times, want %d", s.name, got, s.wantHits)
		}
	}
}

func TestConcurrentLookupsShareOneFetch(t *testing.T) {
	release := make(chan struct{})
	srv, hits := site(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		fmt.Fprint(w, "User-agent: *\nDisallow: /x\n")
	})
	c := newCache(clock.At(time.Now()), 5*time.Second)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.Allowed(t.Context(), mustURL(t, fmt.Sprintf("%s/p/%d", srv.URL, i)))
		}()
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Allowed = %v, want nil", err)
		}
	}
	if got := hits.Load(); got != 1 {
		t.Errorf("robots.txt fetched %d times by 20 concurrent lookups, want 1", got)
	}
}

func TestCacheStaysBounded(t *testing.T) {
	clk := clock.At(time.Now())
	c := New(Options{Now: clk.Now, MaxHosts: 8})
	for i := range 100 {
		e, fetch := c.lookup(fmt.Sprintf("http://host-%d", i))
		if !fetch {
			t.Fatalf("lookup of new host %d did not ask for a fetch", i)
		}
		e.group, e.expires = allowAll(), clk.Now().Add(time.Hour)
		close(e.ready)
		clk.Add(time.Minute)
	}
	c.mu.Lock()
	n := len(c.hosts)
	c.mu.Unlock()
	if n > 8 {
		t.Errorf("cache holds %d hosts after 100 were looked up, want at most MaxHosts = 8", n)
	}
}
