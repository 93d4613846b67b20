package main

import (
	"context"
	"encoding/json"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/store"
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
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return cmdStats(cmd.Context(), &c.cf, *asJSON, c.stdout) }
	return cmd
}

func cmdStats(ctx context.Context, cf *commonFlags, asJSON bool, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	var rep dbfile.Stats
	err = dbfile.ReadFileOrDaemon(ctx, cfg,
		func(st *store.Store) (err error) { rep, err = dbfile.ReadStats(ctx, st); return err },
		func() (err error) { rep, err = dbfile.StatsViaDaemon(ctx, client.New(cfg)); return err })
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return dbfile.WriteStats(stdout, rep)
}
