package testkit

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// Do sends a request with method to url, with body (nil: none), the
// content type ctype ("": none) and the bearer token ("": none), and
// returns the response, whose body the caller closes. A request that gets
// no answer fails the test.
func Do(t testing.TB, method, url, ctype, token string, body io.Reader) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return resp
}

// DecodeJSON sends a request as Do does, decodes the JSON answer into out
// and returns the status; an answer that is not JSON fails the test.
func DecodeJSON(t testing.TB, method, url, token string, out any) int {
	t.Helper()
	resp := Do(t, method, url, "", token, nil)
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("%s %s: answer is not JSON: %v", method, url, err)
	}
	return resp.StatusCode
}

// healthyWithin bounds WaitHealthy: a daemon on two busy cores opens its
// store, compiles its rules and listens well within it.
const healthyWithin = 60 * time.Second

// healthzLook bounds one look of WaitHealthy, so that a daemon that
// accepts but does not answer cannot hold the wait past its bound.
const healthzLook = 5 * time.Second

// WaitHealthy waits until GET http://addr/healthz answers 200, and fails
// the test if it does not within 60 s.
func WaitHealthy(t testing.TB, addr string) {
	t.Helper()
	c := &http.Client{Timeout: healthzLook}
	WaitFor(t, "http://"+addr+"/healthz", healthyWithin, func() bool {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+addr+"/healthz", nil)
		if err != nil {
			return false
		}
		resp, err := c.Do(req)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}
