// Package metrics is the daemon's Prometheus instrumentation, served at
// /metrics from one dedicated registry (no global state): feed and article
// fetches and their durations by outcome, extractions, stored articles,
// new flags by rule, webhook deliveries by outcome, and, read at scrape
// time, feeds by state, the scheduler's backlog, the webhook outbox and
// the database size. Every name starts with "newshound_".
package metrics

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/newshound/newshound/crawler"
)

// Metrics holds the registry and the instruments. Create it with New; it
// is safe for concurrent use and implements crawler.Observer.
type Metrics struct {
	reg           *prometheus.Registry
	pollsInFlight prometheus.Gauge
	feedFetch     *prometheus.HistogramVec
	articleFetch  *prometheus.HistogramVec
	extraction    *prometheus.HistogramVec
	stored        prometheus.Counter
	flags         *prometheus.CounterVec
	deliveries    *prometheus.HistogramVec
}

// The crawler reports to Metrics.
var _ crawler.Observer = (*Metrics)(nil)

// Options say where the scrape-time values come from. Nil fields leave
// their metrics out.
type Options struct {
	// Store is the open database (feeds by state, outbox, file size).
	Store Source
	// Due returns the scheduler's backlog (schedule.Scheduler.Due).
	Due func() int
	// Size returns the database's size in bytes; nil stats the file of a
	// Store with a Path (the bbolt file).
	Size func(ctx context.Context) (int64, error)
}

// fetchBuckets span 10 ms to about 80 s, the range of a slow news site.
var fetchBuckets = prometheus.ExponentialBuckets(0.01, 2, 14)

// New builds the instruments on a fresh registry, with the Go runtime and
// process collectors.
func New(opts Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		pollsInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newshound_scheduler_polls_in_flight", Help: "Feed polls running now.",
		}),
		feedFetch: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newshound_feed_fetch_duration_seconds", Help: "Feed requests by outcome and their duration.", Buckets: fetchBuckets,
		}, []string{"outcome"}),
		articleFetch: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newshound_article_fetch_duration_seconds", Help: "Article page requests by outcome and their duration.", Buckets: fetchBuckets,
		}, []string{"outcome"}),
		extraction: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newshound_extraction_duration_seconds", Help: "Main-text extractions by outcome and their duration.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"outcome"}),
		stored: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newshound_articles_stored_total", Help: "New articles stored, flagged or not.",
		}),
		flags: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newshound_flags_total", Help: "New articles flagged, by rule.",
		}, []string{"rule"}),
		deliveries: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "newshound_webhook_deliveries_duration_seconds", Help: "Webhook delivery attempts by outcome (delivered, failed, dead) and their duration.", Buckets: fetchBuckets,
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(m.pollsInFlight, m.feedFetch, m.articleFetch, m.extraction, m.stored, m.flags, m.deliveries,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if opts.Store != nil {
		m.reg.MustRegister(&storeCollector{src: opts.Store, size: opts.Size})
	}
	if opts.Due != nil {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "newshound_scheduler_due_feeds", Help: "Feeds due for a poll and waiting for a free worker.",
		}, func() float64 { return float64(opts.Due()) }))
	}
	return m
}

// Registry returns the registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// PollStarted counts a poll in flight.
func (m *Metrics) PollStarted() { m.pollsInFlight.Inc() }

// PollDone ends a poll in flight and counts its new articles and flags.
func (m *Metrics) PollDone(r crawler.FeedResult) {
	m.pollsInFlight.Dec()
	m.stored.Add(float64(r.New))
	for rule, n := range r.Flagged {
		m.flags.WithLabelValues(rule).Add(float64(n))
	}
}

// FeedFetched observes one feed request.
func (m *Metrics) FeedFetched(outcome string, d time.Duration) {
	m.feedFetch.WithLabelValues(outcome).Observe(d.Seconds())
}

// ArticleFetched observes one article page request.
func (m *Metrics) ArticleFetched(outcome string, d time.Duration) {
	m.articleFetch.WithLabelValues(outcome).Observe(d.Seconds())
}

// ArticleExtracted observes one extraction.
func (m *Metrics) ArticleExtracted(outcome string, d time.Duration) {
	m.extraction.WithLabelValues(outcome).Observe(d.Seconds())
}

// WebhookAttempt observes one delivery attempt; it fits
// webhook.Worker.OnAttempt.
func (m *Metrics) WebhookAttempt(outcome string, d time.Duration) {
	m.deliveries.WithLabelValues(outcome).Observe(d.Seconds())
}
