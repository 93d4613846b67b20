package webhook

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/newshound/newshound/store"
)

// Worker defaults, used when the matching field is zero.
const (
	DefaultMaxAttempts = 12
	DefaultBaseDelay   = 30 * time.Second
	DefaultMaxDelay    = time.Hour
	DefaultPoll        = 5 * time.Second
)

// Outcomes of a delivery attempt, passed to Worker.OnAttempt.
const (
	OutcomeDelivered = "delivered" // 2xx: removed from the outbox
	OutcomeFailed    = "failed"    // will be retried
	OutcomeDead      = "dead"      // given up: out of attempts or no such webhook
)

// Outbox is what the worker needs of the database; *store.Store has it.
type Outbox interface {
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error)
	DeliverySucceeded(ctx context.Context, id string) error
	UpdateDelivery(ctx context.Context, d store.Delivery) error
	OutboxSignal() <-chan struct{}
}

// Worker sends the outbox's deliveries. Create it with NewWorker, set the
// exported fields before Run, and run one per database.
type Worker struct {
	// Sender sends each attempt.
	Sender Sender
	// MaxAttempts bounds the attempts of one delivery; the last failure
	// marks it dead and logs an error. Default DefaultMaxAttempts (12).
	MaxAttempts int
	// BaseDelay is the wait after the first failure, doubled after each
	// further one up to MaxDelay. Defaults 30s and 1h: twelve attempts
	// span about five hours. A receiver's Retry-After is honoured up to
	// MaxDelay.
	BaseDelay, MaxDelay time.Duration
	// Poll is the longest the worker sleeps without a signal from the
	// store; it bounds how late a retry runs. Default 5s.
	Poll time.Duration
	// OnAttempt, if set, is called after every attempt with its outcome
	// (OutcomeDelivered, OutcomeFailed, OutcomeDead) and duration.
	OnAttempt func(outcome string, d time.Duration)

	out     Outbox
	log     *slog.Logger
	mu      sync.Mutex
	secrets map[string]string    // target URL -> secret
	blocked map[string]time.Time // target URL -> no attempt before
}

// NewWorker builds a worker over out, sending to the webhooks in secrets
// (URL -> secret). A nil logger discards the logs.
func NewWorker(out Outbox, secrets map[string]string, log *slog.Logger) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Worker{out: out, log: log.With("component", "webhook"), blocked: map[string]time.Time{}}
	w.SetTargets(secrets)
	return w
}

// SetTargets replaces the configured webhooks (on configuration reload).
// Deliveries to a URL no longer listed are marked dead when next due.
func (w *Worker) SetTargets(secrets map[string]string) {
	m := make(map[string]string, len(secrets))
	for u, s := range secrets {
		m[u] = s
	}
	w.mu.Lock()
	w.secrets = m
	w.mu.Unlock()
}

func (w *Worker) defaults() {
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = DefaultMaxAttempts
	}
	if w.BaseDelay <= 0 {
		w.BaseDelay = DefaultBaseDelay
	}
	if w.MaxDelay <= 0 {
		w.MaxDelay = DefaultMaxDelay
	}
	if w.Poll <= 0 {
		w.Poll = DefaultPoll
	}
}

// Run sends due deliveries until ctx is cancelled, waking on the store's
// signal or every Poll. It returns nil on cancellation.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	t := time.NewTicker(w.Poll)
	defer t.Stop()
	for {
		if err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("webhook outbox unreadable; retrying", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-w.out.OutboxSignal():
		case <-t.C:
		}
	}
}

// drainBatch is how many deliveries one Drain round reads at a time.
const drainBatch = 100

// Drain makes one attempt at every delivery due now, oldest first, except
// that after a failure the target's later deliveries wait for its retry:
// an outage costs one attempt per backoff step, not one per delivery.
func (w *Worker) Drain(ctx context.Context) error {
	w.defaults()
	seen := map[string]bool{}
	for {
		ds, err := w.out.DueDeliveries(ctx, time.Now(), 0)
		if err != nil {
			return err
		}
		progress := false
		for _, d := range ds {
			if seen[d.ID] || w.isBlocked(d.Target) {
				continue
			}
			if ctx.Err() != nil {
				return nil
			}
			seen[d.ID], progress = true, true
			w.attempt(ctx, d)
			if len(seen)%drainBatch == 0 {
				break // re-read: new deliveries may have arrived
			}
		}
		if !progress {
			return nil
		}
	}
}

func (w *Worker) isBlocked(target string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return time.Now().Before(w.blocked[target])
}

func (w *Worker) block(target string, until time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.blocked[target] = until
}

// attempt sends d once and records the outcome in the outbox.
func (w *Worker) attempt(ctx context.Context, d store.Delivery) {
	start := time.Now()
	log := w.log.With("delivery", d.ID, "webhook_url", d.Target, "rule", d.Flag.Rule, "article_url", d.Story.URL)
	w.mu.Lock()
	secret, ok := w.secrets[d.Target]
	w.mu.Unlock()
	if !ok {
		d.Dead, d.LastError = true, "the webhook is no longer configured"
		w.record(ctx, log, d, OutcomeDead, start)
		return
	}
	body, err := NewPayload(d).Body()
	if err == nil {
		_, err = w.Sender.Send(ctx, d.Target, secret, d.ID, body)
	}
	if err == nil {
		if err := w.out.DeliverySucceeded(ctx, d.ID); err != nil {
			log.Error("delivered, but could not remove it from the outbox: it may be sent again", "error", err)
		}
		log.Info("webhook delivered", "attempts", d.Attempts+1)
		w.observe(OutcomeDelivered, start)
		return
	}
	if ctx.Err() != nil {
		return // shutting down: the attempt does not count
	}
	d.Attempts++
	d.LastError = err.Error()
	delay := w.backoff(d.Attempts)
	var se *StatusError
	if errors.As(err, &se) && se.RetryAfter > delay {
		delay = min(se.RetryAfter, w.MaxDelay)
	}
	d.NextAttempt = time.Now().Add(delay)
	w.block(d.Target, d.NextAttempt)
	outcome := OutcomeFailed
	if d.Attempts >= w.MaxAttempts {
		d.Dead, outcome = true, OutcomeDead
	}
	w.record(ctx, log, d, outcome, start)
}

// record stores a failed or dead delivery's new state and logs it.
func (w *Worker) record(ctx context.Context, log *slog.Logger, d store.Delivery, outcome string, start time.Time) {
	if err := w.out.UpdateDelivery(ctx, d); err != nil && !errors.Is(err, store.ErrNotFound) {
		log.Error("could not record the delivery attempt", "error", err)
	}
	if d.Dead {
		log.Error("webhook delivery given up", "attempts", d.Attempts, "error", d.LastError)
	} else {
		log.Warn("webhook delivery failed; will retry", "attempts", d.Attempts, "next_attempt", d.NextAttempt, "error", d.LastError)
	}
	w.observe(outcome, start)
}

func (w *Worker) observe(outcome string, start time.Time) {
	if w.OnAttempt != nil {
		w.OnAttempt(outcome, time.Since(start))
	}
}

// backoff is the wait after the n-th failed attempt.
func (w *Worker) backoff(n int) time.Duration {
	d := w.BaseDelay
	for i := 1; i < n && d < w.MaxDelay; i++ {
		d *= 2
	}
	return min(d, w.MaxDelay)
}
