package schedule_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/schedule"
	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
)

// BenchmarkDaemonPipeline measures the daemon's pipeline (schedulers
// polling, article fetch through colly, extraction, rules, dedupe,
// store) over the simulated web of 1,000 articles on 20 hosts, no
// politeness delay: into a bbolt file with one crawler, and into
// PostgreSQL with one, two and three crawlers sharing the hosts through
// their coordinators, each on a pool of its own, as separate daemons
// would be (they share this test's process and its two cores). Each
// iteration crawls the whole web into an empty database; the timer runs
// from the schedulers' start to the last story stored.
//
//	CI=true go test -run '^$' -bench DaemonPipeline -benchtime 3x ./crawler/schedule/
func BenchmarkDaemonPipeline(b *testing.B) {
	web := simweb.New(simweb.Options{Hosts: 20, ArticlesPerHost: 50})
	defer web.Close()
	feeds := testkit.Specs(web.FeedURLs())
	set := testkit.Rules(b, testkit.BankRules)
	total := len(web.Articles())
	cases := []struct {
		backend string
		procs   int
	}{{"bbolt", 1}, {"postgres", 1}, {"postgres", 2}, {"postgres", 3}}
	for _, bc := range cases {
		b.Run(fmt.Sprintf("backend=%s/processes=%d", bc.backend, bc.procs), func(b *testing.B) {
			var elapsed time.Duration
			articles := 0
			var dbBytes, emptyBytes int64
			b.StopTimer()
			for i := 0; i < b.N; i++ {
				var stores []crawler.Store
				var coords []*postgres.Coordinator
				ctx, stop := context.WithCancel(b.Context())
				var wg sync.WaitGroup
				var counter interface {
					Stats(context.Context) (store.Stats, error)
				}
				if bc.backend == "bbolt" {
					st, err := store.Open(b.Context(), filepath.Join(b.TempDir(), fmt.Sprint(i, ".db")), store.Options{})
					if err != nil {
						b.Fatal(err)
					}
					defer st.Close()
					stores, counter = []crawler.Store{st}, st
				} else {
					dsn := pgtest.DSN(b)
					for range bc.procs {
						st, err := postgres.Open(b.Context(), dsn, postgres.Options{})
						if err != nil {
							b.Fatal(err)
						}
						defer st.Close()
						coord, err := postgres.NewCoordinator(b.Context(), st, postgres.CoordinatorOptions{Tick: 20 * time.Millisecond})
						if err != nil {
							b.Fatal(err)
						}
						defer coord.Close()
						wg.Go(func() { coord.Run(ctx) })
						stores, coords, counter = append(stores, st), append(coords, coord), st
					}
					balance(b, coords)
					if err := stores[0].(*postgres.Store).Pool().QueryRow(b.Context(), `SELECT pg_database_size(current_database())`).Scan(&emptyBytes); err != nil {
						b.Fatal(err)
					}
				}
				var scheds []*schedule.Scheduler
				for p, st := range stores {
					opts := crawler.Options{Logger: slog.New(slog.DiscardHandler), Timeout: 10 * time.Second, AllowPrivateNetworks: true,
						HostConcurrency: 2, Workers: 64, FeedWorkers: 20}
					sopts := schedule.Options{Interval: time.Hour, MinInterval: 10 * time.Millisecond, Workers: 20,
						OwnerRecheck: 50 * time.Millisecond, HandoffEvery: 50 * time.Millisecond}
					if coords != nil {
						opts.Coordinator = coords[p]
					}
					c, err := crawler.New(b.Context(), opts, st, set)
					if err != nil {
						b.Fatal(err)
					}
					s := schedule.New(c, sopts)
					s.SetFeeds(feeds)
					scheds = append(scheds, s)
				}
				start := time.Now()
				b.StartTimer()
				for _, s := range scheds {
					wg.Go(func() { s.Run(ctx) })
				}
				for {
					s, err := counter.Stats(b.Context())
					if err != nil {
						b.Fatal(err)
					}
					if s.Articles == total {
						break
					}
					if time.Since(start) > 5*time.Minute {
						b.Fatalf("%d of %d stories stored after 5 minutes", s.Articles, total)
					}
					time.Sleep(5 * time.Millisecond)
				}
				b.StopTimer()
				elapsed += time.Since(start)
				articles += total
				if pg, ok := counter.(*postgres.Store); ok {
					if err := pg.Pool().QueryRow(b.Context(), `SELECT pg_database_size(current_database())`).Scan(&dbBytes); err != nil {
						b.Fatal(err)
					}
				}
				stop()
				wg.Wait()
			}
			b.ReportMetric(float64(articles)/elapsed.Seconds(), "articles/s")
			if dbBytes > 0 { // what the stories added to the empty database: tables, indexes, TOAST
				b.ReportMetric(float64(dbBytes-emptyBytes)/float64(total), "db-bytes/article")
			}
		})
	}
}

// balance waits until the coordinators hold the host buckets between
// them, each its share, before the crawl starts.
func balance(b *testing.B, cs []*postgres.Coordinator) {
	b.Helper()
	share := (postgres.HostBuckets + len(cs) - 1) / len(cs)
	deadline := time.Now().Add(30 * time.Second)
	for {
		sum, ok := 0, true
		for _, c := range cs {
			n := len(c.Owned())
			sum += n
			ok = ok && n >= postgres.HostBuckets-share*(len(cs)-1)
		}
		if ok && sum == postgres.HostBuckets {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("the coordinators did not share the buckets within 30 s")
		}
		time.Sleep(10 * time.Millisecond) // the coordinators tick every 20 ms
	}
}
