package postgres

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// TestClaimOneNeverShared has four processes' stores claim, one by one,
// every delivery and notice they all read as due, at once: each is won
// by exactly one of them.
func TestClaimOneNeverShared(t *testing.T) {
	stores := openN(t, 4)
	ctx := t.Context()
	t0 := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	s := stores[0]
	s.SetAlertPolicy(&raiseNew{})
	for i := range 60 {
		a := &store.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: fmt.Sprint("story ", i), Fetched: t0,
			Feed: store.FeedRef{URL: "https://feed.example/"}, Flags: []store.Flag{{Rule: "bank", Score: 1, Flagged: t0}}}
		if err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	var notices []store.Notice
	for i := range 60 {
		notices = append(notices, store.Notice{Alert: fmt.Sprint("alert", i)})
	}
	if _, err := s.SetSpike(ctx, store.SpikeChange{Rule: "bank", Active: true, At: t0, Notices: notices}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	var mu sync.Mutex
	wins := map[string]int{}
	var wg sync.WaitGroup
	for _, st := range stores {
		wg.Go(func() {
			ds, err := st.DueDeliveries(ctx, now, 0)
			if err != nil {
				t.Error(err)
				return
			}
			ns, err := st.DueNotices(ctx, now, 0)
			if err != nil {
				t.Error(err)
				return
			}
			for _, d := range ds {
				got, err := st.ClaimDelivery(ctx, d.ID, now, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if got {
					mu.Lock()
					wins[d.ID]++
					mu.Unlock()
				}
			}
			for _, n := range ns {
				got, err := st.ClaimNotice(ctx, n.ID, now, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if got {
					mu.Lock()
					wins[n.ID]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(wins) != 120 {
		t.Errorf("%d deliveries and notices won, want 120", len(wins))
	}
	for id, n := range wins {
		if n != 1 {
			t.Errorf("%s won %d times, want once", id, n)
		}
	}

	// A failed attempt ends the lease: claimed again once due again.
	ds, err := s.Deliveries(ctx)
	if err != nil || len(ds) == 0 {
		t.Fatalf("Deliveries = %d, %v", len(ds), err)
	}
	d := ds[0]
	if got, err := s.ClaimDelivery(ctx, d.ID, now, time.Minute); err != nil || got {
		t.Errorf("ClaimDelivery of a leased delivery = %v, %v, want false", got, err)
	}
	d.Attempts, d.NextAttempt = 1, now.Add(time.Minute)
	if err := s.UpdateDelivery(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClaimDelivery(ctx, d.ID, now, time.Minute); err != nil || got {
		t.Errorf("ClaimDelivery before the retry is due = %v, %v, want false", got, err)
	}
	if got, err := stores[1].ClaimDelivery(ctx, d.ID, now.Add(time.Minute), time.Minute); err != nil || !got {
		t.Errorf("ClaimDelivery when the retry is due = %v, %v, want true", got, err)
	}
	// A dead delivery, a sent one and one that is gone are never claimed.
	d.Dead = true
	if err := s.UpdateDelivery(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClaimDelivery(ctx, d.ID, now.Add(time.Hour), time.Minute); err != nil || got {
		t.Errorf("ClaimDelivery of a dead delivery = %v, %v, want false", got, err)
	}
	if err := s.DeliverySucceeded(ctx, ds[1].ID); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClaimDelivery(ctx, ds[1].ID, now.Add(time.Hour), time.Minute); err != nil || got {
		t.Errorf("ClaimDelivery of a delivered one = %v, %v, want false", got, err)
	}
	ns, err := s.Notices(ctx)
	if err != nil || len(ns) == 0 {
		t.Fatalf("Notices = %d, %v", len(ns), err)
	}
	if err := s.NoticeSent(ctx, ns[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClaimNotice(ctx, ns[0].ID, now.Add(time.Hour), time.Minute); err != nil || got {
		t.Errorf("ClaimNotice of a sent notice = %v, %v, want false", got, err)
	}
}
