package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/alertpolicy"

	"github.com/newshound/newshound/store"
)

const secret = "0123456789abcdef-test-secret"

// receiver is a loopback webhook receiver that verifies every request and
// answers with the status fail returns (200 when fail is nil).
type receiver struct {
	t     testing.TB
	srv   *httptest.Server
	fail  atomic.Int32 // answer 503 to this many more requests
	mu    sync.Mutex
	got   []Payload      // every verified request, in order
	oks   map[string]int // delivery id -> 2xx answers sent
	tries atomic.Int32
}

func newReceiver(t testing.TB) *receiver {
	r := &receiver{t: t, oks: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	r.tries.Add(1)
	body, err := io.ReadAll(req.Body)
	if err != nil {
		r.t.Errorf("receiver: read body: %v", err)
		return
	}
	if !Verify(secret, body, req.Header.Get(HeaderSignature)) {
		r.t.Errorf("receiver: signature %q does not verify", req.Header.Get(HeaderSignature))
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" || req.Header.Get(HeaderTimestamp) == "" {
		r.t.Errorf("receiver: got %s with Content-Type %q, timestamp %q", req.Method, req.Header.Get("Content-Type"), req.Header.Get(HeaderTimestamp))
	}
	var p Payload
	if err := json.Unmarshal(body, &p); err != nil {
		r.t.Errorf("receiver: decode %s: %v", body, err)
	}
	if p.ID != req.Header.Get(HeaderDelivery) {
		r.t.Errorf("receiver: body id %q, header %q, want equal", p.ID, req.Header.Get(HeaderDelivery))
	}
	if r.fail.Add(-1) >= 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	r.mu.Lock()
	r.got = append(r.got, p)
	r.oks[p.ID]++
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) delivered() (n int, ids map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids = map[string]int{}
	for k, v := range r.oks {
		ids[k] = v
	}
	return len(r.got), ids
}

// openStore opens a store at path routing every rule to targets.
func openStore(t testing.TB, path string, targets ...string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatalf("store.Open = %v", err)
	}
	s.SetAlertPolicy(alertpolicy.New(func(string) []string { return targets }))
	return s
}

// flag stores a new article flagged by rule, which enqueues deliveries.
func flag(t testing.TB, s *store.Store, url, rule string) {
	t.Helper()
	pub := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	a := &store.Article{
		URL: url, Title: "Bank shares data with Facebook", Published: &pub,
		Feed: store.FeedRef{URL: "https://news.test/feed", Title: "News"}, Text: "text",
		Flags: []store.Flag{{Rule: rule, Score: 2, Stage: "article", Matches: []store.Match{
			{Field: "text", Term: "bank", Offset: 4, Length: 4, Snippet: "the bank shared", SnippetOffset: 4},
		}}},
	}
	if err := s.PutArticle(context.Background(), a); err != nil {
		t.Fatalf("PutArticle = %v", err)
	}
}

func newTestWorker(s *store.Store, url string) *Worker {
	w := NewWorker(s, testTargets(0, url), nil)
	w.BaseDelay, w.MaxDelay, w.Poll = 5*time.Millisecond, 20*time.Millisecond, 5*time.Millisecond
	return w
}

func pending(t *testing.T, s *store.Store) store.OutboxCounts {
	t.Helper()
	c, err := s.Outbox(context.Background())
	if err != nil {
		t.Fatalf("Outbox = %v", err)
	}
	return c
}

// waitBound bounds each wait of the tests for a delivery, a retry or an
// empty outbox.
const waitBound = 5 * time.Second

// testTargets maps every url to the test secret and timeout.
func testTargets(timeout time.Duration, urls ...string) map[string]Target {
	m := map[string]Target{}
	for _, u := range urls {
		m[u] = Target{Secret: secret, Timeout: timeout}
	}
	return m
}
