package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
)

// TestHostileClientSlowWebhook runs the real daemon with two webhooks: one
// that holds every request and never answers while the test runs, one
// healthy. The healthy one must receive every alert within the bound while
// the slow one still holds its first request, and the daemon must stay
// healthy: /healthz answers and a write (a label) goes through its API.
func TestHostileClientSlowWebhook(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 4, ArticlesPerHost: 10})
	flagged := f.flaggedURLs()
	if len(flagged) < 5 {
		t.Fatalf("the simulated web has %d stories to flag; want at least 5 for the test to show anything", len(flagged))
	}
	healthy := newHookReceiver(t, http.StatusNoContent)
	release := make(chan struct{})
	var held, slowSeen atomic.Int32
	slow := newHookReceiver(t, http.StatusNoContent)
	next := slow.srv.Config.Handler
	slow.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slowSeen.Add(1)
		held.Add(1)
		defer held.Add(-1)
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		next.ServeHTTP(w, r)
	})
	t.Cleanup(func() { close(release) }) // runs before the servers close
	cfg, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	hooks := fmt.Sprintf("webhooks:\n  - {url: %s/hook, secret_env: NH_TEST_HOOK_SECRET, timeout: 1m}\n  - {url: %s/hook, secret_env: NH_TEST_HOOK_SECRET}\n", slow.srv.URL, healthy.srv.URL)
	writeFile(t, f.config, string(cfg)+hooks)

	cmd, logs := startDaemon(t, f)
	testkit.WaitFor(t, "/healthz", 60*time.Second, func() bool { return healthz(f) == http.StatusOK })
	const bound = 8 * time.Second // the crawl of the simulated web included; the old 10s timeout of the slow one is longer
	start := time.Now()
	testkit.WaitFor(t, fmt.Sprintf("all %d alerts at the healthy webhook", len(flagged)), bound, func() bool {
		got, _ := healthy.stories()
		return len(got) == len(flagged)
	})
	t.Logf("healthy webhook had all %d alerts %s after /healthz answered; slow webhook: %d requests, %d held",
		len(flagged), time.Since(start).Round(time.Millisecond), slowSeen.Load(), held.Load())
	got, bad := healthy.stories()
	for u, n := range got {
		if !flagged[u] || n != 1 {
			t.Errorf("healthy webhook: story %s delivered %d times (flagged %v), want once and only if flagged", u, n, flagged[u])
		}
	}
	if bad != 0 {
		t.Errorf("healthy webhook: %d deliveries failed the signature check", bad)
	}
	if n, _ := slow.stories(); len(n) != 0 || held.Load() != 1 || slowSeen.Load() != 1 {
		t.Errorf("slow webhook: %d answered, %d requests, %d held; want its first request still held and nothing else sent", len(n), slowSeen.Load(), held.Load())
	}

	// the daemon's health afterwards
	if code := healthz(f); code != http.StatusOK {
		t.Errorf("/healthz after the slow webhook = %d, want 200", code)
	}
	var story string
	for u := range flagged {
		story = u
		break
	}
	out, _, err := newshound(t, "label", story, "relevant", "--rule", "bank-facebook-data-sharing", "--config", f.config)
	if err != nil || !strings.Contains(out, "relevant") {
		t.Errorf("label through the daemon = %q, %v; want it recorded", out, err)
	}
	stopDaemon(t, cmd, logs)
}

// healthz is the status of the daemon's /healthz, or 0 when it did not answer.
func healthz(f *fixture) int {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + f.listen + "/healthz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
