// Package webhook delivers alerts: for every story newly flagged by a
// rule, a JSON payload POSTed to each configured webhook that wants the
// rule, signed with the webhook's secret.
//
// The store enqueues a delivery in its outbox in the transaction that
// stores the flag; Worker sends what the outbox holds, retrying with
// exponential backoff, and removes a delivery only once the receiver
// answered 2xx. So a crash or a receiver outage loses no alert, and an
// alert is re-sent only if the process stops between the receiver's 2xx
// and the removal: receivers drop repeats by the delivery id.
//
// # Request
//
//	POST <url>
//	Content-Type: application/json
//	X-Newshound-Delivery: <id, 32 hex digits, unique per delivery>
//	X-Newshound-Timestamp: <Unix seconds of this attempt>
//	X-Newshound-Signature: sha256=<hex HMAC-SHA256 of the body, keyed by the secret>
//
// The body is a Payload. Verify checks a signature.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// Header names of a delivery request.
const (
	HeaderDelivery  = "X-Newshound-Delivery"
	HeaderTimestamp = "X-Newshound-Timestamp"
	HeaderSignature = "X-Newshound-Signature"
)

// Events named in Payload.Event.
const (
	// EventFlagged: a rule newly flagged a story.
	EventFlagged = "story.flagged"
	// EventTest: a sample sent by `newshound webhooks test`.
	EventTest = "test"
)

// Payload is the JSON body of a delivery.
type Payload struct {
	// ID is the delivery id, also sent as X-Newshound-Delivery.
	ID string `json:"id"`
	// Event is EventFlagged, or EventTest for a sample.
	Event string `json:"event"`
	// Created is when the flag was stored and the delivery enqueued.
	Created time.Time `json:"created"`
	// Rule is the name of the rule that flagged the story.
	Rule string `json:"rule"`
	// Story is the flagged story.
	Story store.DeliveryStory `json:"story"`
	// Explanation is why the rule flagged it.
	Explanation Explanation `json:"explanation"`
}

// Explanation is the flag's score and matched clauses with snippets.
type Explanation struct {
	Score   float64       `json:"score"`
	Stage   string        `json:"stage,omitempty"`
	Tags    []string      `json:"tags,omitempty"`
	Matches []store.Match `json:"matches"`
}

// NewPayload builds the payload of a queued delivery.
func NewPayload(d store.Delivery) Payload {
	m := d.Flag.Matches
	if m == nil {
		m = []store.Match{}
	}
	return Payload{
		ID: d.ID, Event: EventFlagged, Created: d.Created, Rule: d.Flag.Rule, Story: d.Story,
		Explanation: Explanation{Score: d.Flag.Score, Stage: d.Flag.Stage, Tags: d.Flag.Tags, Matches: m},
	}
}

// Body encodes p as the request body.
func (p Payload) Body() ([]byte, error) { return json.Marshal(p) }

// Sign returns the X-Newshound-Signature value of body under secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether header is the signature of body under secret,
// comparing in constant time; receivers call it before trusting a body.
func Verify(secret string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	sig, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(sig, mac.Sum(nil))
}
