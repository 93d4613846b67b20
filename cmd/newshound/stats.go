package main

import (
	"context"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/spf13/cobra"
)

// cmdStats is `newshound stats`: counts of feeds, articles, flags by rule
// and by day, the webhook outbox and the database size. It reads the
// file read-only, or asks the running daemon when it holds the file.
func (c *cli) statsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "counts of feeds, articles and flags, the outbox and the database size; also while the daemon runs",
		Args:  noArgs,
	}
	asJSON := cmd.Flags().Bool("json", false, "print JSON instead of a table")
	cmd.RunE = c.withConfig(func(ctx context.Context, cfg *config.Config, _ []string) error {
		rep, err := dbfile.LoadStats(ctx, cfg)
		switch {
		case err != nil:
			return err
		case *asJSON:
			return writeJSON(c.stdout, rep)
		}
		return dbfile.WriteStats(c.stdout, rep)
	})
	return cmd
}
