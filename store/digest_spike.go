package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// spikeState is whether a rule is spiking, and since when.
type spikeState struct {
	Active bool      `json:"active"`
	Since  time.Time `json:"since,omitzero"`
}

// SpikeChange reports a rule's spike state to SetSpike.
type SpikeChange struct {
	// Rule is the rule's name.
	Rule string
	// Active is whether the rule's last hour is above its threshold now.
	Active bool
	// At is when it was measured.
	At time.Time
	// Notices are enqueued when the rule starts spiking (it was not
	// Active before): one per recipient; their Stories are read from the
	// store by StoryIDs.
	Notices []Notice
	// StoryIDs are the stories behind the spike, in the order flagged.
	StoryIDs []string
}

// SetSpike records whether c.Rule is spiking. When it starts spiking, it
// enqueues c.Notices (each with the stories of c.StoryIDs) in the same
// transaction and returns true; while it goes on spiking, and once it
// has fallen back, it enqueues nothing, so each spike alerts once, across
// restarts too.
func (s *Store) SetSpike(ctx context.Context, c SpikeChange) (bool, error) {
	raised := false
	err := s.update(ctx, func(tx *bolt.Tx) error {
		st := tx.Bucket(bucketAlertState)
		if st == nil {
			return fmt.Errorf("the alert buckets are missing (open the database read-write once)")
		}
		key := []byte("spike/" + c.Rule)
		var state spikeState
		if v := st.Get(key); v != nil {
			if err := json.Unmarshal(v, &state); err != nil {
				return fmt.Errorf("decode spike state: %w", err)
			}
		}
		if state.Active == c.Active {
			return nil
		}
		state = spikeState{Active: c.Active}
		if c.Active {
			state.Since = c.At.UTC()
			want := map[string][]string{}
			for _, id := range c.StoryIDs {
				want[id] = []string{c.Rule}
			}
			stories, err := noticeStories(tx, c.StoryIDs, want)
			if err != nil {
				return err
			}
			for _, n := range c.Notices {
				n.Kind, n.Rule, n.Stories, n.Created = NoticeSpike, c.Rule, stories, time.Now().UTC()
				if err := putNotice(tx, &n); err != nil {
					return err
				}
			}
			raised = true
		}
		data, err := json.Marshal(state)
		if err != nil {
			return err
		}
		return st.Put(key, data)
	})
	if err != nil {
		return false, wrapf(err, "store: set spike of %s", c.Rule)
	}
	return raised, nil
}

// Spiking reports whether the rule's last spike has not yet fallen back.
func (s *Store) Spiking(ctx context.Context, rule string) (bool, error) {
	var state spikeState
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if v := get(tx, bucketAlertState, []byte("spike/"+rule)); v != nil {
			return json.Unmarshal(v, &state)
		}
		return nil
	})
	if err != nil {
		return false, wrapf(err, "store: spike of %s", rule)
	}
	return state.Active, nil
}
