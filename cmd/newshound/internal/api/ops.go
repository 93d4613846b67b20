package api

import (
	"context"
	"net/http"

	"github.com/newshound/newshound/store"
)

// StatsReporter reports the daemon's counts: GET /api/v1/stats answers
// what Report returns, as JSON (what `newshound stats` prints).
type StatsReporter interface {
	Report(ctx context.Context) (any, error)
}

// DeliveryLister lists the webhook outbox. *store.Store implements it.
type DeliveryLister interface {
	Deliveries(ctx context.Context) ([]store.Delivery, error)
}

// Reloader reloads the daemon's configuration. Reload returns the
// answer of POST /-/reload; an *Error (a bad config.yaml) is answered
// with its status and sentence, any other error as a 500.
type Reloader interface {
	Reload(ctx context.Context) (any, error)
}

var _ DeliveryLister = (*store.Store)(nil)

// stats is GET /api/v1/stats.
func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	rep, err := s.Stats.Report(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// deliveries is GET /api/v1/webhooks/deliveries: the outbox, as a JSON
// array of store.Delivery.
func (s *Server) deliveries(w http.ResponseWriter, r *http.Request) {
	ds, err := s.Deliveries.Deliveries(r.Context())
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ds)
}

// metrics is GET /metrics.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) { s.Metrics.ServeHTTP(w, r) }

// reload is POST /-/reload: the Reloader's answer, or 400 and why the
// configuration was refused.
func (s *Server) reload(w http.ResponseWriter, r *http.Request) {
	res, err := s.Reloader.Reload(r.Context())
	if err != nil {
		s.fail(w, r, "the configuration was not reloaded, the running one stays: ", err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
