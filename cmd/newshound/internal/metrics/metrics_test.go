package metrics

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/newshound/newshound/alertpolicy"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

const rule = testkit.BankRule

// scrape GETs /metrics over loopback and parses the text format.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics = %s, want 200", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value returns the value (for histograms: the sample count) of the
// series of family name whose labels include want; -1 when absent.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
	total, found := 0.0, false
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		ok := true
		for k, v := range want {
			ok = ok && labels[k] == v
		}
		if !ok {
			continue
		}
		found = true
		switch {
		case m.Histogram != nil:
			total += float64(m.GetHistogram().GetSampleCount())
		case m.Counter != nil:
			total += m.GetCounter().GetValue()
		case m.Gauge != nil:
			total += m.GetGauge().GetValue()
		}
	}
	if !found {
		return -1
	}
	return total
}

func TestScrapeAfterCrawl(t *testing.T) {
	ctx := t.Context()
	web := testkit.Web(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	st := testkit.Store(t)
	st.SetAlertPolicy(alertpolicy.New(func(string) []string { return []string{"https://hook.test/"} }))
	m := New(Options{Store: st, Due: func() int { return 3 }})
	c := testkit.Crawler(t, st, testkit.Rules(t, testkit.BankRules), func(o *crawler.Options) { o.Observer = m })
	feeds := web.FeedURLs()
	broken := feeds[0] + "-missing"
	sum := c.Crawl(ctx, testkit.Specs(append(feeds, broken)), nil)
	if sum.Flagged[rule] == 0 || sum.NewArticles == 0 {
		t.Fatalf("the crawl flagged %d of %d new articles; the test needs both", sum.Flagged[rule], sum.NewArticles)
	}
	m.WebhookAttempt("delivered", 20*time.Millisecond)
	m.WebhookAttempt("failed", time.Second)
	m.WebhookAttempt("failed", time.Second)

	fams := scrape(t, m.Handler())
	articleFetches := value(fams, "newshound_article_fetch_duration_seconds", nil)
	fetchedOK := value(fams, "newshound_article_fetch_duration_seconds", map[string]string{"outcome": "ok"})
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"newshound_feed_fetch_duration_seconds", map[string]string{"outcome": "ok"}, float64(len(feeds))},
		{"newshound_feed_fetch_duration_seconds", map[string]string{"outcome": "http_error"}, 1},
		{"newshound_article_fetch_duration_seconds", nil, float64(sum.NewArticles)},
		{"newshound_article_fetch_duration_seconds", map[string]string{"outcome": "ok"}, float64(sum.NewArticles - sum.ArticleErrors)},
		{"newshound_extraction_duration_seconds", nil, fetchedOK},
		{"newshound_articles_stored_total", nil, float64(sum.NewArticles)},
		{"newshound_flags_total", map[string]string{"rule": rule}, float64(sum.Flagged[rule])},
		{"newshound_webhook_deliveries_duration_seconds", map[string]string{"outcome": "delivered"}, 1},
		{"newshound_webhook_deliveries_duration_seconds", map[string]string{"outcome": "failed"}, 2},
		{"newshound_webhook_outbox", map[string]string{"state": "pending"}, float64(sum.Flagged[rule])},
		{"newshound_webhook_outbox", map[string]string{"state": "dead"}, 0},
		{"newshound_feeds", map[string]string{"state": "ok"}, float64(len(feeds))},
		{"newshound_feeds", map[string]string{"state": "failing"}, 1},
		{"newshound_feeds", map[string]string{"state": "new"}, 0},
		{"newshound_scheduler_due_feeds", nil, 3},
		{"newshound_scheduler_polls_in_flight", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := value(fams, tt.name, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
			}
		})
	}
	if got := value(fams, "newshound_database_bytes", nil); got <= 0 {
		t.Errorf("newshound_database_bytes = %v, want > 0", got)
	}
	if articleFetches <= 0 {
		t.Errorf("no article fetch observed")
	}
}

func TestFeedState(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name string
		feed store.Feed
		want string
	}{
		{"never polled", store.Feed{}, FeedNew},
		{"ok", store.Feed{LastSuccess: now}, FeedOK},
		{"failing since", store.Feed{LastSuccess: now, ErrorCount: 2, LastError: "503"}, FeedFailing},
		{"never worked", store.Feed{ErrorCount: 1, LastError: "dns"}, FeedFailing},
		{"broken", store.Feed{ErrorCount: 9, LastError: "404", Broken: true}, FeedBroken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FeedState(tt.feed); got != tt.want {
				t.Errorf("FeedState(%+v) = %q, want %q", tt.feed, got, tt.want)
			}
		})
	}
}
