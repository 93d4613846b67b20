package main

import (
	"context"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/logging"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
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
	return pass.Run(ctx, cfg, stdout, log)
}
