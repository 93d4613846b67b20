package webhook

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
)

// heldReceiver is a receiver that holds every request until release is
// closed (or the request is cancelled), then hands it to next.
type heldReceiver struct {
	*receiver
	release chan struct{}
	waiting atomic.Int32 // requests being held now
}

func newHeldReceiver(t testing.TB) *heldReceiver {
	h := &heldReceiver{release: make(chan struct{})}
	h.receiver = newReceiver(t)
	next := h.srv.Config.Handler
	h.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.waiting.Add(1)
		defer h.waiting.Add(-1)
		select {
		case <-h.release:
		case <-r.Context().Done():
			return
		}
		next.ServeHTTP(w, r)
	})
	t.Cleanup(func() { h.free() })
	return h
}

// free lets every held and future request through.
func (h *heldReceiver) free() {
	select {
	case <-h.release:
	default:
		close(h.release)
	}
}

func TestSlowReceiverDoesNotDelayOthers(t *testing.T) {
	slow, healthy := newHeldReceiver(t), newReceiver(t)
	// the slow receiver is first: every alert's oldest delivery is its
	s := openStore(t, filepath.Join(t.TempDir(), "n.db"), slow.srv.URL, healthy.srv.URL)
	defer s.Close()
	const n = 20
	for i := range n {
		flag(t, s, fmt.Sprintf("https://news.test/%d", i), "r")
	}
	w := NewWorker(s, testTargets(time.Minute, slow.srv.URL, healthy.srv.URL), nil)
	w.BaseDelay, w.MaxDelay, w.Poll = 5*time.Millisecond, 20*time.Millisecond, 5*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	defer func() { cancel(); <-done }()

	start := time.Now()
	testkit.WaitFor(t, fmt.Sprintf("%d alerts at the healthy receiver while the slow one holds its first", n), waitBound, func() bool {
		got, _ := healthy.delivered()
		return got == n
	})
	t.Logf("healthy receiver had all %d alerts after %s", n, time.Since(start).Round(time.Millisecond))
	if got, _ := slow.delivered(); got != 0 || slow.waiting.Load() != 1 {
		t.Fatalf("slow receiver: %d answered, %d held; want 0 answered and its first request held", got, slow.waiting.Load())
	}
	slow.free()
	testkit.WaitFor(t, "every alert at the slow receiver once it answers", waitBound, func() bool {
		got, _ := slow.delivered()
		return got == n
	})
	testkit.WaitFor(t, "an empty outbox", waitBound, func() bool { c := pending(t, s); return c.Pending == 0 && c.Dead == 0 })
	for _, r := range []*receiver{slow.receiver, healthy} {
		if _, ids := r.delivered(); len(ids) != n {
			t.Errorf("receiver %s got %d distinct alerts, want %d", r.srv.URL, len(ids), n)
		}
	}
}

func TestTimeoutFailsTheAttempt(t *testing.T) {
	mute, healthy := newHeldReceiver(t), newReceiver(t) // mute never answers
	s := openStore(t, filepath.Join(t.TempDir(), "n.db"), mute.srv.URL, healthy.srv.URL)
	defer s.Close()
	flag(t, s, "https://news.test/a", "r")
	w := NewWorker(s, testTargets(50*time.Millisecond, mute.srv.URL, healthy.srv.URL), nil)
	w.BaseDelay, w.MaxDelay, w.Poll, w.MaxAttempts = 5*time.Millisecond, 20*time.Millisecond, 5*time.Millisecond, 2
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	defer func() { cancel(); <-done }()
	testkit.WaitFor(t, "the mute receiver's delivery given up after 2 timed-out attempts", waitBound, func() bool { return pending(t, s).Dead == 1 })
	if got, _ := healthy.delivered(); got != 1 {
		t.Errorf("healthy receiver got %d alerts, want 1", got)
	}
	ds, err := s.Deliveries(context.Background())
	if err != nil || len(ds) != 1 {
		t.Fatalf("Deliveries = %d, %v; want the dead one", len(ds), err)
	}
	if d := ds[0]; d.Target != mute.srv.URL || d.Attempts != 2 || !strings.Contains(d.LastError, "deadline exceeded") {
		t.Errorf("dead delivery = %s after %d attempts, error %q; want %s after 2, deadline exceeded", d.Target, d.Attempts, d.LastError, mute.srv.URL)
	}
}
