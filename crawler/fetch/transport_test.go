package fetch

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func gzipped(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(bytes.Repeat([]byte("a"), n)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTransportCapsAfterDecompression(t *testing.T) {
	const limit = 64 << 10
	bomb := gzipped(t, 8<<20) // 8 MiB of 'a' in a few KiB
	small := gzipped(t, 1000)
	tests := []struct {
		name    string
		path    string
		handler http.HandlerFunc
		wantErr error
		wantLen int
	}{
		{"gzip bomb by Content-Encoding", "/feed", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}, ErrBodyTooLarge, 0},
		{"gzip bomb as .gz body", "/feed.xml.gz", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/gzip")
			w.Write(bomb)
		}, ErrBodyTooLarge, 0},
		{"declared too large", "/big", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100000000")
			w.WriteHeader(200)
		}, ErrBodyTooLarge, 0},
		{"plain body over the cap", "/plain", func(w http.ResponseWriter, r *http.Request) {
			w.Write(bytes.Repeat([]byte("b"), limit+1))
		}, ErrBodyTooLarge, 0},
		{"plain body at the cap", "/exact", func(w http.ResponseWriter, r *http.Request) {
			w.Write(bytes.Repeat([]byte("b"), limit))
		}, nil, limit},
		{"small gzip body", "/small", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(small)
		}, nil, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			tr := newTransport(Options{UserAgent: "ua", Timeout: 5 * time.Second, MaxBodyBytes: limit, AllowPrivateNetworks: true, HostConcurrency: 1}, newHostLimiter(1, 0))
			client := &http.Client{Transport: tr}
			resp, err := client.Get(srv.URL + tt.path)
			var body []byte
			if err == nil {
				body, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("GET %s: error = %v, want %v", tt.path, err, tt.wantErr)
			}
			if err == nil && len(body) != tt.wantLen {
				t.Errorf("GET %s: body length = %d, want %d", tt.path, len(body), tt.wantLen)
			}
			if err != nil && !strings.Contains(err.Error(), "fetch.max_body_bytes") {
				t.Errorf("error %q does not name fetch.max_body_bytes", err)
			}
		})
	}
}

func TestTransportSendsUserAgentAndRefusesLoopback(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.UserAgent() }))
	defer srv.Close()
	open := &http.Client{Transport: newTransport(Options{UserAgent: "newshound-test/1", Timeout: time.Second, MaxBodyBytes: 1024, AllowPrivateNetworks: true}, newHostLimiter(1, 0))}
	resp, err := open.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got != "newshound-test/1" {
		t.Errorf("User-Agent = %q, want %q", got, "newshound-test/1")
	}
	guarded := &http.Client{Transport: newTransport(Options{UserAgent: "x", Timeout: time.Second, MaxBodyBytes: 1024}, newHostLimiter(1, 0))}
	if _, err := guarded.Get(srv.URL); err == nil || !strings.Contains(err.Error(), "allow_private_networks") {
		t.Errorf("GET loopback with the guard on: error = %v, want a refusal naming allow_private_networks", err)
	}
}

func TestHostLimiter(t *testing.T) {
	const delay = 40 * time.Millisecond
	var mu sync.Mutex
	var starts []time.Time
	inFlight, maxInFlight := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()
	client := &http.Client{Transport: newTransport(Options{UserAgent: "x", Timeout: 5 * time.Second, MaxBodyBytes: 1024, AllowPrivateNetworks: true, HostConcurrency: 2}, newHostLimiter(2, delay))}
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Wait()
	if maxInFlight > 2 {
		t.Errorf("max in flight = %d, want <= 2", maxInFlight)
	}
	// Arrival times jitter with connection set-up, so check the span: five
	// starts at least delay apart take four delays; a slow first connection
	// may eat one of them.
	if span, want := starts[len(starts)-1].Sub(starts[0]), 3*delay; span < want {
		t.Errorf("five requests spanned %v, want >= %v", span, want)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"120":                           2 * time.Minute,
		"Tue, 24 Nov 2026 12:05:00 GMT": 5 * time.Minute,
		"":                              0,
		"soon":                          0,
		"Tue, 24 Nov 2026 11:00:00 GMT": 0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
