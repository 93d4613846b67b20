package main

import (
	"context"
	"fmt"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/spf13/cobra"
)

// dbCommand is `newshound db check [FILE]|backup FILE|compact|migrate
// --from FILE`: maintenance of the configured database (db check FILE
// checks FILE, a copy written by db backup; backup and compact are the
// bbolt file's; migrate copies a bbolt file into PostgreSQL).
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
	var from string
	var force bool
	migrate := &cobra.Command{
		Use:   "migrate --from FILE",
		Short: "copy the bbolt archive FILE into the configured PostgreSQL database (storage.backend postgres) and compare the counts",
		Args:  noArgs,
		RunE: c.withConfig(func(ctx context.Context, cfg *config.Config, _ []string) error {
			if from == "" {
				return fmt.Errorf("%w: db migrate needs the bbolt file to copy, as in: newshound db migrate --from newshound.db", errUsage)
			}
			return dbfile.Migrate(ctx, cfg, from, force, c.stdout)
		}),
	}
	migrate.Flags().StringVar(&from, "from", "", "the bbolt database file to copy (opened read-only)")
	migrate.Flags().BoolVar(&force, "force", false, "copy into a database that is not empty, replacing its records under the same keys")
	return c.parent("db", "check, back up, compact or migrate the database", check, backup, compact, migrate)
}

// firstOr returns args[0], or def when there is no argument.
func firstOr(args []string, def string) string {
	if len(args) == 0 {
		return def
	}
	return args[0]
}
