package main

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/metrics"
	"github.com/newshound/newshound/cmd/newshound/internal/webhook"
	"github.com/newshound/newshound/store"
)

// The store is the webhook worker's outbox and the metrics' source.
var (
	_ webhook.Outbox = (*store.Store)(nil)
	_ metrics.Source = (*store.Store)(nil)
)

// opsHandler serves GET /metrics, /api/v1/stats and
// /api/v1/webhooks/deliveries (behind the API token when one is set) in
// front of the API's own routes.
func opsHandler(api http.Handler, auth func(http.Handler) http.Handler, m *metrics.Metrics, st *store.Store, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", auth(m.Handler()))
	mux.Handle("GET /api/v1/stats", auth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rep, err := dbfile.ReadStats(r.Context(), st)
		if err != nil {
			log.Error("stats failed", "error", err)
			http.Error(w, `{"error":"reading the database failed; see the daemon's log"}`, http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(rep)
	})))
	mux.Handle("GET /api/v1/webhooks/deliveries", auth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ds, err := st.Deliveries(r.Context())
		if err != nil {
			log.Error("listing webhook deliveries failed", "error", err)
			http.Error(w, `{"error":"reading the database failed; see the daemon's log"}`, http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(ds)
	})))
	mux.Handle("/", api)
	return mux
}

// newWebhookWorker builds the delivery worker of the daemon.
func newWebhookWorker(cfg *config.Config, st *store.Store, m *metrics.Metrics, log *slog.Logger) *webhook.Worker {
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
