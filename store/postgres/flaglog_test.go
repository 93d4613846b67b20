package postgres

import (
	"github.com/newshound/newshound/internal/pgtest"

	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// TestFlagLogConcurrent stores flagged articles from several goroutines
// and two Stores (two processes' pools) while a reader follows the flag
// log: it must see every raised flag exactly once, numbered 1..n without
// gaps, and the outbox must hold one delivery per event.
func TestFlagLogConcurrent(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.DSN(t)
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, dsn, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		s.SetAlertPolicy(&raiseNew{})
		stores[i] = s
	}
	const writers, each = 6, 20
	done := make(chan struct{})
	seen := map[string]int{}
	var after uint64
	var readErr error
	var reader sync.WaitGroup
	reader.Go(func() {
		read := func() bool {
			r, err := stores[1].ReadFlagLog(ctx, after, func(e store.FlagEvent) error {
				if e.Seq != after+1 {
					return fmt.Errorf("event %d after %d, want %d", e.Seq, after, after+1)
				}
				after = e.Seq
				seen[e.Story+"/"+e.Rule]++
				return nil
			})
			if err == nil && r.Gap {
				err = fmt.Errorf("ReadFlagLog after %d reports a gap", after)
			}
			if err != nil {
				readErr = err
				return false
			}
			return true
		}
		for {
			select {
			case <-done:
				read()
				return
			default:
				if !read() {
					return
				}
			}
		}
	})
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				a := &store.Article{URL: fmt.Sprintf("https://w%d.example/%d", w, i), Fetched: time.Now().UTC(),
					Flags: []store.Flag{{Rule: "bank", Flagged: time.Now()}, {Rule: "privacy"}}}
				if err := stores[w%2].PutArticle(ctx, a); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(done)
	reader.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if readErr != nil {
		t.Fatal(readErr)
	}
	if want := writers * each * 2; len(seen) != want || after != uint64(want) {
		t.Errorf("reader saw %d distinct flags up to sequence %d, want %d and %d", len(seen), after, want, want)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("flag %s seen %d times, want once", k, n)
		}
	}
	var deliveries int
	if err := stores[0].pool.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&deliveries); err != nil {
		t.Fatal(err)
	}
	if deliveries != writers*each*2 {
		t.Errorf("outbox holds %d deliveries, want %d", deliveries, writers*each*2)
	}
	select {
	case <-stores[0].OutboxSignal():
	default:
		t.Error("OutboxSignal did not fire after deliveries were enqueued")
	}
}

func TestPruneFlagLog(t *testing.T) {
	ctx := t.Context()
	s := open(t)
	s.SetAlertPolicy(&raiseNew{})
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, rule := range []string{"a", "b", "c"} {
		a := &store.Article{URL: "https://x.example/" + rule, Fetched: t0, Flags: []store.Flag{{Rule: rule, Flagged: t0.Add(time.Duration(i) * time.Hour)}}}
		if err := s.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneFlagLog(ctx, t0.Add(90*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("PruneFlagLog = %d, %v, want 2", n, err)
	}
	var got []uint64
	r, err := s.ReadFlagLog(ctx, 0, func(e store.FlagEvent) error { got = append(got, e.Seq); return nil })
	if err != nil || !r.Gap || r.Last != 3 || fmt.Sprint(got) != "[3]" {
		t.Errorf("ReadFlagLog(0) after pruning = %v, %+v, %v; want [3], Last 3, a gap", got, r, err)
	}
	r, err = s.ReadFlagLog(ctx, 3, func(store.FlagEvent) error { return nil })
	if err != nil || r.Gap || r.Last != 3 {
		t.Errorf("ReadFlagLog(3) = %+v, %v, want Last 3 and no gap", r, err)
	}
	stop := fmt.Errorf("stop")
	if _, err := s.ReadFlagLog(ctx, 0, func(store.FlagEvent) error { return stop }); err != stop {
		t.Errorf("ReadFlagLog with a failing fn = %v, want its error unchanged", err)
	}
	if evs, err := s.FlagEvents(ctx, t0.Add(2*time.Hour)); err != nil || len(evs) != 1 || evs[0].Rule != "c" {
		t.Errorf("FlagEvents(since the third) = %v, %v, want the event of c", evs, err)
	}
}
