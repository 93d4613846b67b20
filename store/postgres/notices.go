package postgres

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// digestState is a digest's progress: the flag log read up to Cursor, and
// the end of the last period enqueued (as in the bbolt file).
type digestState struct {
	Cursor uint64    `json:"cursor"`
	Until  time.Time `json:"until"`
}

// spikeState is whether a rule is spiking, and since when.
type spikeState struct {
	Active bool      `json:"active"`
	Since  time.Time `json:"since,omitzero"`
}

// lockState reads the alert_state row key into v, holding it until tx
// ends (creating it empty first, so that there is a row to hold); it
// reports whether the row had a state.
func lockState(ctx context.Context, tx pgx.Tx, key string, v any) (bool, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO alert_state (key) VALUES ($1) ON CONFLICT DO NOTHING`, key); err != nil {
		return false, err
	}
	var doc []byte
	if err := tx.QueryRow(ctx, `SELECT doc FROM alert_state WHERE key = $1 FOR UPDATE`, key).Scan(&doc); err != nil {
		return false, err
	}
	if doc == nil {
		return false, nil
	}
	return true, json.Unmarshal(doc, v)
}

// putState writes v as the state of key.
func putState(ctx context.Context, tx pgx.Tx, key string, v any) error {
	doc, err := json.Marshal(v)
	if err == nil {
		_, err = tx.Exec(ctx, `UPDATE alert_state SET doc = $2 WHERE key = $1`, key, doc)
	}
	return err
}

// EnqueueDigest enqueues, in one transaction, the digest of p.Alert for
// the period ending at p.Until: the stories newly flagged by p.Rules since
// the last digest of that name. It returns the notice and true when the
// period was new and had stories; false with a nil error when the period
// was enqueued before (by this or another process) or had no story, in
// which case the period still counts as done.
func (s *Store) EnqueueDigest(ctx context.Context, p store.DigestPeriod) (store.Notice, bool, error) {
	var n store.Notice
	queued := false
	key := "digest/" + p.Alert
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		queued = false
		var state digestState
		had, err := lockState(ctx, tx, key, &state)
		if err != nil {
			return err
		}
		if had && !state.Until.Before(p.Until) {
			return nil
		}
		since := state.Until
		if !had {
			since = p.Since
			// From the first flag of the period on, even if a later one is older.
			sec, nsec := secNsec(p.Since)
			err := tx.QueryRow(ctx, `SELECT coalesce(
					(SELECT min(seq) - 1 FROM flag_log WHERE (at_sec, at_nsec) >= ($1, $2)),
					(SELECT max(seq) FROM flag_log), 0)`, sec, nsec).Scan(&state.Cursor)
			if err != nil {
				return err
			}
		}
		stories, last, err := digestStories(ctx, tx, state.Cursor, p.Rules)
		if err != nil {
			return err
		}
		state.Cursor, state.Until = last, p.Until
		if len(stories) > 0 {
			n = store.Notice{Kind: store.NoticeDigest, Alert: p.Alert, Since: since.UTC(), Until: p.Until.UTC(),
				Stories: stories, Created: time.Now().UTC()}
			if err := putNotice(ctx, tx, &n); err != nil {
				return err
			}
			queued = true
		}
		return putState(ctx, tx, key, state)
	})
	if err != nil {
		return store.Notice{}, false, fmt.Errorf("postgres: enqueue digest %s: %w", p.Alert, err)
	}
	if !queued {
		return store.Notice{}, false, nil
	}
	return n, true, nil
}

// digestStories reads the flag log after cursor and returns the stories
// flagged by rules (all when empty), once each in the order first
// flagged, and the last sequence read (cursor when none).
func digestStories(ctx context.Context, tx pgx.Tx, cursor uint64, rules []string) ([]store.NoticeStory, uint64, error) {
	rows, err := tx.Query(ctx, `SELECT seq, doc FROM flag_log WHERE seq > $1 ORDER BY seq`, int64(cursor))
	if err != nil {
		return nil, 0, err
	}
	last := cursor
	var order []string
	want := map[string][]string{} // story -> rules
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		last = e.Seq
		if len(rules) > 0 && !slices.Contains(rules, e.Rule) {
			continue
		}
		if _, ok := want[e.Story]; !ok {
			order = append(order, e.Story)
		}
		if !slices.Contains(want[e.Story], e.Rule) {
			want[e.Story] = append(want[e.Story], e.Rule)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	stories, err := noticeStories(ctx, tx, order, want)
	return stories, last, err
}

// noticeStories reads the stories with the ids, each with its flags by
// the rules want lists for it; a story no longer stored is left out.
func noticeStories(ctx context.Context, tx pgx.Tx, ids []string, want map[string][]string) ([]store.NoticeStory, error) {
	var out []store.NoticeStory
	for _, id := range ids {
		a, err := readArticle(ctx, tx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // pruned since it was flagged
		}
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", id, err)
		}
		ns := store.NoticeStory{DeliveryStory: store.DeliveryStory{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed}}
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

// putNotice numbers n, fills in its ID and stores it in the alert queue.
func putNotice(ctx context.Context, tx pgx.Tx, n *store.Notice) error {
	seq, err := nextSeq(ctx, tx, "notices", 1)
	if err != nil {
		return err
	}
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	n.ID = hex.EncodeToString(binary.BigEndian.AppendUint64(nil, seq)) + hex.EncodeToString(nonce[:])
	doc, err := json.Marshal(n)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO notices (seq, id, doc) VALUES ($1, $2, $3)`, int64(seq), n.ID, doc)
	return err
}

// SetSpike records whether c.Rule is spiking. When it starts spiking, it
// enqueues c.Notices (each with the stories of c.StoryIDs) in the same
// transaction and returns true; while it goes on spiking, and once it
// has fallen back, it enqueues nothing, so each spike alerts once, across
// restarts and processes too.
func (s *Store) SetSpike(ctx context.Context, c store.SpikeChange) (bool, error) {
	raised := false
	key := "spike/" + c.Rule
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		raised = false
		var state spikeState
		if _, err := lockState(ctx, tx, key, &state); err != nil {
			return err
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
			stories, err := noticeStories(ctx, tx, c.StoryIDs, want)
			if err != nil {
				return err
			}
			for _, n := range c.Notices {
				n.Kind, n.Rule, n.Stories, n.Created = store.NoticeSpike, c.Rule, stories, time.Now().UTC()
				if err := putNotice(ctx, tx, &n); err != nil {
					return err
				}
			}
			raised = true
		}
		return putState(ctx, tx, key, state)
	})
	if err != nil {
		return false, fmt.Errorf("postgres: set spike of %s: %w", c.Rule, err)
	}
	return raised, nil
}

// Spiking reports whether the rule's last spike has not yet fallen back.
func (s *Store) Spiking(ctx context.Context, rule string) (bool, error) {
	var doc []byte
	err := s.pool.QueryRow(ctx, `SELECT doc FROM alert_state WHERE key = $1`, "spike/"+rule).Scan(&doc)
	var state spikeState
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err = nil
	case err == nil && doc != nil:
		err = json.Unmarshal(doc, &state)
	}
	if err != nil {
		return false, fmt.Errorf("postgres: spike of %s: %w", rule, err)
	}
	return state.Active, nil
}

// Notices returns every notice in the alert queue, sent and dead ones
// included, oldest first.
func (s *Store) Notices(ctx context.Context) ([]store.Notice, error) {
	ns, err := queryDocs[store.Notice](ctx, s, `SELECT doc FROM notices ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list notices: %w", err)
	}
	return ns, nil
}

// DueNotices returns at most limit (all when limit <= 0) notices neither
// sent nor dead whose NextAttempt is not after now, oldest first.
func (s *Store) DueNotices(ctx context.Context, now time.Time, limit int) ([]store.Notice, error) {
	all, err := s.Notices(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: due notices: %w", err)
	}
	var out []store.Notice
	for _, n := range all {
		if limit > 0 && len(out) >= limit {
			break
		}
		if n.Sent.IsZero() && !n.Dead && !n.NextAttempt.After(now) {
			out = append(out, n)
		}
	}
	return out, nil
}

// NoticeSent marks the notice with the id sent at t: it is never sent
// again. Marking one already sent keeps the first time;
// store.ErrNotFound when it is no longer queued.
func (s *Store) NoticeSent(ctx context.Context, id string, t time.Time) error {
	err := queueID(id, "notice")
	if err == nil {
		err = changeDoc(ctx, s, "notices", id, func(n *store.Notice) {
			if n.Sent.IsZero() {
				n.Sent = t.UTC()
			}
		})
	}
	if err != nil {
		return fmt.Errorf("postgres: mark notice %s sent: %w", id, err)
	}
	return nil
}

// UpdateNotice stores n's attempt fields (Attempts, NextAttempt,
// LastError, Dead) over the queued notice with n.ID, or returns
// store.ErrNotFound; the other fields are kept.
func (s *Store) UpdateNotice(ctx context.Context, n store.Notice) error {
	err := queueID(n.ID, "notice")
	if err == nil {
		err = changeDoc(ctx, s, "notices", n.ID, func(cur *store.Notice) {
			cur.Attempts, cur.NextAttempt, cur.LastError, cur.Dead = n.Attempts, n.NextAttempt, n.LastError, n.Dead
		})
	}
	if err != nil {
		return fmt.Errorf("postgres: update notice %s: %w", n.ID, err)
	}
	return nil
}

// PruneNotices removes the notices sent before t and returns how many.
// Dead and waiting ones are kept.
func (s *Store) PruneNotices(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT seq, doc FROM notices FOR UPDATE`)
		if err != nil {
			return err
		}
		var old []int64
		for rows.Next() {
			var seq int64
			var doc []byte
			if err := rows.Scan(&seq, &doc); err != nil {
				rows.Close()
				return err
			}
			var no struct {
				Sent time.Time `json:"sent"`
			}
			if err := json.Unmarshal(doc, &no); err != nil {
				rows.Close()
				return fmt.Errorf("decode notice %d: %w", seq, err)
			}
			if !no.Sent.IsZero() && no.Sent.Before(t) {
				old = append(old, seq)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM notices WHERE seq = ANY($1)`, old)
		n = int(tag.RowsAffected())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: prune notices: %w", err)
	}
	return n, nil
}
