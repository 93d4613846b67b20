package postgres

import (
	"sync"
	"sync/atomic"

	"github.com/newshound/newshound/store"
)

// outboxHook is the store's alert routing: the caller's policy and the
// signal of the delivery worker. Its zero value raises no alerts.
type outboxHook struct {
	policy atomic.Pointer[store.AlertPolicy]
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

// SetAlertPolicy sets which flags raise alerts from now on; nil, the
// default, raises none. The policy is asked inside the transaction that
// stores each flag (see store.AlertPolicy).
func (s *Store) SetAlertPolicy(p store.AlertPolicy) { s.outbox.policy.Store(&p) }

// OutboxSignal returns a channel that receives (one pending signal at
// most, never blocking the store) after this process committed a write
// that may have enqueued deliveries. Deliveries enqueued by other
// processes are found by polling DueDeliveries.
func (s *Store) OutboxSignal() <-chan struct{} { return s.outbox.ch() }
