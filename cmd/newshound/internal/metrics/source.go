package metrics

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newshound/newshound/store"
)

// Source is what the scrape-time metrics read; store.Backend has it.
type Source interface {
	Feeds(ctx context.Context) ([]store.Feed, error)
	Outbox(ctx context.Context) (store.OutboxCounts, error)
}

// Feed states, the label of newshound_feeds.
const (
	FeedNew     = "new"     // stored but never answered usefully yet
	FeedOK      = "ok"      // the last poll succeeded
	FeedFailing = "failing" // the last poll failed
	FeedBroken  = "broken"  // failing long enough to be marked broken
)

// scrapeTimeout bounds the database reads of one scrape.
const scrapeTimeout = 5 * time.Second

var (
	feedsDesc    = prometheus.NewDesc("newshound_feeds", "Stored feeds by state (new, ok, failing).", []string{"state"}, nil)
	outboxDesc   = prometheus.NewDesc("newshound_webhook_outbox", "Webhook deliveries in the outbox by state (pending, dead).", []string{"state"}, nil)
	databaseDesc = prometheus.NewDesc("newshound_database_bytes", "Size of the database file.", nil, nil)
)

// storeCollector reads the database at every scrape. A failed read leaves
// its metrics out of that scrape and reports the error to promhttp.
type storeCollector struct {
	src  Source
	size func(context.Context) (int64, error)
}

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- feedsDesc
	ch <- outboxDesc
	ch <- databaseDesc
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if feeds, err := c.src.Feeds(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(feedsDesc, err)
	} else {
		counts := map[string]int{FeedNew: 0, FeedOK: 0, FeedFailing: 0, FeedBroken: 0}
		for _, f := range feeds {
			counts[FeedState(f)]++
		}
		for state, n := range counts {
			ch <- prometheus.MustNewConstMetric(feedsDesc, prometheus.GaugeValue, float64(n), state)
		}
	}
	if ob, err := c.src.Outbox(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
	} else {
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(ob.Pending), "pending")
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(ob.Dead), "dead")
	}
	if n, err := c.databaseSize(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(databaseDesc, err)
	} else {
		ch <- prometheus.MustNewConstMetric(databaseDesc, prometheus.GaugeValue, float64(n))
	}
}

// databaseSize is Options.Size, else the size of the source's file when
// it has one (the bbolt file's Path).
func (c *storeCollector) databaseSize(ctx context.Context) (int64, error) {
	if c.size != nil {
		return c.size(ctx)
	}
	f, ok := c.src.(interface{ Path() string })
	if !ok {
		return 0, errors.New("metrics: the database's size is unknown (set metrics.Options.Size)")
	}
	info, err := os.Stat(f.Path())
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// FeedState classifies a stored feed as FeedNew, FeedOK, FeedFailing or
// FeedBroken.
func FeedState(f store.Feed) string {
	switch {
	case f.Broken:
		return FeedBroken
	case f.ErrorCount > 0 || f.LastError != "":
		return FeedFailing
	case f.LastSuccess.IsZero():
		return FeedNew
	}
	return FeedOK
}
