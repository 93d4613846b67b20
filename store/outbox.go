package store

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Delivery is one alert waiting in the outbox: the AlertPolicy raised a
// flag and named this webhook for it. PutArticle enqueues it in the
// transaction that stores the flag, so a crash can neither lose it nor
// enqueue it twice; the daemon's delivery worker removes it once the
// receiver answers 2xx (DeliverySucceeded) or marks it Dead.
type Delivery struct {
	// ID is unique per delivery (32 hex digits, in enqueue order): the
	// receiver uses it to drop a repeated delivery.
	ID string `json:"id"`
	// Target is the webhook's URL.
	Target string `json:"target"`
	// Story is the flagged story as it was when flagged.
	Story DeliveryStory `json:"story"`
	// Flag is the new flag, with its matches and snippets.
	Flag Flag `json:"flag"`
	// Created is when the delivery was enqueued.
	Created time.Time `json:"created"`
	// Attempts counts failed attempts so far; zero before the first.
	Attempts int `json:"attempts"`
	// NextAttempt is when the worker may try again; zero means now.
	NextAttempt time.Time `json:"next_attempt,omitempty"`
	// LastError is why the last attempt failed; empty before one did.
	LastError string `json:"last_error,omitempty"`
	// Dead is set once the worker gave up; dead deliveries stay in the
	// outbox for inspection and are never tried again.
	Dead bool `json:"dead,omitempty"`
}

// DeliveryStory is the part of a flagged article a webhook receives.
type DeliveryStory struct {
	ID        string     `json:"id"`
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Published *time.Time `json:"published,omitempty"`
	Feed      FeedRef    `json:"feed"`
}

// AlertPolicy decides which flags of a stored article raise an alert:
// an event in the flag log (which digests, spikes and incremental exports
// read) and a webhook delivery to each of the targets it returns. The
// policy is the caller's (newshound's is package alertpolicy); the store
// records what it is told.
type AlertPolicy interface {
	// Alert is asked, inside the transaction that stores the article,
	// once per flag of it, after clustering has set f.Duplicate; had
	// reports whether the stored version of the article carried f's rule.
	// raise adds f to the flag log; targets (the webhook URLs) each get a
	// delivery, and only when raise is true. It must be quick and must not
	// call the Store.
	Alert(f Flag, had bool) (raise bool, targets []string)
}

// outboxHook is the store's outbox routing; its zero value routes nowhere.
type outboxHook struct {
	policy atomic.Pointer[AlertPolicy]
	once   sync.Once
	signal chan struct{}
}

func (h *outboxHook) ch() chan struct{} {
	h.once.Do(func() { h.signal = make(chan struct{}, 1) })
	return h.signal
}

// notify wakes the worker without ever blocking.
func (h *outboxHook) notify() {
	select {
	case h.ch() <- struct{}{}:
	default:
	}
}

// SetAlertPolicy sets which flags raise alerts from now on (at open;
// a policy may change its targets itself on a configuration reload). nil,
// the default, raises none: no flag log event, no delivery.
func (s *Store) SetAlertPolicy(p AlertPolicy) { s.outbox.policy.Store(&p) }

// alert is a flag the policy raised, and the webhooks it goes to.
type alert struct {
	flag    Flag
	targets []string
}

// alerts asks the policy about each flag of a; prev are the flags of the
// stored version (none when new).
func (s *Store) alerts(prev []storedFlag, a *Article) []alert {
	p := s.outbox.policy.Load()
	if p == nil || *p == nil || len(a.Flags) == 0 {
		return nil
	}
	var out []alert
	for _, f := range a.Flags {
		had := false
		for _, pf := range prev {
			had = had || pf.Rule == f.Rule
		}
		if raise, targets := (*p).Alert(f, had); raise {
			out = append(out, alert{flag: f, targets: targets})
		}
	}
	return out
}

// OutboxSignal returns a channel that receives (without blocking the
// store; one pending signal at most) after a write that may have
// enqueued deliveries. The delivery worker waits on it between polls.
func (s *Store) OutboxSignal() <-chan struct{} { return s.outbox.ch() }

// enqueueAlerts puts one delivery per alert and target into the outbox,
// in tx. Run again after a rollback it enqueues the same deliveries once.
func (s *Store) enqueueAlerts(tx *bolt.Tx, a *Article, alerts []alert) error {
	story := DeliveryStory{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed}
	queued := false
	defer func() {
		if queued {
			tx.OnCommit(s.outbox.notify) // every path that enqueues wakes the worker, once committed
		}
	}()
	for _, al := range alerts {
		for _, target := range al.targets {
			d := Delivery{Target: target, Story: story, Flag: al.flag, Created: time.Now().UTC()}
			if err := putNewDelivery(tx, &d); err != nil {
				return err
			}
			queued = true
		}
	}
	return nil
}

// putNewDelivery numbers d, fills in its ID and stores it.
func putNewDelivery(tx *bolt.Tx, d *Delivery) error {
	b := tx.Bucket(bucketOutbox)
	if b == nil {
		return fmt.Errorf("the outbox bucket is missing")
	}
	var key []byte
	for key == nil || b.Get(key) != nil { // never overwrite, whatever the sequence says
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		key = binary.BigEndian.AppendUint64(nil, seq)
	}
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	d.ID = hex.EncodeToString(key) + hex.EncodeToString(nonce[:])
	v, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return b.Put(key, v)
}

// deliveryKey returns the outbox key of a delivery id, or ErrNotFound.
func deliveryKey(id string) ([]byte, error) {
	if len(id) != 32 {
		return nil, fmt.Errorf("%q is not a delivery id: %w", id, ErrNotFound)
	}
	key, err := hex.DecodeString(id[:16])
	if err != nil {
		return nil, fmt.Errorf("%q is not a delivery id: %w", id, ErrNotFound)
	}
	return key, nil
}
