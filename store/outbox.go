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

// Delivery is one alert waiting in the outbox: a rule newly flagged a
// story and a webhook wants to hear of it. PutArticle enqueues it in the
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

// AlertTargets maps a rule name to the webhook URLs that want its new
// flags; nil or an empty result enqueues nothing.
type AlertTargets func(rule string) []string

// outboxHook is the store's outbox routing; its zero value routes nowhere.
type outboxHook struct {
	targets atomic.Pointer[AlertTargets]
	once    sync.Once
	signal  chan struct{}
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

// SetAlertTargets sets which webhooks hear of new flags from now on (at
// open and on configuration reload). nil, the default, enqueues nothing.
func (s *Store) SetAlertTargets(fn AlertTargets) { s.outbox.targets.Store(&fn) }

// OutboxSignal returns a channel that receives (without blocking the
// store; one pending signal at most) after a write that may have
// enqueued deliveries. The delivery worker waits on it between polls.
func (s *Store) OutboxSignal() <-chan struct{} { return s.outbox.ch() }

// enqueueAlerts puts one delivery per new flag of a and target wanting its
// rule into the outbox, in tx. prev are the flags of the stored version
// of a (none when new). Run again after a rollback it enqueues the same deliveries once.
func (s *Store) enqueueAlerts(tx *bolt.Tx, prev []storedFlag, a *Article) error {
	fn := s.outbox.targets.Load()
	if fn == nil || *fn == nil || len(a.Flags) == 0 {
		return nil
	}
	story := DeliveryStory{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed}
	queued := false
	defer func() {
		if queued {
			tx.OnCommit(s.outbox.notify) // every path that enqueues wakes the worker, once committed
		}
	}()
	for _, f := range a.Flags {
		if !shouldAlert(tx, prev, a, f) {
			continue
		}
		for _, target := range (*fn)(f.Rule) {
			d := Delivery{Target: target, Story: story, Flag: f, Created: time.Now().UTC()}
			if err := putNewDelivery(tx, &d); err != nil {
				return err
			}
			queued = true
		}
	}
	return nil
}

// shouldAlert decides whether flag f of article a raises an alert: only
// when the stored version (prev are its flags) did not have the rule, and
// the flag is not a Duplicate (a near-duplicate in the article's story
// cluster already carries the rule, so the story was alerted then).
// This is the one place that decides.
func shouldAlert(tx *bolt.Tx, prev []storedFlag, a *Article, f Flag) bool {
	if f.Duplicate {
		return false
	}
	for _, p := range prev {
		if p.Rule == f.Rule {
			return false
		}
	}
	return true
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
