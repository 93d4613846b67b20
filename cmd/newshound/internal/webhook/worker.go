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
	// DefaultMaxReceivers is how many receivers are served at once.
	DefaultMaxReceivers = 16
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

// Claimer is an Outbox that other processes share (PostgreSQL): the
// worker claims each delivery just before sending it and skips one that
// another process claimed, so that each delivery is sent once. The lease
// outlasts an attempt (ClaimLease, or twice the receiver's timeout when
// longer) and ends when the outcome is recorded.
type Claimer interface {
	ClaimDelivery(ctx context.Context, id string, now time.Time, lease time.Duration) (bool, error)
}

// ClaimLease is the least lease of a claimed delivery (see Claimer).
const ClaimLease = time.Minute

// Target is one configured receiver, as the worker sends to it.
type Target struct {
	// Secret signs every body.
	Secret string
	// Timeout bounds one attempt to this receiver; zero means the
	// Sender's (DefaultTimeout, 10s, unless set).
	Timeout time.Duration
}

// Worker sends the outbox's deliveries. Create it with NewWorker, set the
// exported fields before Run, and run one per database.
//
// Each receiver has its own lane: its deliveries are sent one at a time,
// oldest first, while other receivers' lanes run beside it, so a receiver
// that is slow or down delays only its own deliveries.
type Worker struct {
	// Sender sends each attempt; a Target's Timeout replaces its Timeout.
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
	// MaxReceivers bounds how many receivers are sent to at once (one
	// request in flight each); the others wait for a free lane. Default
	// DefaultMaxReceivers (16).
	MaxReceivers int
	// OnAttempt, if set, is called after every attempt with its outcome
	// (OutcomeDelivered, OutcomeFailed, OutcomeDead) and duration. It may
	// be called from several goroutines at once.
	OnAttempt func(outcome string, d time.Duration)

	out     Outbox
	log     *slog.Logger
	mu      sync.Mutex
	targets map[string]Target    // target URL -> how to send to it
	blocked map[string]time.Time // target URL -> no attempt before
}

// NewWorker builds a worker over out, sending to the webhooks in targets
// (URL -> Target). A nil logger discards the logs.
func NewWorker(out Outbox, targets map[string]Target, log *slog.Logger) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Worker{out: out, log: log.With("component", "webhook"), blocked: map[string]time.Time{}}
	w.SetTargets(targets)
	return w
}

// SetTargets replaces the configured webhooks (on configuration reload).
// Deliveries to a URL no longer listed are marked dead when next due.
func (w *Worker) SetTargets(targets map[string]Target) {
	m := make(map[string]Target, len(targets))
	for u, t := range targets {
		m[u] = t
	}
	w.mu.Lock()
	w.targets = m
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
	if w.MaxReceivers <= 0 {
		w.MaxReceivers = DefaultMaxReceivers
	}
}

// laneBatch is the most deliveries one lane takes before the worker reads
// the outbox again: a lane's deliveries are oldest first, so a long
// backlog does not hide newer ones from the next read for long.
const laneBatch = 100

// Run sends due deliveries until ctx is cancelled, waking on the store's
// signal, when a lane finishes, or every Poll. A receiver's lane runs in
// its own goroutine; Run waits for the lanes before it returns nil on
// cancellation.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	t := time.NewTicker(w.Poll)
	defer t.Stop()
	busy := map[string]bool{} // targets with a lane running
	done := make(chan string) // a lane's target, when it ends
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		lanes, err := w.due(ctx, busy, w.MaxReceivers-len(busy))
		if err != nil && ctx.Err() == nil {
			w.log.Error("webhook outbox unreadable; retrying", "error", err)
		}
		for target, ds := range lanes {
			busy[target] = true
			wg.Go(func() {
				w.serve(ctx, target, ds)
				select {
				case done <- target:
				case <-ctx.Done():
				}
			})
		}
		select {
		case <-ctx.Done():
			return nil
		case target := <-done:
			delete(busy, target)
		case <-w.out.OutboxSignal():
		case <-t.C:
		}
	}
}

// Drain makes one attempt at every delivery due now, each receiver's in
// its own lane, oldest first, except that after a failure the receiver's
// later deliveries wait for its retry: an outage costs one attempt per
// backoff step, not one per delivery. It returns when every lane is done.
func (w *Worker) Drain(ctx context.Context) error {
	w.defaults()
	seen := map[string]bool{}
	for {
		ds, err := w.out.DueDeliveries(ctx, time.Now(), 0)
		if err != nil {
			return err
		}
		var fresh []store.Delivery
		for _, d := range ds {
			if !seen[d.ID] {
				seen[d.ID] = true
				fresh = append(fresh, d)
			}
		}
		lanes := w.lanes(fresh, nil, w.MaxReceivers)
		if len(lanes) == 0 || ctx.Err() != nil {
			return nil
		}
		var wg sync.WaitGroup
		for target, ds := range lanes {
			wg.Go(func() { w.serve(ctx, target, ds) })
		}
		wg.Wait()
	}
}

// due reads the outbox and returns the due deliveries of at most n
// receivers that are neither busy nor waiting for a retry.
func (w *Worker) due(ctx context.Context, busy map[string]bool, n int) (map[string][]store.Delivery, error) {
	if n <= 0 {
		return nil, nil
	}
	ds, err := w.out.DueDeliveries(ctx, time.Now(), 0)
	if err != nil {
		return nil, err
	}
	return w.lanes(ds, busy, n), nil
}

// lanes groups ds by receiver, in order, skipping busy and blocked ones,
// at most laneBatch each, for the first n receivers met.
func (w *Worker) lanes(ds []store.Delivery, busy map[string]bool, n int) map[string][]store.Delivery {
	out := map[string][]store.Delivery{}
	for _, d := range ds {
		l, ok := out[d.Target]
		if !ok && (len(out) >= n || busy[d.Target] || w.isBlocked(d.Target)) {
			continue
		}
		if len(l) < laneBatch {
			out[d.Target] = append(l, d)
		}
	}
	return out
}

// serve is one receiver's lane: it attempts ds in order and stops at the
// first failure (the receiver is blocked until its retry) or cancellation.
func (w *Worker) serve(ctx context.Context, target string, ds []store.Delivery) {
	for _, d := range ds {
		if ctx.Err() != nil || !w.attempt(ctx, d) {
			return
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

// attempt sends d once and records the outcome in the outbox. It reports
// whether the lane may go on to the receiver's next delivery.
func (w *Worker) attempt(ctx context.Context, d store.Delivery) bool {
	start := time.Now()
	log := w.log.With("delivery", d.ID, "webhook_url", d.Target, "rule", d.Flag.Rule, "article_url", d.Story.URL)
	w.mu.Lock()
	target, ok := w.targets[d.Target]
	w.mu.Unlock()
	if !ok {
		d.Dead, d.LastError = true, "the webhook is no longer configured"
		w.record(ctx, log, d, OutcomeDead, start)
		return true
	}
	sender := w.Sender
	if target.Timeout > 0 {
		sender.Timeout = target.Timeout
	}
	if c, shared := w.out.(Claimer); shared {
		got, err := c.ClaimDelivery(ctx, d.ID, time.Now(), max(ClaimLease, 2*sender.Timeout))
		if err != nil {
			log.Warn("delivery not claimed; it waits for the next pass", "error", err)
			return false
		}
		if !got {
			return true // another process sends it
		}
	}
	body, err := NewPayload(d).Body()
	if err == nil {
		_, err = sender.Send(ctx, d.Target, target.Secret, d.ID, body)
	}
	if err == nil {
		if err := w.out.DeliverySucceeded(ctx, d.ID); err != nil {
			log.Error("delivered, but could not remove it from the outbox: it may be sent again", "error", err)
		}
		log.Info("webhook delivered", "attempts", d.Attempts+1)
		w.observe(OutcomeDelivered, start)
		return true
	}
	if ctx.Err() != nil {
		return false // shutting down: the attempt does not count
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
	return false
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
