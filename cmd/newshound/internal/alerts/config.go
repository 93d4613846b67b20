package alerts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// FromConfig builds the digest and spike worker of cfg on st.
func FromConfig(cfg *config.Config, st Queue, log *slog.Logger) *Worker {
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
	w := &Worker{
		Store: st, Alerts: cfg.Alerts, Rules: names, Webhooks: cfg.Webhooks,
		Page: Page{PublicURL: cfg.Server.PublicURL, Outlets: outlets, Location: time.Local},
		Log:  log.With("component", "alerts"),
	}
	w.Sender.UserAgent = cfg.Fetch.UserAgent
	if cfg.Alerts.SMTP.Server != "" {
		w.Mailer = NewMailer(cfg.Alerts.SMTP)
	}
	return w
}

// Start runs the alerts worker of cfg until ctx ends or the
// returned function is called; that function waits for it to stop.
func Start(ctx context.Context, cfg *config.Config, st Queue, log *slog.Logger) (stop func()) {
	if len(cfg.Alerts.Digests) == 0 && (cfg.Alerts.Spikes.Disabled || len(cfg.Webhooks) == 0) {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	w := FromConfig(cfg, st, log)
	go func() { defer close(done); _ = w.Run(ctx) }()
	return func() { cancel(); <-done }
}

// SampleNotice is a digest of one made-up story for d.
func SampleNotice(d config.Digest) store.Notice {
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
