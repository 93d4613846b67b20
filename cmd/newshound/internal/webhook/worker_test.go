package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
)

func TestPayloadSignatureVerifies(t *testing.T) {
	rcv := newReceiver(t)
	s := openStore(t, filepath.Join(t.TempDir(), "n.db"), rcv.srv.URL)
	defer s.Close()
	flag(t, s, "https://news.test/a", "bank-facebook")
	if err := newTestWorker(s, rcv.srv.URL).Drain(context.Background()); err != nil {
		t.Fatalf("Drain = %v", err)
	}
	n, _ := rcv.delivered()
	if n != 1 {
		t.Fatalf("deliveries received = %d, want 1", n)
	}
	p := rcv.got[0]
	if p.Event != EventFlagged || p.Rule != "bank-facebook" || p.Story.URL != "https://news.test/a" ||
		p.Story.Title == "" || p.Story.Published == nil || p.Story.Feed.Title != "News" ||
		len(p.Explanation.Matches) != 1 || p.Explanation.Matches[0].Snippet != "the bank shared" {
		t.Errorf("payload = %+v, want the rule, story and explanation of the flag", p)
	}
	if c := pending(t, s); c.Pending != 0 || c.Dead != 0 {
		t.Errorf("outbox after 2xx = %+v, want empty", c)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"id":"x"}`)
	good := Sign(secret, body)
	tests := []struct {
		name, secret, header string
		body                 []byte
		want                 bool
	}{
		{"good", secret, good, body, true},
		{"other secret", "another-secret-000000", good, body, false},
		{"other body", secret, good, []byte(`{"id":"y"}`), false},
		{"no prefix", secret, good[len("sha256="):], body, false},
		{"not hex", secret, "sha256=zz", body, false},
		{"empty", secret, "", body, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify(tt.secret, tt.body, tt.header); got != tt.want {
				t.Errorf("Verify(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestOutageThenRecoveryDeliversExactlyOnce(t *testing.T) {
	rcv := newReceiver(t)
	rcv.fail.Store(4) // the receiver is down for four requests
	s := openStore(t, filepath.Join(t.TempDir(), "n.db"), rcv.srv.URL)
	defer s.Close()
	for _, u := range []string{"https://news.test/a", "https://news.test/b", "https://news.test/c"} {
		flag(t, s, u, "r")
	}
	w := newTestWorker(s, rcv.srv.URL)
	var mu sync.Mutex
	outcomes := map[string]int{}
	w.OnAttempt = func(o string, _ time.Duration) { mu.Lock(); outcomes[o]++; mu.Unlock() }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	// Once the outbox is empty nothing is left to send, so the counts
	// after Run returns are final: no waiting for a re-send that should
	// not come.
	testkit.WaitFor(t, "three deliveries and an empty outbox", waitBound, func() bool {
		n, _ := rcv.delivered()
		ob, err := s.Outbox(context.Background())
		return n >= 3 && err == nil && ob.Pending == 0 && ob.Dead == 0
	})
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil", err)
	}
	n, ids := rcv.delivered()
	if n != 3 || len(ids) != 3 {
		t.Errorf("received %d 2xx deliveries of %d ids, want 3 of 3", n, len(ids))
	}
	for id, k := range ids {
		if k != 1 {
			t.Errorf("delivery %s answered 2xx %d times, want once", id, k)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if outcomes[OutcomeFailed] != 4 || outcomes[OutcomeDelivered] != 3 {
		t.Errorf("outcomes = %v, want 4 failed, 3 delivered", outcomes)
	}
	if c := pending(t, s); c.Pending != 0 || c.Dead != 0 {
		t.Errorf("outbox after recovery = %+v, want empty", c)
	}
}

func TestRestartResumesPendingAndNeverResends(t *testing.T) {
	rcv := newReceiver(t)
	path := filepath.Join(t.TempDir(), "n.db")
	s := openStore(t, path, rcv.srv.URL)
	flag(t, s, "https://news.test/a", "r")
	flag(t, s, "https://news.test/b", "r")
	// first run: the receiver is down, and the process stops
	rcv.fail.Store(1 << 20)
	if err := newTestWorker(s, rcv.srv.URL).Drain(context.Background()); err != nil {
		t.Fatalf("Drain = %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// second run after a restart: the receiver is back
	rcv.fail.Store(0)
	s = openStore(t, path, rcv.srv.URL)
	if c := pending(t, s); c.Pending != 2 {
		t.Fatalf("outbox after restart = %+v, want 2 pending", c)
	}
	w := newTestWorker(s, rcv.srv.URL)
	testkit.WaitFor(t, "both deliveries", waitBound, func() bool {
		_ = w.Drain(context.Background())
		n, _ := rcv.delivered()
		return n == 2
	})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// third run: nothing may be sent again
	s = openStore(t, path, rcv.srv.URL)
	defer s.Close()
	tries := rcv.tries.Load()
	if err := newTestWorker(s, rcv.srv.URL).Drain(context.Background()); err != nil {
		t.Fatalf("Drain = %v", err)
	}
	if got := rcv.tries.Load(); got != tries {
		t.Errorf("requests after every delivery succeeded: %d more, want 0", got-tries)
	}
	if n, ids := rcv.delivered(); n != 2 || len(ids) != 2 {
		t.Errorf("received %d deliveries of %d ids, want 2 of 2", n, len(ids))
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	rcv := newReceiver(t)
	rcv.fail.Store(1 << 20)
	s := openStore(t, filepath.Join(t.TempDir(), "n.db"), rcv.srv.URL, "http://127.0.0.1:1/gone")
	defer s.Close()
	flag(t, s, "https://news.test/a", "r")
	w := newTestWorker(s, rcv.srv.URL) // the second target is not configured
	w.MaxAttempts = 3
	testkit.WaitFor(t, "both dead", waitBound, func() bool {
		_ = w.Drain(context.Background())
		return pending(t, s).Dead == 2
	})
	if got := rcv.tries.Load(); got != 3 {
		t.Errorf("attempts = %d, want 3", got)
	}
	ds, err := s.Deliveries(context.Background())
	if err != nil || len(ds) != 2 {
		t.Fatalf("Deliveries = %d, %v", len(ds), err)
	}
	for _, d := range ds {
		if !d.Dead || d.LastError == "" {
			t.Errorf("delivery to %s = dead %v, error %q, want dead with a reason", d.Target, d.Dead, d.LastError)
		}
	}
}

func TestBackoff(t *testing.T) {
	w := &Worker{BaseDelay: time.Second, MaxDelay: 10 * time.Second}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 40: 10 * time.Second} {
		if got := w.backoff(n); got != want {
			t.Errorf("backoff(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestSendStatus(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter string
		wantErr    bool
		wantRetry  time.Duration
	}{
		{"ok", http.StatusOK, "", false, 0},
		{"accepted", http.StatusAccepted, "", false, 0},
		{"redirect is a failure", http.StatusFound, "", true, 0},
		{"unavailable", http.StatusServiceUnavailable, "120", true, 2 * time.Minute},
		{"bad request", http.StatusBadRequest, "", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotMethod string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotMethod = r.Method
				if tt.status == http.StatusFound {
					w.Header().Set("Location", "/elsewhere")
				}
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			status, err := (&Sender{}).Send(context.Background(), srv.URL, secret, "id", []byte(`{}`))
			if status != tt.status || (err != nil) != tt.wantErr || gotMethod != http.MethodPost {
				t.Fatalf("Send = %d, %v (last request %s), want %d, error %v, POST", status, err, gotMethod, tt.status, tt.wantErr)
			}
			var se *StatusError
			if tt.wantErr && (!errors.As(err, &se) || se.RetryAfter != tt.wantRetry) {
				t.Errorf("Send error = %#v, want a *StatusError with RetryAfter %s", err, tt.wantRetry)
			}
		})
	}
}
