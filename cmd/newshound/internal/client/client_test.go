package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestURL(t *testing.T) {
	for _, tt := range []struct{ listen, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/x"},
		{":8080", "http://127.0.0.1:8080/x"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080/x"},
		{"[::]:8080", "http://127.0.0.1:8080/x"},
		{"[::1]:8080", "http://[::1]:8080/x"},
	} {
		if got := (&Client{Listen: tt.listen}).URL("/x"); got != tt.want {
			t.Errorf("URL with listen %s = %s, want %s", tt.listen, got, tt.want)
		}
	}
}

// TestCall: the token is sent, a 200 is decoded, and an error answer is
// the daemon's own sentence only when the route marked it as one.
func TestCall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" { // open, as the daemon's is
			return
		}
		if r.Header.Get("Authorization") != "Bearer t0ken" {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/ok":
			w.Write([]byte(`{"n": 3}`))
		case "/sentence":
			w.Header().Set(SentenceHeader, "1")
			w.WriteHeader(http.StatusConflict)
			w.Write([]byte(`{"error":"feeds add: already polled"}`))
		default:
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"error":"internal error: the daemon's log says why"}`))
		}
	}))
	c := &Client{Listen: strings.TrimPrefix(srv.URL, "http://"), Token: "t0ken"}
	var out struct{ N int }
	if err := c.Call(t.Context(), "test", http.MethodGet, "/ok", nil, &out); err != nil || out.N != 3 {
		t.Errorf("Call /ok = %v, %+v; want n 3", err, out)
	}
	if err := c.Call(t.Context(), "test", http.MethodGet, "/sentence", nil, &out); err == nil || err.Error() != "feeds add: already polled" {
		t.Errorf("Call /sentence = %v, want the daemon's sentence as it is", err)
	}
	if err := c.Call(t.Context(), "test", http.MethodGet, "/other", nil, &out); err == nil || !strings.HasPrefix(err.Error(), "test: the daemon at ") || !strings.Contains(err.Error(), "500") {
		t.Errorf("Call /other = %v, want the command, the daemon's address and the status", err)
	}
	if err := (&Client{Listen: c.Listen}).Call(t.Context(), "test", http.MethodGet, "/ok", nil, &out); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("Call without the token = %v, want a 401", err)
	}
	if !c.Answers(t.Context()) {
		t.Error("Answers = false for a server answering /healthz")
	}
	srv.Close()
	if c.Answers(t.Context()) {
		t.Error("Answers = true with no server")
	}
}

// TestStalledDaemon: a daemon that accepts the connection and never
// answers is one sentence after the bound, not a hang.
func TestStalledDaemon(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	c := &Client{Listen: strings.TrimPrefix(srv.URL, "http://")}
	ctx := WithWait(context.Background(), 50*time.Millisecond)
	_, err := c.Do(ctx, "stats", http.MethodGet, "/api/v1/stats", nil)
	if !errors.Is(err, ErrNoAnswer) || !strings.Contains(err.Error(), "did not answer within") {
		t.Errorf("Do against a stalled daemon = %v, want ErrNoAnswer with the bound", err)
	}
}
