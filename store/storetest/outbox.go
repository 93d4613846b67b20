package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// OutboxStore is what the Outbox group needs: flagged articles under an
// AlertPolicy with targets, and the webhook outbox.
type OutboxStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	SetAlertPolicy(p store.AlertPolicy)
	OutboxSignal() <-chan struct{}
	Deliveries(ctx context.Context) ([]store.Delivery, error)
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error)
	UpdateDelivery(ctx context.Context, d store.Delivery) error
	DeliverySucceeded(ctx context.Context, id string) error
	Outbox(ctx context.Context) (store.OutboxCounts, error)
}

// signalWait bounds the wait for an OutboxSignal that must come.
const signalWait = 10 * time.Second

// hooks routes every rule to one webhook.
var hooks = map[string][]string{"bank": {"https://hook.example/bank"}, "privacy": {"https://hook.example/privacy"}}

// Outbox checks the webhook outbox: deliveries are listed oldest first
// with ids in enqueue order, DueDeliveries, UpdateDelivery,
// DeliverySucceeded, the counts, and OutboxSignal.
func Outbox(t *testing.T, open func(t *testing.T) OutboxStore) {
	t.Run("Queue", func(t *testing.T) { outboxQueue(t, open(t)) })
	t.Run("Signal", func(t *testing.T) {
		s := open(t)
		s.SetAlertPolicy(&policy{targets: hooks})
		select { // empty the signal of anything before
		case <-s.OutboxSignal():
		default:
		}
		put(t, s, story(1, 0, time.Minute, "bank"))
		select {
		case <-s.OutboxSignal():
		case <-time.After(signalWait):
			t.Fatalf("OutboxSignal did not fire within %v of a PutArticle that enqueued a delivery", signalWait)
		}
		if ds, err := s.DueDeliveries(t.Context(), at(0), 0); err != nil || len(ds) != 1 {
			t.Errorf("DueDeliveries after the signal = %d deliveries, %v, want the one enqueued", len(ds), err)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		s := open(t)
		if ds, err := s.Deliveries(t.Context()); err != nil || len(ds) != 0 {
			t.Errorf("Deliveries() of an empty store = %v, %v, want none", ds, err)
		}
		if c, err := s.Outbox(t.Context()); err != nil || c != (store.OutboxCounts{}) {
			t.Errorf("Outbox() of an empty store = %+v, %v, want zero counts", c, err)
		}
	})
}

func outboxQueue(t *testing.T, s OutboxStore) {
	ctx := t.Context()
	s.SetAlertPolicy(&policy{targets: hooks})
	for i, rules := range [][]string{{"bank"}, {"privacy"}, {"bank"}, {"privacy"}} {
		put(t, s, story(i+1, 0, time.Minute, rules...))
	}
	ds, err := s.Deliveries(ctx)
	if err != nil || len(ds) != 4 {
		t.Fatalf("Deliveries() = %d deliveries, %v, want 4", len(ds), err)
	}
	for i, d := range ds {
		if d.Story.ID != idsOf(i + 1)[0] {
			t.Errorf("Deliveries()[%d] is of story %s, want story %d's: oldest first", i, d.Story.ID, i+1)
		}
		if !isHexID(d.ID) || i > 0 && d.ID <= ds[i-1].ID {
			t.Errorf("Deliveries()[%d].ID = %q after %q, want 32 hex digits in enqueue order", i, d.ID, ds[max(i-1, 0)].ID)
		}
		if d.Attempts != 0 || !d.NextAttempt.IsZero() || d.LastError != "" || d.Dead {
			t.Errorf("a new delivery has attempts %d, next %v, error %q, dead %v; want none", d.Attempts, d.NextAttempt, d.LastError, d.Dead)
		}
	}
	// d0 fails once and waits an hour, d1 is given up on, d2 and d3 wait.
	d0, d1 := ds[0], ds[1]
	d0.Attempts, d0.NextAttempt, d0.LastError = 1, at(time.Hour), "http: 500"
	d0.Target, d0.Story.Title = "https://elsewhere.example/", "changed" // not attempt fields: kept
	d1.Attempts, d1.LastError, d1.Dead = 5, "http: 410", true
	for _, d := range []store.Delivery{d0, d1} {
		if err := s.UpdateDelivery(ctx, d); err != nil {
			t.Fatalf("UpdateDelivery(%s) = %v, want no error", d.ID, err)
		}
	}
	got, err := s.Deliveries(ctx)
	if err != nil {
		t.Fatalf("Deliveries() = %v, want no error", err)
	}
	want0 := ds[0]
	want0.Attempts, want0.NextAttempt, want0.LastError = 1, at(time.Hour), "http: 500"
	want1 := ds[1]
	want1.Attempts, want1.LastError, want1.Dead = 5, "http: 410", true
	if d := diff(got, []store.Delivery{want0, want1, ds[2], ds[3]}); d != "" {
		t.Errorf("Deliveries() after UpdateDelivery, want only the attempt fields changed:\n%s", d)
	}
	if c, err := s.Outbox(ctx); err != nil || c != (store.OutboxCounts{Pending: 3, Dead: 1}) {
		t.Errorf("Outbox() = %+v, %v, want 3 pending and 1 dead", c, err)
	}
	for _, tt := range []struct {
		now   time.Time
		limit int
		want  []string
	}{
		{at(0), 0, []string{ds[2].ID, ds[3].ID}},
		{at(time.Hour), 0, []string{ds[0].ID, ds[2].ID, ds[3].ID}},
		{at(time.Hour), 2, []string{ds[0].ID, ds[2].ID}},
		{at(time.Hour), -1, []string{ds[0].ID, ds[2].ID, ds[3].ID}},
	} {
		due, err := s.DueDeliveries(ctx, tt.now, tt.limit)
		if d := diff(deliveryIDs(due), tt.want); err != nil || d != "" {
			t.Errorf("DueDeliveries(%v, %d) (error %v), want the live ones not waiting past now, oldest first:\n%s", tt.now, tt.limit, err, d)
		}
	}
	for range 2 { // a second success is no error
		if err := s.DeliverySucceeded(ctx, ds[2].ID); err != nil {
			t.Errorf("DeliverySucceeded(%s) = %v, want no error", ds[2].ID, err)
		}
	}
	if err := s.UpdateDelivery(ctx, ds[2]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateDelivery of a delivery that succeeded = %v, want ErrNotFound", err)
	}
	got, err = s.Deliveries(ctx)
	if d := diff(deliveryIDs(got), []string{ds[0].ID, ds[1].ID, ds[3].ID}); err != nil || d != "" {
		t.Errorf("Deliveries() after DeliverySucceeded (error %v):\n%s", err, d)
	}
	if c, err := s.Outbox(ctx); err != nil || c != (store.OutboxCounts{Pending: 2, Dead: 1}) {
		t.Errorf("Outbox() after DeliverySucceeded = %+v, %v, want 2 pending and 1 dead", c, err)
	}
}

func deliveryIDs(ds []store.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}
