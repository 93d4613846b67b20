package postgres

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// The benchmarks behind the choice in docs/scaling.md: a request's
// politeness decided in the process (Acquire, then the process's own
// limiter) against one decided in the database for every request (a
// shared per-host slot row), and what the coordination itself costs (a
// rebalance tick, a handoff).

// BenchmarkAcquire is the coordinator's cost per request: a host
// granted and released, in memory.
func BenchmarkAcquire(b *testing.B) {
	c := coordinators(b, openN(b, 1), CoordinatorOptions{})[0]
	for b.Loop() {
		release, ok := c.Acquire("news.example")
		if !ok {
			b.Fatal("a process alone does not own its host")
		}
		release()
	}
}

// BenchmarkSharedHostSlot is the alternative: each request of three
// processes takes its host's next start time from one row of the
// database (UPDATE ... RETURNING on the host's row), the least a
// database-wide host_delay costs. All three ask for one host, as a busy
// site's articles do.
func BenchmarkSharedHostSlot(b *testing.B) {
	stores := openN(b, 3)
	ctx := b.Context()
	if _, err := stores[0].pool.Exec(ctx, `CREATE TABLE bench_hosts (host text PRIMARY KEY, next timestamptz NOT NULL);
		INSERT INTO bench_hosts VALUES ('news.example', now())`); err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	b.SetParallelism(2) // 2 x GOMAXPROCS goroutines, spread over the three pools
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		s := stores[n.Add(1)%3]
		for pb.Next() {
			var next time.Time
			err := s.pool.QueryRow(ctx, `UPDATE bench_hosts SET next = greatest(next, clock_timestamp()) + interval '1 microsecond'
				WHERE host = 'news.example' RETURNING next`).Scan(&next)
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "requests/s")
}

// BenchmarkRebalance is one tick of one of three coordinators once the
// share is settled: the count of processes and held buckets in pg_locks.
func BenchmarkRebalance(b *testing.B) {
	cs := coordinators(b, openN(b, 3), CoordinatorOptions{})
	tickAll(b, cs...)
	for b.Loop() {
		if err := cs[0].tick(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHandoff is one article handed from one process to another:
// HandOff, TakeHandoffs, HandoffDone.
func BenchmarkHandoff(b *testing.B) {
	cs := coordinators(b, openN(b, 2), CoordinatorOptions{})
	tickAll(b, cs...)
	ctx := b.Context()
	host := hostIn(cs[0].Owned()[0])
	i := 0
	start := time.Now()
	for b.Loop() {
		i++
		h := store.Handoff{ArticleID: fmt.Sprint("a", i), Host: host, Feed: store.FeedRef{URL: "https://feed.example/"}, Item: []byte(`{"title":"t"}`)}
		if err := cs[1].HandOff(ctx, h); err != nil {
			b.Fatal(err)
		}
		hs, err := cs[0].TakeHandoffs(ctx, 10)
		if err != nil || len(hs) != 1 {
			b.Fatalf("TakeHandoffs = %d, %v, want 1", len(hs), err)
		}
		if err := cs[0].HandoffDone(ctx, hs[0].Seq); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "handoffs/s")
}
