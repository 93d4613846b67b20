package postgres

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/store"
)

// openN opens n Stores, each with its own pool, on one fresh database:
// n processes sharing it.
func openN(t testing.TB, n int) []*Store {
	t.Helper()
	dsn := pgtest.DSN(t)
	var out []*Store
	for range n {
		s, err := Open(t.Context(), dsn, Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out = append(out, s)
	}
	return out
}

// coordinators joins a coordinator on each store, closed when t ends.
func coordinators(t testing.TB, stores []*Store, opts CoordinatorOptions) []*Coordinator {
	t.Helper()
	var out []*Coordinator
	for _, s := range stores {
		c, err := NewCoordinator(t.Context(), s, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		out = append(out, c)
	}
	return out
}

// tickAll runs one rebalance round on each coordinator, in order.
func tickAll(t testing.TB, cs ...*Coordinator) {
	t.Helper()
	for i, c := range cs {
		if err := c.tick(t.Context()); err != nil {
			t.Fatalf("tick of coordinator %d: %v", i, err)
		}
	}
}

// checkPartition fails unless the coordinators' owned buckets are
// disjoint, cover every bucket, and each holds at most its share; and
// unless PostgreSQL's locks say the same.
func checkPartition(t *testing.T, s *Store, cs ...*Coordinator) {
	t.Helper()
	owner := make([]int, HostBuckets)
	for i := range owner {
		owner[i] = -1
	}
	share := (HostBuckets + len(cs) - 1) / len(cs)
	for i, c := range cs {
		owned := c.Owned()
		if len(owned) > share {
			t.Errorf("coordinator %d owns %d buckets, more than its share %d", i, len(owned), share)
		}
		for _, b := range owned {
			if owner[b] >= 0 {
				t.Errorf("bucket %d owned by coordinators %d and %d", b, owner[b], i)
			}
			owner[b] = i
		}
	}
	if i := slices.Index(owner, -1); i >= 0 {
		t.Errorf("bucket %d owned by no coordinator", i)
	}
	var locks, holders int
	err := s.pool.QueryRow(t.Context(), `SELECT count(*), count(DISTINCT pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND classid::bigint = $1 AND objsubid = 2`, lockBucket).Scan(&locks, &holders)
	if err != nil {
		t.Fatal(err)
	}
	if locks != HostBuckets || holders > len(cs) {
		t.Errorf("pg_locks holds %d bucket locks in %d sessions, want %d in at most %d", locks, holders, HostBuckets, len(cs))
	}
}

// hostIn returns a host name whose bucket is b.
func hostIn(b int) string {
	for i := 0; ; i++ {
		if h := fmt.Sprintf("h%d.example", i); hostBucket(h) == b {
			return h
		}
	}
}

func TestCoordinatorsShareBuckets(t *testing.T) {
	stores := openN(t, 3)
	first := coordinators(t, stores[:1], CoordinatorOptions{})[0]
	if got := len(first.Owned()); got != HostBuckets {
		t.Fatalf("a process alone owns %d buckets, want all %d", got, HostBuckets)
	}
	cs := append([]*Coordinator{first}, coordinators(t, stores[1:], CoordinatorOptions{})...)
	// The first gives up its excess on its tick, the others take it on theirs.
	tickAll(t, cs...)
	checkPartition(t, stores[0], cs...)
	tickAll(t, cs...) // a settled share stays as it is
	checkPartition(t, stores[0], cs...)
	for _, h := range []string{"a.example", "b.example:8080", "news.example"} {
		n := 0
		for _, c := range cs {
			if release, ok := c.Acquire(h); ok {
				n++
				release()
			}
		}
		if n != 1 {
			t.Errorf("%d coordinators grant %s, want 1", n, h)
		}
	}
}

func TestCoordinatorTakesOverFromTheDead(t *testing.T) {
	for _, how := range []string{"closed", "killed"} {
		t.Run(how, func(t *testing.T) {
			stores := openN(t, 3)
			cs := coordinators(t, stores, CoordinatorOptions{})
			tickAll(t, cs...)
			checkPartition(t, stores[0], cs...)
			dead := cs[2]
			dead.tickMu.Lock()
			pid := dead.conn.PgConn().PID()
			dead.tickMu.Unlock()
			if how == "closed" {
				dead.Close()
			} else { // its session ends as when its process is killed
				var ok bool
				if err := stores[0].pool.QueryRow(t.Context(), `SELECT pg_terminate_backend($1)`, pid).Scan(&ok); err != nil || !ok {
					t.Fatalf("pg_terminate_backend = %v, %v", ok, err)
				}
			}
			// The server ends the session (and frees its locks) a moment
			// after the connection closes.
			testkit.WaitFor(t, "the dead session to end", 5*time.Second, func() bool {
				var n int
				stores[0].pool.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity WHERE pid = $1`, pid).Scan(&n)
				return n == 0
			})
			// One tick of each survivor takes every bucket of the dead.
			tickAll(t, cs[:2]...)
			checkPartition(t, stores[0], cs[:2]...)
		})
	}
}

func TestCoordinatorRunTakesOver(t *testing.T) {
	stores := openN(t, 2)
	opts := CoordinatorOptions{Tick: 20 * time.Millisecond}
	cs := coordinators(t, stores, opts)
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx0, stop0 := contextWithCancel(t)
	defer stop0()
	ctx1, stop1 := contextWithCancel(t)
	wg.Go(func() { cs[0].Run(ctx0) })
	wg.Go(func() { cs[1].Run(ctx1) })
	testkit.WaitFor(t, "two running coordinators to share the buckets", 5*time.Second, func() bool {
		return len(cs[0].Owned())+len(cs[1].Owned()) == HostBuckets && len(cs[1].Owned()) == HostBuckets/2
	})
	stop1()
	cs[1].Close() // its buckets are free
	start := time.Now()
	testkit.WaitFor(t, "the survivor to own every bucket", 5*time.Second, func() bool {
		return len(cs[0].Owned()) == HostBuckets
	})
	t.Logf("taken over in %v with a tick of %v", time.Since(start), opts.Tick)
}

func TestCoordinatorKeepsBusyBuckets(t *testing.T) {
	stores := openN(t, 2)
	a := coordinators(t, stores[:1], CoordinatorOptions{})[0]
	// Work in flight on 200 buckets: a may give up only 56 at once.
	var releases []func()
	for b := range 200 {
		release, ok := a.Acquire(hostIn(b))
		if !ok {
			t.Fatalf("a process alone does not own bucket %d", b)
		}
		releases = append(releases, release)
	}
	b := coordinators(t, stores[1:], CoordinatorOptions{})[0]
	tickAll(t, a, b)
	if got := len(b.Owned()); got != HostBuckets-200 {
		t.Fatalf("the newcomer owns %d buckets while 200 are busy, want the %d idle ones", got, HostBuckets-200)
	}
	// The busy ones being given up (72, down to a's share) are granted
	// to neither.
	var leaving []int
	for bk := range 200 {
		if !slices.Contains(a.Owned(), bk) {
			leaving = append(leaving, bk)
		}
	}
	if len(leaving) != 200-HostBuckets/2 {
		t.Fatalf("%d busy buckets being given up, want %d", len(leaving), 200-HostBuckets/2)
	}
	if _, ok := a.Acquire(hostIn(leaving[0])); ok {
		t.Errorf("a bucket being given up is still granted")
	}
	tickAll(t, b)
	if got := len(b.Owned()); got != HostBuckets-200 {
		t.Errorf("the newcomer owns %d buckets before the work on them ends, want %d", got, HostBuckets-200)
	}
	for _, r := range releases {
		r()
		r() // a second call does nothing
	}
	tickAll(t, a, b)
	checkPartition(t, stores[0], a, b)
}

func TestCoordinatorSettles(t *testing.T) {
	clk := clock.New()
	stores := openN(t, 1)
	c := coordinators(t, stores, CoordinatorOptions{Settle: time.Second, Now: clk.Now})[0]
	if _, ok := c.Acquire("news.example"); ok {
		t.Fatal("a bucket is granted before Settle has passed")
	}
	clk.Add(time.Second)
	release, ok := c.Acquire("news.example")
	if !ok {
		t.Fatal("a bucket is not granted once Settle has passed")
	}
	release()
}

func TestHandoffs(t *testing.T) {
	stores := openN(t, 2)
	cs := coordinators(t, stores, CoordinatorOptions{})
	tickAll(t, cs...)
	ctx := t.Context()
	host := hostIn(cs[0].Owned()[0])
	h := store.Handoff{ArticleID: "a1", Host: host, Feed: store.FeedRef{URL: "https://feed.example/"}, Item: []byte(`{"title":"t"}`)}
	for range 2 { // queued again while it waits: once
		if err := cs[1].HandOff(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := cs[1].TakeHandoffs(ctx, 0); err != nil || len(got) != 0 {
		t.Errorf("TakeHandoffs by a process not owning the host = %v, %v, want none", got, err)
	}
	got, err := cs[0].TakeHandoffs(ctx, 0)
	if err != nil || len(got) != 1 || got[0].ArticleID != "a1" || got[0].Host != host || string(got[0].Item) != `{"title":"t"}` || got[0].Seq == 0 {
		t.Fatalf("TakeHandoffs by the owner = %+v, %v, want the one handoff", got, err)
	}
	if again, err := cs[0].TakeHandoffs(ctx, 0); err != nil || len(again) != 0 {
		t.Errorf("TakeHandoffs of a leased handoff = %v, %v, want none", again, err)
	}
	if _, err := stores[0].pool.Exec(ctx, `UPDATE handoffs SET lease_until = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if again, err := cs[0].TakeHandoffs(ctx, 0); err != nil || len(again) != 1 {
		t.Errorf("TakeHandoffs once the lease ran out = %v, %v, want the handoff again", again, err)
	}
	if err := cs[0].HandoffDone(ctx, got[0].Seq); err != nil {
		t.Fatal(err)
	}
	if n, err := cs[0].Handoffs(ctx); err != nil || n != 0 {
		t.Errorf("Handoffs after HandoffDone = %d, %v, want 0", n, err)
	}
}

// TestClaimsNeverShared has four processes claim a hundred deliveries
// and a hundred notices at once, a few at a time, and finds each claimed
// by exactly one.
func TestReloadReachesTheOthers(t *testing.T) {
	stores := openN(t, 3)
	rs := make([]*Reloader, len(stores))
	heard := make([]chan struct{}, len(stores))
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, stop := contextWithCancel(t)
	defer stop()
	for i, s := range stores {
		rs[i], heard[i] = NewReloader(s), make(chan struct{}, 10)
		ready := make(chan struct{})
		wg.Go(func() { rs[i].Listen(ctx, ready, func() { heard[i] <- struct{}{} }) })
		<-ready
	}
	if err := rs[0].Notify(ctx); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{1, 2} {
		select {
		case <-heard[i]:
		case <-time.After(5 * time.Second):
			t.Fatalf("process %d did not hear the reload within 5s", i)
		}
	}
	if err := rs[1].Notify(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-heard[0]:
	case <-time.After(5 * time.Second):
		t.Fatal("process 0 did not hear process 1's reload within 5s")
	}
	// A listener whose session ends listens again and reloads once, as it
	// may have missed a notice meanwhile.
	var n int
	err := stores[0].pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN newshound_reload'`).Scan(&n)
	if err != nil || n != 3 {
		t.Fatalf("terminating the listeners = %d, %v, want 3", n, err)
	}
	for i := range heard {
		select {
		case <-heard[i]:
		case <-time.After(10 * time.Second):
			t.Fatalf("process %d did not reload within 10s of losing its listening session", i)
		}
	}
}

// contextWithCancel is t.Context with its own cancel.
func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

func TestCoordinatorDueRetries(t *testing.T) {
	stores := openN(t, 2)
	cs := coordinators(t, stores, CoordinatorOptions{})
	tickAll(t, cs...)
	ctx := t.Context()
	t0 := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	mine, theirs := hostIn(cs[0].Owned()[0]), hostIn(cs[1].Owned()[0])
	for i, h := range []string{mine, theirs, mine} {
		r := store.Retry{ID: fmt.Sprint("r", i), URL: "https://" + h + "/story", Due: t0}
		if err := stores[0].PutRetry(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// One stored before schema 8 names no bucket: every process reads it.
	if err := stores[0].PutRetry(ctx, store.Retry{ID: "old", URL: "https://" + theirs + "/old", Due: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := stores[0].pool.Exec(ctx, `UPDATE retries SET bucket = NULL WHERE id = 'old'`); err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]string{{"old", "r0", "r2"}, {"old", "r1"}} {
		rs, err := cs[i].DueRetries(ctx, t0, 0)
		var got []string
		for _, r := range rs {
			got = append(got, r.ID)
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("DueRetries of process %d = %v, %v, want %v", i, got, err, want)
		}
	}
	if rs, err := cs[0].DueRetries(ctx, t0, 1); err != nil || len(rs) != 1 {
		t.Errorf("DueRetries(limit 1) = %d entries, %v, want 1", len(rs), err)
	}
}
