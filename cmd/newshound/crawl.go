package main

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
	"github.com/newshound/newshound/cmd/newshound/internal/logging"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
	"github.com/spf13/cobra"
)

// cmdCrawl is `newshound crawl`: one pass over every feed, a summary, exit.
// It exits 0 when the pass completed, even with some feeds failing, 1 when
// the database failed a save or a read, and 3 when no feed at all could be
// fetched (pass.ExitStatuses).
func (c *cli) crawlCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "crawl",
		Short: "one pass over every feed, a summary of it, then exit",
		Long:  "One pass over every feed, a summary of it (with each newly flagged story), then exit.\nWhile the daemon runs, it asks the daemon for the pass.\n\n" + pass.ExitStatuses,
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmdCrawl(cmd.Context(), &c.cf, c.stdout, c.stderr)
		},
	}
}

func cmdCrawl(ctx context.Context, cf *commonFlags, stdout, stderr io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	log := logging.ForCrawl(stderr, cfg.Log.Level, cfg.Log.Format, cf.logLevel != "" || cfg.Log.LevelSet())
	st, err := dbfile.Open(ctx, cfg, log)
	if errors.Is(err, store.ErrLocked) {
		return pass.ViaDaemon(ctx, client.New(cfg), stdout) // the daemon's pass, and its summary
	} else if err != nil {
		return err
	}
	defer st.Close()
	dbfile.WarnDamage(ctx, st, log)
	return crawlOnce(ctx, cfg, pass.NewSaves(st), stdout, log)
}

// crawlOnce is the pass of `crawl` over the open database: it exits
// non-zero, after the summary, when a save or read of the database failed.
func crawlOnce(ctx context.Context, cfg *config.Config, sc *pass.Saves, stdout io.Writer, log *slog.Logger) error {
	set, err := wire.CompileRules(cfg)
	if err != nil {
		return err
	}
	opts := wire.CrawlerOptions(cfg, log)
	flags := &pass.FlagLog{}
	opts.Observer = flags
	c, err := crawler.New(ctx, opts, sc, set)
	if err != nil {
		return err
	}
	feeds, err := feeds.Book{Config: cfg, Store: sc.Store}.Specs(ctx)
	if err != nil {
		return err
	}
	bar := pass.NewProgress(stdout, len(feeds))
	sum := c.Crawl(ctx, feeds, bar.Done)
	bar.Finish()
	pass.WriteSummary(stdout, sum)
	flags.Write(stdout)
	sc.Write(stdout)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("crawl interrupted: %w", err)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := dbfile.ReportRetention(ctx, stdout, sc.Store, cfg); err != nil {
		return err
	}
	return pass.TotalOutage(sum)
}
