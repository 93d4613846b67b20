package main

import (
	"context"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/spf13/cobra"
)

// dbCommand is `newshound db check [FILE]|backup FILE|compact`:
// maintenance of the database named by storage.path (db check FILE checks
// FILE, a copy written by db backup).
func (c *cli) dbCommand() *cobra.Command {
	check := &cobra.Command{
		Use:   "check [FILE]",
		Short: "check storage.path (through the daemon while it runs), or FILE, a copy written by db backup",
		Args:  args(0, 1, ""),
		RunE: c.withConfig(func(ctx context.Context, cfg *config.Config, args []string) error {
			return dbfile.Check(ctx, cfg, firstOr(args, ""), c.stdout)
		}),
	}
	backup := &cobra.Command{
		Use:   "backup FILE",
		Short: "write a hot copy of the database to FILE, also while the daemon runs",
		Args:  args(1, 1, "db backup needs the file to write, as in: newshound db backup newshound-backup.db"),
		RunE: c.withConfig(func(ctx context.Context, cfg *config.Config, args []string) error {
			return dbfile.Backup(ctx, cfg, args[0], c.stdout)
		}),
	}
	compact := &cobra.Command{
		Use:   "compact",
		Short: "rewrite the database file without its free pages; needs the file to itself: stop the daemon first",
		Args:  noArgs,
		RunE: c.withConfig(func(ctx context.Context, cfg *config.Config, _ []string) error {
			return dbfile.Compact(ctx, cfg, c.stdout)
		}),
	}
	return c.parent("db", "check, back up or compact the database", check, backup, compact)
}

// firstOr returns args[0], or def when there is no argument.
func firstOr(args []string, def string) string {
	if len(args) == 0 {
		return def
	}
	return args[0]
}
