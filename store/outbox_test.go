package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// routeAll sends every rule to the given targets.
func routeAll(targets ...string) AlertPolicy {
	return routed(func(string) []string { return targets })
}

func deliveries(t *testing.T, s *Store) []Delivery {
	t.Helper()
	ds, err := s.Deliveries(context.Background())
	if err != nil {
		t.Fatalf("Deliveries = %v", err)
	}
	return ds
}

func TestOutboxEnqueuesNewFlagsOnly(t *testing.T) {
	tests := []struct {
		name   string
		before []string // rules of the stored version; nil: not stored
		after  []string
		want   []string // rules enqueued
	}{
		{name: "new article, one flag", after: []string{"r1"}, want: []string{"r1"}},
		{name: "new article, no flag", after: nil, want: nil},
		{name: "same flag again", before: []string{"r1"}, after: []string{"r1"}, want: nil},
		{name: "second rule added", before: []string{"r1"}, after: []string{"r1", "r2"}, want: []string{"r2"}},
		{name: "unflagged before", before: []string{}, after: []string{"r2"}, want: []string{"r2"}},
		{name: "flag removed", before: []string{"r1"}, after: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			if tt.before != nil {
				put(t, s, article("https://x.test/a", "https://x.test/feed", nil, t0, tt.before...))
			}
			s.SetAlertPolicy(routeAll("https://hook.test/"))
			put(t, s, article("https://x.test/a", "https://x.test/feed", nil, t0, tt.after...))
			var got []string
			for _, d := range deliveries(t, s) {
				got = append(got, d.Flag.Rule)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("enqueued rules = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOutboxRoutesPerRuleAndTarget(t *testing.T) {
	s := openTest(t)
	s.SetAlertPolicy(routed(func(rule string) []string {
		if rule == "r1" {
			return []string{"https://a.test/", "https://b.test/"}
		}
		return nil
	}))
	put(t, s, article("https://x.test/a", "https://x.test/feed", at(0), t0, "r1", "r2"))
	ds := deliveries(t, s)
	if len(ds) != 2 {
		t.Fatalf("len(Deliveries) = %d, want 2", len(ds))
	}
	for i, want := range []string{"https://a.test/", "https://b.test/"} {
		d := ds[i]
		if d.Target != want || d.Flag.Rule != "r1" || d.Story.URL != "https://x.test/a" || d.Story.Title == "" || len(d.Flag.Matches) == 0 {
			t.Errorf("Deliveries[%d] = %+v, want target %s for rule r1 with story and matches", i, d, want)
		}
		if len(d.ID) != 32 {
			t.Errorf("Deliveries[%d].ID = %q, want 32 hex digits", i, d.ID)
		}
	}
	if ds[0].ID >= ds[1].ID {
		t.Errorf("ids %s, %s are not in enqueue order", ds[0].ID, ds[1].ID)
	}
}

func TestOutboxConcurrentPutsEnqueueOnce(t *testing.T) {
	s := openTest(t)
	s.SetAlertPolicy(routeAll("https://hook.test/"))
	var arts []*Article
	for i := range 50 {
		// each article twice: the second store must not enqueue again
		a := article("https://x.test/"+string(rune('a'+i%26))+string(rune('a'+i/26)), "https://x.test/feed", nil, t0, "r1")
		arts = append(arts, a, article(a.URL, a.Feed.URL, nil, t0, "r1"))
	}
	putParallel(t, s, arts)
	if got := len(deliveries(t, s)); got != 50 {
		t.Errorf("len(Deliveries) = %d, want 50", got)
	}
}

func TestOutboxAttemptsAndRemoval(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.SetAlertPolicy(routeAll("https://hook.test/"))
	put(t, s, article("https://x.test/a", "f", nil, t0, "r1"), article("https://x.test/b", "f", nil, t0, "r1"))
	select {
	case <-s.OutboxSignal():
	default:
		t.Errorf("OutboxSignal did not fire after a flagged PutArticle")
	}
	now := time.Now()
	ds, err := s.DueDeliveries(ctx, now, 0)
	if err != nil || len(ds) != 2 {
		t.Fatalf("DueDeliveries = %d, %v, want 2, nil", len(ds), err)
	}
	first, second := ds[0], ds[1]
	first.Attempts, first.NextAttempt, first.LastError = 1, now.Add(time.Hour), "503"
	if err := s.UpdateDelivery(ctx, first); err != nil {
		t.Fatalf("UpdateDelivery = %v", err)
	}
	second.Dead = true
	if err := s.UpdateDelivery(ctx, second); err != nil {
		t.Fatalf("UpdateDelivery = %v", err)
	}
	if ds, _ := s.DueDeliveries(ctx, now, 0); len(ds) != 0 {
		t.Errorf("DueDeliveries(now) = %d deliveries, want 0 (one waits, one is dead)", len(ds))
	}
	// the outbox survives a restart
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	ds, err = s.DueDeliveries(ctx, now.Add(2*time.Hour), 0)
	if err != nil || len(ds) != 1 || ds[0].ID != first.ID || ds[0].Attempts != 1 || ds[0].LastError != "503" {
		t.Fatalf("DueDeliveries after reopen = %+v, %v, want %s with 1 attempt", ds, err, first.ID)
	}
	if c, _ := s.Outbox(ctx); c != (OutboxCounts{Pending: 1, Dead: 1}) {
		t.Errorf("Outbox = %+v, want 1 pending, 1 dead", c)
	}
	if err := s.DeliverySucceeded(ctx, first.ID); err != nil {
		t.Fatalf("DeliverySucceeded = %v", err)
	}
	if err := s.DeliverySucceeded(ctx, first.ID); err != nil {
		t.Errorf("DeliverySucceeded again = %v, want nil", err)
	}
	if err := s.UpdateDelivery(ctx, first); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateDelivery(removed) = %v, want ErrNotFound", err)
	}
	if err := s.DeliverySucceeded(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("DeliverySucceeded(bad id) = %v, want ErrNotFound", err)
	}
}

// TestOutboxNearDuplicateAlertsOnce: a new source for an already-flagged
// story (a near-duplicate in its cluster) raises no second alert, while a
// rule the cluster had not matched before still alerts.
func TestOutboxNearDuplicateAlertsOnce(t *testing.T) {
	s := openTest(t)
	s.SetAlertPolicy(routeAll("https://hook.test/"))
	a := signed("https://a.example/wire", 0, testSig(1, 0, "a"), "r1")
	b := signed("https://b.example/copy", time.Hour, testSig(1, 8, "b"), "r1", "r2")
	c := signed("https://c.example/other", 2*time.Hour, testSig(2, 0, "c"), "r1")
	put(t, s, a, b, c)
	var got []string
	for _, d := range deliveries(t, s) {
		got = append(got, d.Story.URL+" "+d.Flag.Rule)
	}
	slices.Sort(got)
	want := []string{"https://a.example/wire r1", "https://b.example/copy r2", "https://c.example/other r1"}
	if !slices.Equal(got, want) {
		t.Errorf("deliveries = %q, want %q", got, want)
	}
}

// alertEverything raises every flag, even one the story had, to one
// webhook: a policy unlike newshound's, to show the store follows its
// caller's.
type alertEverything struct{}

func (alertEverything) Alert(Flag, bool) (bool, []string) {
	return true, []string{"https://hook.test/"}
}

// TestStoreRecordsWhatThePolicySays: without a policy a new flag raises
// nothing; with one, the flag log and the outbox get exactly what it
// raises, whether or not the story had the rule.
func TestStoreRecordsWhatThePolicySays(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	s.SetAlertPolicy(nil)
	a := article("https://x.test/a", "https://x.test/feed", at(0), t0, "r1")
	put(t, s, a)
	evs, err := s.FlagEvents(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 || len(deliveries(t, s)) != 0 {
		t.Fatalf("without a policy: %d flag events, %d deliveries, want none", len(evs), len(deliveries(t, s)))
	}
	s.SetAlertPolicy(alertEverything{})
	put(t, s, article("https://x.test/a", "https://x.test/feed", at(0), t0, "r1")) // r1 again
	put(t, s, article("https://x.test/a", "https://x.test/feed", at(0), t0, "r1"))
	evs, err = s.FlagEvents(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || len(deliveries(t, s)) != 2 {
		t.Errorf("a policy raising every flag, r1 stored twice more: %d flag events, %d deliveries, want 2 and 2", len(evs), len(deliveries(t, s)))
	}
}
