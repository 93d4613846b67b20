package main

import (
	"context"
	"fmt"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/daemon"
	"github.com/spf13/cobra"
)

// cmdConfig is `newshound config check`: validate the configuration and
// exit, 0 when valid. It refuses what `run` would refuse to serve.
func (c *cli) configCommand() *cobra.Command {
	return c.parent("config", "check the configuration", &cobra.Command{
		Use:   "check",
		Short: "validate the configuration (every error, with file:line) and exit 0 when it is valid",
		Args:  noArgs,
		RunE:  c.withConfig(func(_ context.Context, cfg *config.Config, _ []string) error { return configCheck(cfg, c.stdout) }),
	})
}

func configCheck(cfg *config.Config, stdout io.Writer) error {
	if err := daemon.CheckServe(cfg, cfg.APIToken()); err != nil {
		return fmt.Errorf("%w: %s: %w", config.ErrInvalid, cfg.File, err)
	}
	fmt.Fprintf(stdout, "%s is valid: %d feeds, %d rules, database %s\n", cfg.File, len(cfg.Feeds), len(cfg.Rules), cfg.StorageName())
	return nil
}

// runCommand is `newshound run`: the daemon (see daemon.Run). It polls every feed on its
// interval and serves HTTP until ctx is cancelled (SIGINT/SIGTERM), then
// stops scheduling, cancels in-flight work, and closes the database.
// SIGHUP or POST /-/reload reloads the configuration (see daemon.reload).
func (c *cli) runCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "run",
		Short: "the daemon: poll every feed, serve the HTTP API and web pages; SIGHUP reloads the config",
		Args:  noArgs,
		RunE: c.withConfig(func(ctx context.Context, cfg *config.Config, _ []string) error {
			return daemon.Run(ctx, cfg, c.cf.load)
		}),
	}
}
