package netguard

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The tests in this file connect to loopback servers only.

// target is a loopback server that counts the requests that reach it.
func target(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte("internal secrets"))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func guardedClient(d *net.Dialer) *http.Client {
	return &http.Client{
		Transport: &http.Transport{DialContext: d.DialContext, Proxy: nil},
		Timeout:   5 * time.Second,
	}
}

func get(t *testing.T, c *http.Client, rawURL string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func wantBlocked(t *testing.T, err error, what string) {
	t.Helper()
	var be *BlockedError
	if !errors.As(err, &be) {
		t.Fatalf("GET %s = %v, want a *BlockedError", what, err)
	}
	if !be.Addr.IsLoopback() {
		t.Errorf("GET %s blocked %s, want a loopback address", what, be.Addr)
	}
	if !strings.Contains(err.Error(), "fetch.allow_private_networks: true") {
		t.Errorf("GET %s = %q, want the message to name the setting", what, err)
	}
}

func TestDialerBlocksLoopback(t *testing.T) {
	srv, hits := target(t)
	c := guardedClient(NewDialer(false, 2*time.Second))
	wantBlocked(t, get(t, c, srv.URL), srv.URL)
	if got := hits.Load(); got != 0 {
		t.Errorf("server saw %d requests, want 0", got)
	}
}

func TestDialerBlocksLocalhostName(t *testing.T) {
	srv, hits := target(t)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	byName := "http://localhost:" + u.Port() + "/"
	c := guardedClient(NewDialer(false, 2*time.Second))
	wantBlocked(t, get(t, c, byName), byName)
	if got := hits.Load(); got != 0 {
		t.Errorf("server saw %d requests, want 0", got)
	}
}

func TestDialerAllowPrivate(t *testing.T) {
	srv, hits := target(t)
	c := &http.Client{Transport: NewTransport(true, 2*time.Second), Timeout: 5 * time.Second}
	if err := get(t, c, srv.URL); err != nil {
		t.Fatalf("GET %s with allowPrivate = %v, want nil", srv.URL, err)
	}
	if got := hits.Load(); got != 1 {
		t.Errorf("server saw %d requests, want 1", got)
	}
}

func TestTransportBlocksLoopback(t *testing.T) {
	srv, _ := target(t)
	c := &http.Client{Transport: NewTransport(false, 2*time.Second), Timeout: 5 * time.Second}
	wantBlocked(t, get(t, c, srv.URL), srv.URL)
}

// TestDialerBlocksRedirect shows that every redirect hop is checked: the
// redirector stands in for a public server (its address is exempted from the
// check) and sends the client to a loopback target, by address and by name.
func TestDialerBlocksRedirect(t *testing.T) {
	dst, hits := target(t)
	dstURL, err := url.Parse(dst.URL)
	if err != nil {
		t.Fatal(err)
	}
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to := dst.URL + "/internal"
		if r.URL.Path == "/by-name" {
			to = "http://localhost:" + dstURL.Port() + "/internal"
		}
		http.Redirect(w, r, to, http.StatusFound)
	}))
	t.Cleanup(redirector.Close)
	exempt := netip.MustParseAddrPort(strings.TrimPrefix(redirector.URL, "http://"))

	var checked atomic.Int64
	d := NewDialer(false, 2*time.Second)
	d.Control = control(func(ap netip.AddrPort) error {
		checked.Add(1)
		if ap == exempt {
			return nil
		}
		return CheckAddr(ap.Addr())
	})
	c := guardedClient(d)
	for _, path := range []string{"/by-address", "/by-name"} {
		t.Run(path, func(t *testing.T) {
			before := checked.Load()
			wantBlocked(t, get(t, c, redirector.URL+path), redirector.URL+path)
			if got := checked.Load() - before; got < 1 {
				t.Errorf("Control ran %d times, want at least 1 (the redirect hop)", got)
			}
		})
	}
	if got := hits.Load(); got != 0 {
		t.Errorf("redirect target saw %d requests, want 0", got)
	}
}
