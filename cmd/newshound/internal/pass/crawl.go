package pass

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
)

// Run is `newshound crawl`: one pass over every feed of cfg into the
// configured database, with a progress bar and the summary on stdout;
// while the daemon holds the database, it asks the daemon for the pass
// (ViaDaemon). Its error gives the exit status (ExitStatuses).
func Run(ctx context.Context, cfg *config.Config, stdout io.Writer, log *slog.Logger) error {
	st, err := dbfile.Open(ctx, cfg, log)
	if errors.Is(err, store.ErrLocked) {
		return ViaDaemon(ctx, client.New(cfg), stdout) // the daemon's pass, and its summary
	} else if err != nil {
		return err
	}
	defer st.Close()
	dbfile.WarnDamage(ctx, st, log)
	return Crawl(ctx, cfg, NewSaves(st), stdout, log)
}

// Crawl is the pass of Run over the open database behind sc. After the
// summary it returns an error when a save or read of the database failed
// or when no feed at all could be fetched (ErrNoFeedFetched).
//
// On PostgreSQL the pass shares the hosts with the daemons of the
// database for its length (joinHosts): it polls the feeds of the hosts it
// was given, hands the articles of others' hosts to their owners, and
// leaves the feeds of others' hosts to them (listed in the summary, not
// failures). Alone on the database it owns every host.
func Crawl(ctx context.Context, cfg *config.Config, sc *Saves, stdout io.Writer, log *slog.Logger) error {
	set, err := wire.CompileRules(cfg)
	if err != nil {
		return err
	}
	share, err := joinHosts(ctx, sc.Backend, cfg, log)
	if err != nil {
		return err
	}
	defer share.close() // again after the pass: it does nothing
	share.write(stdout)
	opts := wire.CrawlerOptions(cfg, log)
	flags := &FlagLog{}
	opts.Observer = flags
	if share != nil {
		opts.Coordinator = share.coord
	}
	c, err := crawler.New(ctx, opts, sc, set)
	if err != nil {
		return err
	}
	specs, err := feeds.Book{Config: cfg, Store: sc.Backend}.Specs(ctx)
	if err != nil {
		return err
	}
	bar := NewProgress(stdout, len(specs))
	sum := c.Crawl(ctx, specs, bar.Done)
	share.close() // the daemons take the hosts back on their next tick
	bar.Finish()
	writeSummary(stdout, sum, share.others())
	flags.Write(stdout)
	sc.Write(stdout)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("crawl interrupted: %w", err)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := dbfile.ReportRetention(ctx, stdout, sc.Backend, cfg); err != nil {
		return err
	}
	return TotalOutage(sum)
}
