package daemon

import (
	"log/slog"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/metrics"
	"github.com/newshound/newshound/cmd/newshound/internal/webhook"
	"github.com/newshound/newshound/store"
)

// The store is the webhook worker's outbox and the metrics' source.
var (
	_ webhook.Outbox = store.Backend(nil)
	_ metrics.Source = store.Backend(nil)
)

// newWebhookWorker builds the delivery worker of the daemon.
func newWebhookWorker(cfg *config.Config, st store.Backend, m *metrics.Metrics, log *slog.Logger) *webhook.Worker {
	w := webhook.NewWorker(st, webhookTargets(cfg), log)
	w.Sender = webhook.Sender{UserAgent: cfg.Fetch.UserAgent}
	w.OnAttempt = m.WebhookAttempt
	return w
}

// webhookTargets maps each configured webhook's URL to its secret and
// timeout.
func webhookTargets(cfg *config.Config) map[string]webhook.Target {
	m := make(map[string]webhook.Target, len(cfg.Webhooks))
	for _, w := range cfg.Webhooks {
		m[w.URL] = webhook.Target{Secret: w.Secret, Timeout: w.Timeout.D()}
	}
	return m
}
