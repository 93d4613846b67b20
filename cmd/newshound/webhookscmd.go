package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
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
	list.RunE = func(cmd *cobra.Command, _ []string) error {
		return webhooksList(cmd.Context(), &c.cf, *asJSON, c.stdout)
	}
	return c.parent("webhooks", "test webhooks and list their deliveries", test, list)
}

// webhooksTest is `newshound webhooks test [--url U] [--secret S]`.
func webhooksTest(ctx context.Context, cf *commonFlags, only, secret string, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	targets, err := testTargets(cfg, only, secret)
	if err != nil {
		return err
	}
	sender := webhook.Sender{UserAgent: cfg.Fetch.UserAgent}
	var failed error
	for _, t := range targets {
		p := webhook.SamplePayload(t.Rules)
		body, err := p.Body()
		if err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		sender.Timeout = t.Timeout.D() // zero for a --url not configured: the default
		status, err := sender.Send(ctx, t.URL, t.Secret, p.ID, body)
		switch {
		case err == nil:
			fmt.Fprintf(stdout, "%s answered %d %s (delivery %s)\n", t.URL, status, http.StatusText(status), p.ID)
		case status != 0:
			fmt.Fprintf(stdout, "%s answered %d %s (delivery %s): deliveries to it would be retried\n", t.URL, status, http.StatusText(status), p.ID)
			failed = errors.Join(failed, err)
		default:
			fmt.Fprintf(stdout, "%s did not answer: %v\n", t.URL, err)
			failed = errors.Join(failed, err)
		}
	}
	return failed
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
