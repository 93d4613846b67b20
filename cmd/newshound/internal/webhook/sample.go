package webhook

import (
	"crypto/rand"
	"encoding/hex"
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
