package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/newshound/newshound/cmd/newshound/internal/buildinfo"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/webhook"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

const hookSecret = "test-secret-0123456789"

// hookReceiver records verified deliveries; it answers status.
type hookReceiver struct {
	srv    *httptest.Server
	status int
	mu     sync.Mutex
	byID   map[string]webhook.Payload
	count  map[string]int
	bad    int
}

func newHookReceiver(t *testing.T, status int) *hookReceiver {
	r := &hookReceiver{status: status, byID: map[string]webhook.Payload{}, count: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		var p webhook.Payload
		if !webhook.Verify(hookSecret, body, req.Header.Get(webhook.HeaderSignature)) || json.Unmarshal(body, &p) != nil {
			r.bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.byID[p.ID] = p
		r.count[p.ID]++
		w.WriteHeader(r.status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// received reports whether the delivery numbered id came in.
func (r *hookReceiver) received(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count[id] > 0
}

func (r *hookReceiver) stories() (urls map[string]int, bad int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	urls = map[string]int{}
	for id, p := range r.byID {
		urls[p.Story.URL] += r.count[id]
	}
	return urls, r.bad
}

func addWebhook(t *testing.T, f *fixture, url string) {
	t.Helper()
	cfg, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, f.config, string(cfg)+"webhooks:\n  - url: "+url+"\n    secret_env: NH_TEST_HOOK_SECRET\n    rules: [bank-facebook-data-sharing]\n")
}

// scrapeMetrics reads the daemon's /metrics.
func scrapeMetrics(listen string) (map[string]*dto.MetricFamily, error) {
	resp, err := http.Get("http://" + listen + "/metrics")
	if err != nil {
		return nil, fmt.Errorf("GET /metrics: %w", err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("parse /metrics: %w", err)
	}
	return fams, nil
}

// metricValue sums the samples (for histograms, the counts) of a family
// whose labels include want.
func metricValue(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	sum := 0.0
	for _, m := range fams[name].GetMetric() {
		match := true
		for _, l := range m.GetLabel() {
			if v, ok := want[l.GetName()]; ok && v != l.GetValue() {
				match = false
			}
		}
		if match {
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue() + float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}

func TestDaemonWebhooksMetricsAndStats(t *testing.T) {
	t.Parallel()
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	rcv := newHookReceiver(t, http.StatusNoContent)
	addWebhook(t, f, rcv.srv.URL+"/hook")
	flagged := f.flaggedURLs()
	if len(flagged) == 0 {
		t.Fatal("the simulated web has no story to flag; the test proves nothing")
	}
	cmd, logs := startDaemon(t, f)
	testkit.WaitFor(t, "a delivery per flagged story", 60*time.Second, func() bool {
		got, _ := rcv.stories()
		return len(got) == len(flagged)
	})

	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"newshound_flags_total", map[string]string{"rule": "bank-facebook-data-sharing"}, float64(len(flagged))},
		{"newshound_webhook_deliveries_duration_seconds", map[string]string{"outcome": "delivered"}, float64(len(flagged))},
		{"newshound_webhook_outbox", map[string]string{"state": "pending"}, 0},
		{"newshound_articles_stored_total", nil, float64(len(f.web.Articles()))},
		{"newshound_feeds", map[string]string{"state": "ok"}, float64(len(f.web.FeedURLs()))},
		{"newshound_feed_fetch_duration_seconds", map[string]string{"outcome": "ok"}, float64(len(f.web.FeedURLs()))},
	}
	// The deliveries may come before the last feed's poll ends: wait for
	// the crawl to finish and the outbox to drain, then every figure holds.
	var mismatch []string
	defer func() { // WaitFor's timeout ends the test: say what was still off
		for _, m := range mismatch {
			t.Log(m)
		}
	}()
	testkit.WaitFor(t, "the metrics of a finished crawl", 60*time.Second, func() bool {
		mismatch = nil
		fams, err := scrapeMetrics(f.listen)
		if err != nil {
			mismatch = []string{err.Error()}
			return false
		}
		for _, c := range checks {
			if v := metricValue(fams, c.name, c.labels); v != c.want {
				mismatch = append(mismatch, fmt.Sprintf("%s%v = %v, want %v", c.name, c.labels, v, c.want))
			}
		}
		return len(mismatch) == 0
	})

	out, _, err := newshound(t, "stats", "--config", f.config, "--json")
	if err != nil {
		t.Fatalf("stats while the daemon runs: %v", err)
	}
	var rep dbfile.Stats
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stats --json output %q: %v", out, err)
	}
	if rep.Articles != len(f.web.Articles()) || rep.Flagged != len(flagged) || rep.FlagsByRule["bank-facebook-data-sharing"] != len(flagged) || rep.FileSize == 0 {
		t.Errorf("stats through the daemon = %+v, want %d articles, %d flagged", rep, len(f.web.Articles()), len(flagged))
	}

	out, _, err = newshound(t, "webhooks", "list", "--config", f.config, "--json")
	if err != nil || strings.TrimSpace(out) != "[]" {
		t.Errorf("webhooks list through the daemon = %q, %v; want an empty outbox", out, err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("daemon exited with %v; logs:\n%s", err, logs)
	}
	// The daemon is gone and its outbox was empty: no delivery can still
	// come, so the counts are final without waiting for one that should not.
	got, bad := rcv.stories()
	if bad != 0 {
		t.Errorf("%d deliveries failed the signature check", bad)
	}
	for u, n := range got {
		if !flagged[u] || n != 1 {
			t.Errorf("story %s delivered %d times (flagged %v), want once and only if flagged", u, n, flagged[u])
		}
	}
	if out, _, err := newshound(t, "webhooks", "list", "--config", f.config, "--json"); err != nil || strings.TrimSpace(out) != "[]" {
		t.Errorf("webhooks list after the daemon stopped = %q, %v; want an empty outbox", out, err)
	}
}

func TestStatsReadOnly(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 4})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("crawl: %v", err)
	}
	out, _, err := newshound(t, "stats", "--config", f.config)
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	for _, want := range []string{"feeds", "articles  ", "8 (", "bank-facebook-data-sharing", "webhook outbox  0 pending, 0 dead"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = newshound(t, "stats", "--config", f.config, "--json")
	var rep dbfile.Stats
	if err != nil || json.Unmarshal([]byte(out), &rep) != nil || rep.Articles != 8 || rep.Feeds != 2 {
		t.Errorf("stats --json = %q, %v; want 8 articles from 2 feeds", out, err)
	}
}

func TestWebhooksTestCommand(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 1})
	ok := newHookReceiver(t, http.StatusOK)
	down := newHookReceiver(t, http.StatusServiceUnavailable)
	addWebhook(t, f, ok.srv.URL)
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr bool
	}{
		{"configured", nil, "answered 200 OK", false},
		{"by url", []string{"--url", ok.srv.URL}, "answered 200 OK", false},
		{"other url with secret", []string{"--url", down.srv.URL, "--secret", hookSecret}, "answered 503 Service Unavailable", true},
		{"other url without secret", []string{"--url", down.srv.URL}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := newshound(t, append([]string{"webhooks", "test", "--config", f.config}, tt.args...)...)
			if (err != nil) != tt.wantErr || !strings.Contains(out, tt.want) {
				t.Errorf("webhooks test %v = %q, %v; want %q and error %v", tt.args, out, err, tt.want, tt.wantErr)
			}
		})
	}
	if got, bad := ok.stories(); len(got) != 1 || bad != 0 {
		t.Errorf("receiver got %v (%d unverified), want the sample story twice", got, bad)
	}
}

func TestVersionCommand(t *testing.T) {
	out, _, err := newshound(t, "version")
	if err != nil || !strings.HasPrefix(out, "newshound "+buildinfo.Version) || !strings.Contains(out, "built with go") {
		t.Errorf("version = %q, %v; want newshound %s ... built with go...", out, err, buildinfo.Version)
	}
	out, _, err = newshound(t, "version", "--json")
	var b buildinfo.Info
	if err != nil || json.Unmarshal([]byte(out), &b) != nil || b.Version != buildinfo.Version || b.Go == "" {
		t.Errorf("version --json = %q, %v", out, err)
	}
}

func TestBuildInfoString(t *testing.T) {
	tests := []struct {
		name string
		b    buildinfo.Info
		want string
	}{
		{"checkout", buildinfo.Info{Version: "0.1.0-dev", Module: "(devel)", Go: "go1.26.8"}, "newshound 0.1.0-dev, built with go1.26.8"},
		{"installed", buildinfo.Info{Version: "0.1.0-dev", Module: "v0.2.0", Go: "go1.26.8"}, "newshound 0.1.0-dev (module v0.2.0), built with go1.26.8"},
		{"vcs", buildinfo.Info{Version: "v0.2.0", Module: "v0.2.0", Revision: "0123456789abcdef0123", Time: "2026-11-24T03:00:00Z", Modified: true, Go: "go1.26.8"},
			"newshound v0.2.0, revision 0123456789ab (modified) of 2026-11-24T03:00:00Z, built with go1.26.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCrawlEnqueuesForTheDaemon(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	rcv := newHookReceiver(t, http.StatusOK)
	addWebhook(t, f, rcv.srv.URL)
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if got, _ := rcv.stories(); len(got) != 0 {
		t.Errorf("crawl delivered %d alerts itself, want 0 (the daemon delivers)", len(got))
	}
	out, _, err := newshound(t, "webhooks", "list", "--config", f.config, "--json")
	var ds []store.Delivery
	if err != nil || json.Unmarshal([]byte(out), &ds) != nil {
		t.Fatalf("webhooks list --json = %q, %v", out, err)
	}
	flagged := f.flaggedURLs()
	if len(ds) != len(flagged) {
		t.Errorf("outbox after crawl holds %d deliveries, want one per flagged story (%d)", len(ds), len(flagged))
	}
	for _, d := range ds {
		if !flagged[d.Story.URL] || d.Target != rcv.srv.URL || d.Dead || d.Attempts != 0 {
			t.Errorf("delivery %+v, want a fresh one to %s for a flagged story", d, rcv.srv.URL)
		}
	}
	out, _, err = newshound(t, "webhooks", "list", "--config", f.config)
	if err != nil || strings.Count(out, " pending ") != len(flagged) {
		t.Errorf("webhooks list = %q, %v; want %d pending rows", out, err, len(flagged))
	}
	// A second crawl finds nothing new and enqueues nothing.
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	out, _, _ = newshound(t, "stats", "--config", f.config, "--json")
	var rep dbfile.Stats
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Outbox.Pending != len(flagged) {
		t.Errorf("stats after a second crawl: outbox %+v (%v), want %d pending", rep.Outbox, err, len(flagged))
	}
}
