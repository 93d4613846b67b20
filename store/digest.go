package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Notice kinds.
const (
	// NoticeDigest is an email listing the stories newly flagged in a
	// period.
	NoticeDigest = "digest"
	// NoticeSpike says a rule flags far more stories than it usually does;
	// an email or a webhook delivery.
	NoticeSpike = "spike"
	// NoticeTest is a sample sent by hand; never queued.
	NoticeTest = "test"
)

// Notice is one alert for people waiting in the alert queue: a digest or
// spike email to the recipients of a configured digest, or a spike
// webhook delivery. It is enqueued in the transaction that decides it, so
// a crash loses none and enqueues none twice; the alerts worker marks it
// sent once the mail server accepted it (or the receiver answered 2xx).
type Notice struct {
	// ID is unique per notice (32 hex digits, in enqueue order); it is
	// the email's Message-ID and the webhook's delivery id.
	ID string `json:"id"`
	// Kind is NoticeDigest or NoticeSpike.
	Kind string `json:"kind"`
	// Alert is the digest whose recipients get the email; empty for a
	// webhook delivery.
	Alert string `json:"alert,omitempty"`
	// Webhook is the URL a spike is POSTed to; empty for an email.
	Webhook string `json:"webhook,omitempty"`
	// Rule is the rule that spiked; empty for a digest.
	Rule string `json:"rule,omitempty"`
	// Since and Until bound the time the notice covers: a digest's period
	// or a spike's last hour.
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Count is a spike's flags in its last hour and Baseline the rule's
	// hourly average before it; zero for a digest.
	Count    int     `json:"count,omitempty"`
	Baseline float64 `json:"baseline,omitempty"`
	// Stories are the stories behind the notice, as they were when it was
	// enqueued, in the order they were flagged.
	Stories []NoticeStory `json:"stories"`
	// Created is when the notice was enqueued.
	Created time.Time `json:"created"`
	// Attempts counts failed attempts so far; zero before the first.
	Attempts int `json:"attempts,omitempty"`
	// NextAttempt is when the worker may try again; zero means now.
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	// LastError is why the last attempt failed.
	LastError string `json:"last_error,omitempty"`
	// Sent is when the mail server accepted the notice; zero while it
	// waits. A sent notice is never sent again.
	Sent time.Time `json:"sent,omitzero"`
	// Dead is set once the worker gave up; never tried again.
	Dead bool `json:"dead,omitempty"`
}

// NoticeStory is a story in a notice with the flags that put it there.
type NoticeStory struct {
	DeliveryStory
	// Flags are the story's flags by the notice's rules.
	Flags []Flag `json:"flags"`
}

// DigestPeriod asks EnqueueDigest for one digest's period.
type DigestPeriod struct {
	// Alert names the digest; its progress is kept under this name.
	Alert string
	// Rules are the rules the digest lists; empty means all.
	Rules []string
	// Since is where the first digest of this name starts: stories flagged
	// before it are not in it. Later digests start where the last ended.
	Since time.Time
	// Until is the end of the period, the digest's key: a period that
	// does not end after the last enqueued one is not enqueued again.
	Until time.Time
}

// digestState is a digest's progress: the flag log read up to Cursor, and
// the end of the last period enqueued.
type digestState struct {
	Cursor uint64    `json:"cursor"`
	Until  time.Time `json:"until"`
}

// EnqueueDigest enqueues, in one transaction, the digest of p.Alert for
// the period ending at p.Until: the stories newly flagged by p.Rules since
// the last digest of that name. It returns the notice and true when the
// period was new and had stories; the false with a nil error when the
// period was enqueued before (by this or an earlier process) or had no
// story, in which case the period still counts as done.
func (s *Store) EnqueueDigest(ctx context.Context, p DigestPeriod) (Notice, bool, error) {
	var n Notice
	queued := false
	if done, err := s.digestDone(ctx, p); err != nil || done { // most passes: no write transaction
		return Notice{}, false, err
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		st := tx.Bucket(bucketAlertState)
		if st == nil {
			return fmt.Errorf("the alert buckets are missing (open the database read-write once)")
		}
		key := []byte("digest/" + p.Alert)
		var state digestState
		v := st.Get(key)
		if v != nil {
			if err := json.Unmarshal(v, &state); err != nil {
				return fmt.Errorf("decode digest state: %w", err)
			}
			if !state.Until.Before(p.Until) {
				return nil
			}
		}
		since := state.Until
		if v == nil {
			since = p.Since
			if err := eachEvent(tx, 0, func(e FlagEvent) bool {
				if !e.At.Before(p.Since) {
					return false // from the first flag of the period on, even if a later one is older (rules apply)
				}
				state.Cursor = e.Seq
				return true
			}); err != nil {
				return err
			}
		}
		stories, last, err := digestStories(tx, state.Cursor, p.Rules)
		if err != nil {
			return err
		}
		state.Cursor, state.Until = last, p.Until
		if len(stories) > 0 {
			n = Notice{Kind: NoticeDigest, Alert: p.Alert, Since: since.UTC(), Until: p.Until.UTC(),
				Stories: stories, Created: time.Now().UTC()}
			if err := putNotice(tx, &n); err != nil {
				return err
			}
			queued = true
		}
		data, err := json.Marshal(state)
		if err != nil {
			return err
		}
		return st.Put(key, data)
	})
	if err != nil {
		return Notice{}, false, wrapf(err, "store: enqueue digest %s", p.Alert)
	}
	return n, queued, nil
}

// digestDone reports whether p's period was enqueued already.
func (s *Store) digestDone(ctx context.Context, p DigestPeriod) (bool, error) {
	var state digestState
	found := false
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := get(tx, bucketAlertState, []byte("digest/"+p.Alert))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &state)
	})
	if err != nil {
		return false, wrapf(err, "store: enqueue digest %s", p.Alert)
	}
	return found && !state.Until.Before(p.Until), nil
}

// digestStories reads the flag log after cursor and returns the stories
// flagged by rules (all when empty), once each in the order first
// flagged, and the last sequence read (cursor when none).
func digestStories(tx *bolt.Tx, cursor uint64, rules []string) ([]NoticeStory, uint64, error) {
	last := cursor
	var order []string
	want := map[string][]string{} // story -> rules
	err := eachEvent(tx, cursor, func(e FlagEvent) bool {
		last = e.Seq
		if len(rules) > 0 && !slices.Contains(rules, e.Rule) {
			return true
		}
		if _, ok := want[e.Story]; !ok {
			order = append(order, e.Story)
		}
		if !slices.Contains(want[e.Story], e.Rule) {
			want[e.Story] = append(want[e.Story], e.Rule)
		}
		return true
	})
	if err != nil {
		return nil, 0, err
	}
	stories, err := noticeStories(tx, order, want)
	return stories, last, err
}

// noticeStories reads the stories with the ids, each with its flags by
// the rules want lists for it; a story no longer stored is left out.
func noticeStories(tx *bolt.Tx, ids []string, want map[string][]string) ([]NoticeStory, error) {
	var out []NoticeStory
	for _, id := range ids {
		v := get(tx, bucketArticles, []byte(resolve(tx, id)))
		if v == nil {
			continue // pruned since it was flagged
		}
		var a Article
		if err := json.Unmarshal(v, &a); err != nil {
			return nil, fmt.Errorf("decode article %s: %w", id, err)
		}
		ns := NoticeStory{DeliveryStory: DeliveryStory{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed}}
		for _, f := range a.Flags {
			if slices.Contains(want[id], f.Rule) {
				ns.Flags = append(ns.Flags, f)
			}
		}
		if len(ns.Flags) > 0 {
			out = append(out, ns)
		}
	}
	return out, nil
}
