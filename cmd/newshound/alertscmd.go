package main

import (
	"context"

	"github.com/newshound/newshound/cmd/newshound/internal/alerts"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/spf13/cobra"
)

// alertsCommand is `newshound alerts test [--alert NAME]`: a sample digest
// to the recipients of every configured digest, or of one.
func (c *cli) alertsCommand() *cobra.Command {
	test := &cobra.Command{
		Use:   "test",
		Short: "send a sample email digest to the configured recipients and print the server's answer",
		Args:  noArgs,
	}
	only := test.Flags().String("alert", "", "send only to the recipients of this digest")
	test.RunE = c.withConfig(func(ctx context.Context, cfg *config.Config, _ []string) error {
		return alerts.SendSamples(ctx, cfg, *only, c.stdout)
	})
	return c.parent("alerts", "email digests and spike alerts", test)
}
