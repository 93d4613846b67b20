package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/alerts"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
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
	w := newAlertsWorker(cfg, nil, cfg.Logger)
	var failed error
	for _, d := range digests {
		n := sampleNotice(d)
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

// sampleNotice is a digest of one made-up story for d.
func sampleNotice(d config.Digest) store.Notice {
	var id [16]byte
	_, _ = rand.Read(id[:])
	now := time.Now().UTC()
	rule := "sample-rule"
	if len(d.Rules) > 0 {
		rule = d.Rules[0]
	}
	snippet := "… the bank shared its customers' transaction data with Meta for advertising …"
	return store.Notice{
		ID: hex.EncodeToString(id[:]), Kind: store.NoticeTest, Alert: d.Name, Since: now.Add(-time.Hour), Until: now, Created: now,
		Stories: []store.NoticeStory{{
			DeliveryStory: store.DeliveryStory{ID: "0123456789abcdef0123456789abcdef", URL: "https://news.example.org/sample-story",
				Title: "Sample: a bank shared customer data with Meta", Published: &now,
				Feed: store.FeedRef{URL: "https://news.example.org/feed", Title: "Example News"}},
			Flags: []store.Flag{{Rule: rule, Score: 2, Flagged: now, Matches: []store.Match{
				{Field: "text", Term: "bank", Snippet: snippet, SnippetOffset: strings.Index(snippet, "bank"), Length: 4},
				{Field: "text", Term: "meta", Snippet: snippet, SnippetOffset: strings.Index(snippet, "Meta"), Length: 4},
			}}},
		}},
	}
}

// newAlertsWorker builds the digest and spike worker of cfg on st.
func newAlertsWorker(cfg *config.Config, st *store.Store, log *slog.Logger) *alerts.Worker {
	outlets := map[string]string{}
	for _, f := range cfg.Feeds {
		if f.Name != "" {
			outlets[f.URL] = f.Name
		}
	}
	names := make([]string, len(cfg.Rules))
	for i, r := range cfg.Rules {
		names[i] = r.Name
	}
	w := &alerts.Worker{
		Store: st, Alerts: cfg.Alerts, Rules: names, Webhooks: cfg.Webhooks,
		Page: alerts.Page{PublicURL: cfg.Server.PublicURL, Outlets: outlets, Location: time.Local},
		Log:  log.With("component", "alerts"),
	}
	w.Sender.UserAgent = cfg.Fetch.UserAgent
	if cfg.Alerts.SMTP.Server != "" {
		w.Mailer = alerts.NewMailer(cfg.Alerts.SMTP)
	}
	return w
}

// startAlerts runs the alerts worker of cfg until ctx ends or the
// returned function is called; that function waits for it to stop.
func startAlerts(ctx context.Context, cfg *config.Config, st *store.Store, log *slog.Logger) (stop func()) {
	if len(cfg.Alerts.Digests) == 0 && (cfg.Alerts.Spikes.Disabled || len(cfg.Webhooks) == 0) {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	w := newAlertsWorker(cfg, st, log)
	go func() { defer close(done); _ = w.Run(ctx) }()
	return func() { cancel(); <-done }
}
