package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/newshound/newshound/store"
)

// SamplePayload is the test delivery: Event "test", a made-up story.
func SamplePayload(rules []string) Payload {
	var id [16]byte
	_, _ = rand.Read(id[:])
	rule := "bank-facebook-data-sharing"
	if len(rules) > 0 {
		rule = rules[0]
	}
	now := time.Now().UTC().Truncate(time.Second)
	return Payload{
		ID: hex.EncodeToString(id[:]), Event: EventTest, Created: now, Rule: rule,
		Story: store.DeliveryStory{
			ID: "test", URL: "https://example.org/news/bank-shares-customer-data-with-facebook",
			Title: "Test: a bank shares customer data with Facebook", Published: &now,
			Feed: store.FeedRef{URL: "https://example.org/feed.xml", Title: "newshound test"},
		},
		Explanation: Explanation{Score: 1, Stage: "article", Matches: []store.Match{{
			Field: "title", Term: "facebook", Offset: 41, Length: 8,
			Snippet: "Test: a bank shares customer data with Facebook", SnippetOffset: 39,
		}}},
	}
}

// SampleTarget is a webhook `newshound webhooks test` sends a sample to:
// its URL, the secret that signs it, the rules it is for (the sample
// names the first) and its timeout (zero: the Sender's default).
type SampleTarget struct {
	URL, Secret string
	Rules       []string
	Timeout     time.Duration
}

// SendSamples sends a sample delivery to each target in turn and prints
// each answer to w. It returns the joined errors of the targets that
// failed, after trying them all.
func SendSamples(ctx context.Context, userAgent string, targets []SampleTarget, w io.Writer) error {
	sender := Sender{UserAgent: userAgent}
	var failed error
	for _, t := range targets {
		p := SamplePayload(t.Rules)
		body, err := p.Body()
		if err != nil {
			return fmt.Errorf("webhooks: %w", err)
		}
		sender.Timeout = t.Timeout
		status, err := sender.Send(ctx, t.URL, t.Secret, p.ID, body)
		switch {
		case err == nil:
			fmt.Fprintf(w, "%s answered %d %s (delivery %s)\n", t.URL, status, http.StatusText(status), p.ID)
		case status != 0:
			fmt.Fprintf(w, "%s answered %d %s (delivery %s): deliveries to it would be retried\n", t.URL, status, http.StatusText(status), p.ID)
			failed = errors.Join(failed, err)
		default:
			fmt.Fprintf(w, "%s did not answer: %v\n", t.URL, err)
			failed = errors.Join(failed, err)
		}
	}
	return failed
}
