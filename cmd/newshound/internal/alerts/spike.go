package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// spikeWindow is the recent stretch compared with the rule's average.
const spikeWindow = time.Hour

// EventSpike names a spike in SpikePayload.Event.
const EventSpike = "rule.spike"

// Rate is one rule's flags in the last hour and its hourly average over
// the baseline before that hour.
type Rate struct {
	// Rule is the rule's name.
	Rule string
	// Count is the flags in the hour to the measurement; Stories their
	// stories, in the order flagged.
	Count   int
	Stories []string
	// Average is the flags per hour over the baseline.
	Average float64
}

// Rates counts each rule's flags among evs in the hour before now and
// in the baseline before that hour.
func Rates(evs []store.FlagEvent, now time.Time, baseline time.Duration) map[string]*Rate {
	out := map[string]*Rate{}
	from := now.Add(-spikeWindow)
	base := map[string]int{}
	for _, e := range evs {
		switch {
		case e.At.After(now) || e.At.Before(from.Add(-baseline)):
			continue
		case e.At.After(from):
			r := out[e.Rule]
			if r == nil {
				r = &Rate{Rule: e.Rule}
				out[e.Rule] = r
			}
			r.Count++
			if !slices.Contains(r.Stories, e.Story) {
				r.Stories = append(r.Stories, e.Story)
			}
		default:
			base[e.Rule]++
		}
	}
	for rule, n := range base {
		if out[rule] == nil {
			out[rule] = &Rate{Rule: rule}
		}
		out[rule].Average = float64(n) / baseline.Hours()
	}
	return out
}

// Spiking reports whether r is a spike under s: at least MinCount flags,
// more than Multiple times the average.
func Spiking(r Rate, s config.Spikes) bool {
	return r.Count >= s.MinCount && float64(r.Count) > s.Multiple*r.Average
}

// checkSpikes measures every configured rule and tells the store which
// spike; the store enqueues the alerts of a spike that began.
func (w *Worker) checkSpikes(ctx context.Context, now time.Time) error {
	s := w.Alerts.Spikes
	evs, err := w.Store.FlagEvents(ctx, now.Add(-spikeWindow-s.Baseline.D()))
	if err != nil {
		return err
	}
	rates := Rates(evs, now, s.Baseline.D())
	var errs []error
	for _, rule := range w.Rules {
		r := Rate{Rule: rule}
		if p := rates[rule]; p != nil {
			r = *p
		}
		active := Spiking(r, s)
		was, err := w.Store.Spiking(ctx, rule)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if was == active {
			continue
		}
		c := store.SpikeChange{Rule: rule, Active: active, At: now, StoryIDs: r.Stories}
		if active {
			c.Notices = w.spikeNotices(r, now)
		}
		raised, err := w.Store.SetSpike(ctx, c)
		if err != nil {
			errs = append(errs, err)
		} else if raised {
			w.log().Info("spike", "rule", rule, "count", r.Count, "average", r.Average, "notices", len(c.Notices))
		}
	}
	return errors.Join(errs...)
}

// spikeNotices are a spike's notices: an email per digest listing the
// rule, a delivery per webhook wanting it.
func (w *Worker) spikeNotices(r Rate, now time.Time) []store.Notice {
	var out []store.Notice
	base := store.Notice{Since: now.Add(-spikeWindow).UTC(), Until: now.UTC(), Count: r.Count, Baseline: r.Average}
	for _, d := range w.Alerts.Digests {
		if d.Wants(r.Rule) {
			n := base
			n.Alert = d.Name
			out = append(out, n)
		}
	}
	for _, h := range w.Webhooks {
		if h.Wants(r.Rule) {
			n := base
			n.Webhook = h.URL
			out = append(out, n)
		}
	}
	return out
}

// SpikePayload is the JSON body of a spike's webhook delivery, signed
// and sent like a flagged story's (see package webhook).
type SpikePayload struct {
	// ID is the delivery id, also sent as X-Newshound-Delivery.
	ID string `json:"id"`
	// Event is EventSpike; Kind is "spike".
	Event string `json:"event"`
	Kind  string `json:"kind"`
	// Created is when the spike was detected.
	Created time.Time `json:"created"`
	// Rule is the rule that spiked.
	Rule string `json:"rule"`
	// Count is its flags in the hour from Since to Until; Average its
	// hourly average before.
	Count   int       `json:"count"`
	Average float64   `json:"average"`
	Since   time.Time `json:"since"`
	Until   time.Time `json:"until"`
	// Stories are the stories behind the spike.
	Stories []store.DeliveryStory `json:"stories"`
}

// sendWebhook POSTs a spike notice to its webhook.
func (w *Worker) sendWebhook(ctx context.Context, n store.Notice) error {
	i := slices.IndexFunc(w.Webhooks, func(h config.Webhook) bool { return h.URL == n.Webhook })
	if i < 0 {
		return fmt.Errorf("alerts: the webhook %s is no longer configured: %w", n.Webhook, errGone)
	}
	p := SpikePayload{ID: n.ID, Event: EventSpike, Kind: store.NoticeSpike, Created: n.Created, Rule: n.Rule,
		Count: n.Count, Average: n.Baseline, Since: n.Since, Until: n.Until, Stories: []store.DeliveryStory{}}
	for _, s := range n.Stories {
		p.Stories = append(p.Stories, s.DeliveryStory)
	}
	body, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("alerts: encode spike: %w", err)
	}
	sender := w.Sender
	sender.Timeout = w.Webhooks[i].Timeout.D()
	_, err = sender.Send(ctx, n.Webhook, w.Webhooks[i].Secret, n.ID, body)
	return err
}
