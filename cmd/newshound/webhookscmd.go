package main

import (
	"context"
	"fmt"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/webhook"
	"github.com/spf13/cobra"
)

// cmdWebhooks is `newshound webhooks test|list`.
func (c *cli) webhooksCommand() *cobra.Command {
	test := &cobra.Command{
		Use:   "test",
		Short: "send a sample alert to the configured webhooks (or one URL) and print each answer",
		Args:  noArgs,
	}
	only := test.Flags().String("url", "", "send only to this URL (a configured webhook, or any URL with --secret)")
	secret := test.Flags().String("secret", "", "secret to sign with when --url is not a configured webhook")
	test.RunE = func(cmd *cobra.Command, _ []string) error {
		return webhooksTest(cmd.Context(), &c.cf, *only, *secret, c.stdout)
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "the deliveries waiting in the outbox or given up; also while the daemon runs",
		Args:  noArgs,
	}
	asJSON := list.Flags().Bool("json", false, "print JSON instead of a table")
	list.RunE = c.withConfig(func(ctx context.Context, cfg *config.Config, _ []string) error {
		ds, err := dbfile.LoadDeliveries(ctx, cfg)
		if err != nil {
			return err
		}
		return webhook.WriteDeliveries(c.stdout, ds, *asJSON)
	})
	return c.parent("webhooks", "test webhooks and list their deliveries", test, list)
}

// webhooksTest is `newshound webhooks test [--url U] [--secret S]`.
func webhooksTest(ctx context.Context, cf *commonFlags, only, secret string, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	hooks, err := testTargets(cfg, only, secret)
	if err != nil {
		return err
	}
	targets := make([]webhook.SampleTarget, len(hooks))
	for i, h := range hooks {
		targets[i] = webhook.SampleTarget{URL: h.URL, Secret: h.Secret, Rules: h.Rules, Timeout: h.Timeout.D()}
	}
	return webhook.SendSamples(ctx, cfg.Fetch.UserAgent, targets, stdout)
}

// testTargets picks the webhooks to test.
func testTargets(cfg *config.Config, only, secret string) ([]config.Webhook, error) {
	if only == "" {
		if len(cfg.Webhooks) == 0 {
			return nil, fmt.Errorf("webhooks: %s configures no webhooks (add a webhooks: list, or pass --url and --secret)", cfg.File)
		}
		return cfg.Webhooks, nil
	}
	for _, w := range cfg.Webhooks {
		if w.URL == only {
			if secret != "" {
				w.Secret = secret
			}
			return []config.Webhook{w}, nil
		}
	}
	if secret == "" {
		return nil, fmt.Errorf("%w: --url %s is not a configured webhook: pass --secret to sign the sample, or add it under webhooks: in %s", errUsage, only, cfg.File)
	}
	w := config.Webhook{URL: only, Secret: secret}
	return []config.Webhook{w}, config.CheckWebhook(w)
}
