package daemon

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
	"golang.org/x/sync/errgroup"
)

// peers is how a daemon on PostgreSQL shares the work with the other
// daemons of its database (see docs/scaling.md): a Coordinator that
// gives it its share of the hosts, and a Reloader that tells the others
// of its reloads and hears theirs. On the bbolt file, which one process
// holds, it is the zero value, and every method does nothing.
type peers struct {
	coord   *postgres.Coordinator
	reloads *postgres.Reloader
	log     *slog.Logger
}

// joinPeers joins the daemons sharing st when it is PostgreSQL, taking a
// first share of the hosts before it returns. Close it after the
// scheduler stopped.
func joinPeers(ctx context.Context, st store.Backend, cfg *config.Config, log *slog.Logger) (*peers, error) {
	pg, ok := st.(*postgres.Store)
	if !ok {
		return &peers{}, nil
	}
	coord, err := postgres.NewCoordinator(ctx, pg, pass.CoordinatorOptions(cfg, log))
	if err != nil {
		return nil, fmt.Errorf("daemon: joining the other daemons of the database: %w", err)
	}
	return &peers{coord: coord, reloads: postgres.NewReloader(pg), log: log}, nil
}

// run starts, in g, the coordinator's rebalancing and the listener that
// reloads d when another daemon reloaded (without telling the others
// again), until ctx ends.
func (p *peers) run(ctx context.Context, g *errgroup.Group, d *daemon) {
	if p.coord == nil {
		return
	}
	g.Go(func() error { return p.coord.Run(ctx) })
	g.Go(func() error {
		return p.reloads.Listen(ctx, nil, func() {
			p.log.Info("another daemon of the database reloaded: reloading the configuration")
			d.reload(ctx) // the outcome is logged
		})
	})
}

// notify tells the other daemons to reload, after a reload or a feed
// change of this one; a failure is logged, as theirs would be.
func (p *peers) notify(ctx context.Context) {
	if p.reloads == nil {
		return
	}
	if err := p.reloads.Notify(ctx); err != nil {
		p.log.Warn("the other daemons of the database were not told of the reload: reload them too", "error", err)
	}
}

// close gives up the hosts, for the other daemons to take at once.
func (p *peers) close() {
	if p.coord != nil {
		p.coord.Close()
	}
}
