// Package alertpolicy is newshound's alert policy, the one place that
// decides which flags raise an alert: an event in the store's flag log
// (read by email digests, spike alerts and incremental exports) and a
// webhook delivery to each webhook that wants the flag's rule. The store
// asks it (store.AlertPolicy) inside the transaction that stores the
// flag and records what it answers.
package alertpolicy

import (
	"sync/atomic"

	"github.com/newshound/newshound/store"
)

// Targets maps a rule name to the webhook URLs that want its alerts; nil
// or an empty result sends none.
type Targets func(rule string) []string

// Policy raises an alert for a flag when its rule is new to the story
// (the stored version did not carry it) and the flag is not a Duplicate
// (a near-duplicate in the story's cluster already carries the rule, so
// the story was alerted then); the alert goes to the webhooks Targets
// names for the rule. Its zero value raises alerts with no webhook. It is
// safe for concurrent use.
type Policy struct {
	targets atomic.Pointer[Targets]
}

var _ store.AlertPolicy = (*Policy)(nil)

// New returns a Policy sending alerts to targets.
func New(targets Targets) *Policy {
	p := &Policy{}
	p.SetTargets(targets)
	return p
}

// SetTargets replaces the webhook routing, for a configuration reload.
func (p *Policy) SetTargets(targets Targets) { p.targets.Store(&targets) }

// Alert implements store.AlertPolicy.
func (p *Policy) Alert(f store.Flag, had bool) (raise bool, targets []string) {
	if had || f.Duplicate {
		return false, nil
	}
	if fn := p.targets.Load(); fn != nil && *fn != nil {
		targets = (*fn)(f.Rule)
	}
	return true, targets
}
