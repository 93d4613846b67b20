package simweb

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"
)

// newWeb starts a web closed at the end of the test.
func newWeb(t testing.TB, o Options) *Web {
	t.Helper()
	w := New(o)
	t.Cleanup(w.Close)
	return w
}

// fetch GETs rawURL with the given headers and returns the response with its
// body read.
func fetch(t testing.TB, rawURL string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatalf("NewRequest(%q): %v", rawURL, err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", rawURL, err)
	}
	return resp, body
}
