package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/alerts"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/spf13/cobra"
)

// cmdAlerts is `newshound alerts test`.
func (c *cli) alertsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "test",
		Short: "send a sample email digest to the configured recipients and print the server's answer",
		Args:  noArgs,
	}
	only := cmd.Flags().String("alert", "", "send only to the recipients of this digest")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return alertsTest(cmd.Context(), &c.cf, *only, c.stdout, c.stderr)
	}
	return c.parent("alerts", "email digests and spike alerts", cmd)
}

// alertsTest is `newshound alerts test [--alert NAME]`: a sample digest
// to the recipients of every configured digest, or of one.
func alertsTest(ctx context.Context, cf *commonFlags, only string, stdout, stderr io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	digests := cfg.Alerts.Digests
	if only != "" {
		d, ok := cfg.Alerts.DigestByName(only)
		if !ok {
			names := make([]string, len(digests))
			for i, d := range digests {
				names[i] = d.Name
			}
			return fmt.Errorf("alerts: %s has no digest named %q (the digests are: %s)", cfg.File, only, strings.Join(names, ", "))
		}
		digests = []config.Digest{d}
	}
	if len(digests) == 0 {
		return fmt.Errorf("alerts: %s configures no digest (add alerts: with smtp:, from: and digests:; see docs/configuration.md)", cfg.File)
	}
	w := alerts.FromConfig(cfg, nil, cfg.Logger)
	var failed error
	for _, d := range digests {
		n := alerts.SampleNotice(d)
		err := w.Mail(ctx, n, d.To)
		if err != nil {
			fmt.Fprintf(stdout, "%s: not sent to %s: %v\n", d.Name, strings.Join(d.To, ", "), err)
			failed = errors.Join(failed, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: %s accepted a sample digest for %s (Message-ID <%s@newshound>)\n", d.Name, cfg.Alerts.SMTP.Server, strings.Join(d.To, ", "), n.ID)
	}
	return failed
}
