// Package alerts sends the alerts people read: email digests of the
// stories newly flagged in each hourly or daily period, and spike alerts
// (by email and webhook) when a rule flags far more than it usually does.
//
// Like webhook deliveries, alerts go through the database: the store
// appends every newly flagged story to its flag log in the transaction
// that stores the flag; Worker enqueues each digest period and each spike
// in one transaction (at most once, across restarts), then sends what the
// queue holds, retrying with exponential backoff, and marks a notice sent
// only once the mail server accepted it (or the webhook answered 2xx). So
// a restart or an SMTP outage loses no digest and sends none twice, except
// when the process stops between the server's acceptance and the mark:
// the Message-ID is the notice's id, the same on the resend.
package alerts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/webhook"
	"github.com/newshound/newshound/store"
)

// Worker defaults.
const (
	DefaultTick        = 30 * time.Second
	DefaultMaxAttempts = 30
	minBackoff         = 30 * time.Second
	maxBackoff         = time.Hour
	keepSent           = 7 * 24 * time.Hour
	pruneEvery         = time.Hour
)

// Claimer is a Queue that other processes share (PostgreSQL): the worker
// claims each notice just before sending it and skips one that another
// process claimed, so that each is sent once. The lease (ClaimLease)
// outlasts a send and ends when the outcome is recorded.
type Claimer interface {
	ClaimNotice(ctx context.Context, id string, now time.Time, lease time.Duration) (bool, error)
}

// ClaimLease is the lease of a claimed notice (see Claimer): longer than
// an SMTP exchange or a webhook post takes.
const ClaimLease = 5 * time.Minute

// Queue is what the worker reads and writes: the flag log, the alert
// queue and the spikes' state. store.Backend has it.
type Queue interface {
	FlagEvents(ctx context.Context, since time.Time) ([]store.FlagEvent, error)
	PruneFlagLog(ctx context.Context, before time.Time) (int, error)
	EnqueueDigest(ctx context.Context, p store.DigestPeriod) (store.Notice, bool, error)
	SetSpike(ctx context.Context, c store.SpikeChange) (bool, error)
	Spiking(ctx context.Context, rule string) (bool, error)
	Notices(ctx context.Context) ([]store.Notice, error)
	DueNotices(ctx context.Context, now time.Time, limit int) ([]store.Notice, error)
	UpdateNotice(ctx context.Context, n store.Notice) error
	NoticeSent(ctx context.Context, id string, t time.Time) error
	PruneNotices(ctx context.Context, t time.Time) (int, error)
}

var _ Queue = store.Backend(nil)

// errGone marks a notice whose recipients are no longer configured.
var errGone = errors.New("gone")

// Worker enqueues and sends digests and spike alerts. Set the fields
// before Run; Store and Alerts are required.
type Worker struct {
	// Store holds the flag log and the alert queue.
	Store Queue
	// Alerts is the configuration's alerts section.
	Alerts config.Alerts
	// Rules are the configured rule names; spikes are watched for these.
	Rules []string
	// Webhooks receive spike alerts for the rules they want.
	Webhooks []config.Webhook
	// Page says how stories are shown.
	Page Page
	// Mailer sends the email; nil sends none (notices wait).
	Mailer *Mailer
	// Sender POSTs spike webhooks.
	Sender webhook.Sender
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Tick is the time between two passes. Default DefaultTick.
	Tick time.Duration
	// MaxAttempts bounds the attempts of one notice; the last failure
	// marks it dead. Default DefaultMaxAttempts.
	MaxAttempts int
	// Log receives a line per notice sent or failed; nil discards.
	Log *slog.Logger

	lastPrune time.Time
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) log() *slog.Logger {
	if w.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Log
}

// Run makes a pass now and then every Tick until ctx ends, and returns
// nil then.
func (w *Worker) Run(ctx context.Context) error {
	t := time.NewTicker(cmp.Or(w.Tick, DefaultTick))
	defer t.Stop()
	for {
		if err := w.Step(ctx); err != nil && ctx.Err() == nil {
			w.log().Error("alerts pass failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Step makes one pass: it enqueues the digests whose period has ended and
// the spikes that began, sends the notices that are due, and now and then
// prunes the flag log and the sent notices.
func (w *Worker) Step(ctx context.Context) error {
	now := w.now()
	var errs []error
	for _, d := range w.Alerts.Digests {
		since, until := Period(d, now, w.Page.Location)
		n, ok, err := w.Store.EnqueueDigest(ctx, store.DigestPeriod{Alert: d.Name, Rules: d.Rules, Since: since, Until: until})
		if err != nil {
			errs = append(errs, err)
		} else if ok {
			w.log().Info("digest enqueued", "alert", d.Name, "stories", len(n.Stories), "until", until)
		}
	}
	if !w.Alerts.Spikes.Disabled {
		errs = append(errs, w.checkSpikes(ctx, now))
	}
	errs = append(errs, w.sendDue(ctx, now))
	if now.Sub(w.lastPrune) >= pruneEvery {
		w.lastPrune = now
		keep := w.Alerts.Spikes.Baseline.D() + 2*time.Hour
		if _, err := w.Store.PruneFlagLog(ctx, now.Add(-max(keep, 8*24*time.Hour))); err != nil {
			errs = append(errs, err)
		}
		if _, err := w.Store.PruneNotices(ctx, now.Add(-keepSent)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Period returns the last period of d that ended at or before now: the
// hour before the last full hour, or the day before the last d.At, in
// loc (UTC when nil).
func Period(d config.Digest, now time.Time, loc *time.Location) (since, until time.Time) {
	t := now.In(cmp.Or(loc, time.UTC))
	if d.Schedule == config.Hourly {
		until = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, t.Location())
		return until.Add(-time.Hour), until
	}
	until = time.Date(t.Year(), t.Month(), t.Day(), d.At.Minutes/60, d.At.Minutes%60, 0, 0, t.Location())
	if until.After(t) {
		until = until.AddDate(0, 0, -1)
	}
	return until.AddDate(0, 0, -1), until
}

// sendDue sends the due notices, oldest first. While the mail server
// cannot be reached, the remaining emails wait for the next pass.
func (w *Worker) sendDue(ctx context.Context, now time.Time) error {
	due, err := w.Store.DueNotices(ctx, now, 100)
	if err != nil {
		return err
	}
	mailDown := false
	for _, n := range due {
		if ctx.Err() != nil {
			return nil
		}
		if n.Webhook == "" && (mailDown || w.Mailer == nil) {
			continue
		}
		if c, shared := w.Store.(Claimer); shared {
			got, err := c.ClaimNotice(ctx, n.ID, now, ClaimLease)
			if err != nil {
				return err
			}
			if !got {
				continue // another process sends it
			}
		}
		err := w.send(ctx, n)
		if err == nil {
			if err := w.Store.NoticeSent(context.WithoutCancel(ctx), n.ID, w.now()); err != nil { // accepted: record it even when stopping
				return err
			}
			w.log().Info("alert sent", "id", n.ID, "kind", n.Kind, "alert", n.Alert, "webhook", n.Webhook, "rule", n.Rule, "stories", len(n.Stories))
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		var se *ServerError
		gone := errors.Is(err, errGone)
		if n.Webhook == "" && !gone && !errors.As(err, &se) {
			mailDown = true
		}
		n.Attempts++
		n.LastError = err.Error()
		n.NextAttempt = w.now().Add(backoff(n.Attempts))
		n.Dead = gone || n.Attempts >= cmp.Or(w.MaxAttempts, DefaultMaxAttempts)
		if err := w.Store.UpdateNotice(ctx, n); err != nil {
			return err
		}
		lvl := slog.LevelWarn
		if n.Dead {
			lvl = slog.LevelError
		}
		w.log().Log(ctx, lvl, "alert not sent", "id", n.ID, "kind", n.Kind, "alert", n.Alert, "webhook", n.Webhook,
			"attempts", n.Attempts, "next_attempt", n.NextAttempt, "dead", n.Dead, "error", err)
	}
	return nil
}

// backoff is the wait after the nth failure: 30s doubling, at most 1h.
func backoff(n int) time.Duration {
	d := minBackoff
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// send delivers one notice: a webhook POST, or an email to its digest's
// recipients.
func (w *Worker) send(ctx context.Context, n store.Notice) error {
	if n.Webhook != "" {
		return w.sendWebhook(ctx, n)
	}
	d, ok := w.Alerts.DigestByName(n.Alert)
	if !ok {
		return fmt.Errorf("alerts: the digest %q is no longer configured: %w", n.Alert, errGone)
	}
	return w.Mail(ctx, n, d.To)
}

// Mail renders notice n and sends it to the recipients.
func (w *Worker) Mail(ctx context.Context, n store.Notice, to []string) error {
	m, err := Render(n, w.Page)
	if err != nil {
		return err
	}
	from, err := mail.ParseAddress(w.Alerts.From)
	if err != nil {
		return fmt.Errorf("alerts: from %q: %w", w.Alerts.From, err)
	}
	msg, err := Compose(m, n.ID, from.String(), to, w.now())
	if err != nil {
		return err
	}
	return w.Mailer.Send(ctx, from.Address, to, msg)
}
