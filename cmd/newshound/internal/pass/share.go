package pass

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
)

// CoordinatorOptions are the postgres.CoordinatorOptions of every process
// of cfg sharing a PostgreSQL database, the daemons and a crawl's pass
// alike: a bucket just taken waits host_delay (Settle) before its hosts
// are asked, whoever held it before.
func CoordinatorOptions(cfg *config.Config, log *slog.Logger) postgres.CoordinatorOptions {
	return postgres.CoordinatorOptions{Settle: cfg.Fetch.HostDelay.D(), Logger: log}
}

// shareTick is how often a crawl's pass rebalances: faster than the
// daemons (postgres.DefaultCoordTick), so that it takes the buckets they
// give up soon after they do. A rebalance is one query of about a
// millisecond.
const shareTick = 250 * time.Millisecond

// ShareWait bounds how long a crawl's pass on PostgreSQL waits for its
// share of the hosts before it polls, with host_delay settle: the daemons
// give up their excess on their next tick (postgres.DefaultCoordTick),
// the pass takes it on its own next tick (two of shareTick, one for a
// slow round), and a bucket taken is granted settle later. Buckets still
// busy at a daemon's tick come a tick later, past the bound: the pass
// goes on with what it has.
func ShareWait(settle time.Duration) time.Duration {
	return postgres.DefaultCoordTick + 2*shareTick + settle
}

// hostShare is a crawl's place among the processes of a PostgreSQL
// database for the length of its pass (see docs/scaling.md): one more
// member of the coordination, owning its share of the hosts.
type hostShare struct {
	coord *postgres.Coordinator
	stop  context.CancelFunc
	done  chan struct{} // closed when Run returned

	waited                  time.Duration
	owned, share, processes int
}

// joinHosts joins the processes sharing st when it is PostgreSQL (nil,
// nil otherwise: the process alone on its bbolt file owns every host) and
// waits, at most ShareWait, until it owns its share of the hosts: every
// bucket at once (after host_delay) when it is alone, the buckets the
// daemons give up when they run. Close it once the pass is over.
func joinHosts(ctx context.Context, st store.Backend, cfg *config.Config, log *slog.Logger) (*hostShare, error) {
	pg, ok := st.(*postgres.Store)
	if !ok {
		return nil, nil
	}
	opts := CoordinatorOptions(cfg, log)
	opts.Tick = shareTick
	start := time.Now()
	coord, err := postgres.NewCoordinator(ctx, pg, opts)
	if err != nil {
		return nil, fmt.Errorf("crawl: joining the other newshound processes of the database: %w", err)
	}
	runCtx, stop := context.WithCancel(ctx)
	h := &hostShare{coord: coord, stop: stop, done: make(chan struct{})}
	go func() {
		defer close(h.done)
		coord.Run(runCtx) // a failed tick is logged; it returns nil
	}()
	h.wait(ctx, ShareWait(opts.Settle))
	h.waited = time.Since(start)
	log.Debug("hosts shared for the pass", "buckets", h.owned, "share", h.share, "processes", h.processes, "waited", h.waited)
	return h, nil
}

// wait returns once the coordinator owns its fair part of the buckets
// (what is left when every other process holds its full share), or after
// bound, or when ctx ends, and records where it stands.
func (h *hostShare) wait(ctx context.Context, bound time.Duration) {
	deadline := time.NewTimer(bound)
	defer deadline.Stop()
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	for {
		h.owned, h.share, h.processes = h.coord.Share()
		if h.share > 0 && h.owned >= max(1, postgres.HostBuckets-(h.processes-1)*h.share) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-poll.C:
		}
	}
}

// others is the number of other processes counted when the wait ended;
// zero on bbolt.
func (h *hostShare) others() int {
	if h == nil {
		return 0
	}
	return max(h.processes-1, 0)
}

// write prints, when other processes share the database, how many of the
// hosts the pass held and how long it waited for them.
func (h *hostShare) write(w io.Writer) {
	if h.others() == 0 {
		return
	}
	if h.owned == 0 {
		fmt.Fprintf(w, "hosts: none given to this pass within %s by the %s of the database, which keep them all\n",
			h.waited.Round(time.Millisecond), processes(h.others()))
		return
	}
	fmt.Fprintf(w, "hosts: this pass held %d of the %d host buckets beside the %s of the database (given after %s)\n",
		h.owned, postgres.HostBuckets, processes(h.others()), h.waited.Round(time.Millisecond))
}

// close leaves the coordination: the hosts are free for the daemons to
// take on their next tick. Call it after the crawler stopped.
func (h *hostShare) close() {
	if h == nil {
		return
	}
	h.stop()
	<-h.done
	h.coord.Close()
}

// processes is "1 other process" or "N other processes".
func processes(n int) string {
	if n == 1 {
		return "1 other process"
	}
	return fmt.Sprintf("%d other processes", n)
}
