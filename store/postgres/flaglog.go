package postgres

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// alert is a flag the policy raised, and the webhooks it goes to.
type alert struct {
	flag    store.Flag
	targets []string
}

// alerts asks the policy about each flag of a, inside the storing
// transaction; prev are the flags of the stored version (none when new).
func (s *Store) alerts(prev []store.Flag, a *store.Article) []alert {
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

// nextSeq advances the counter name by n in tx and returns its first new
// value. The row stays locked until tx ends, so the writers of one
// counter take their numbers in commit order, and a rollback returns them.
func nextSeq(ctx context.Context, tx pgx.Tx, name string, n int) (uint64, error) {
	var last int64
	err := tx.QueryRow(ctx, `UPDATE counters SET value = value + $2 WHERE name = $1 RETURNING value`, name, n).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("advance counter %s: %w", name, err)
	}
	return uint64(last) - uint64(n) + 1, nil
}

// enqueueAlerts puts one delivery per alert and target into the outbox,
// in tx.
func enqueueAlerts(ctx context.Context, tx pgx.Tx, a *store.Article, alerts []alert) error {
	n := 0
	for _, al := range alerts {
		n += len(al.targets)
	}
	if n == 0 {
		return nil
	}
	seq, err := nextSeq(ctx, tx, "outbox", n)
	if err != nil {
		return err
	}
	story := store.DeliveryStory{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed}
	for _, al := range alerts {
		for _, target := range al.targets {
			d := store.Delivery{Target: target, Story: story, Flag: al.flag, Created: time.Now().UTC()}
			var nonce [8]byte
			_, _ = rand.Read(nonce[:])
			d.ID = hex.EncodeToString(binary.BigEndian.AppendUint64(nil, seq)) + hex.EncodeToString(nonce[:])
			doc, err := json.Marshal(d)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO outbox (seq, id, doc) VALUES ($1, $2, $3)`, int64(seq), d.ID, doc); err != nil {
				return fmt.Errorf("enqueue delivery to %s: %w", target, err)
			}
			seq++
		}
	}
	return nil
}

// logFlags appends to the flag log one event per alert of a, in tx.
func logFlags(ctx context.Context, tx pgx.Tx, a *store.Article, alerts []alert) error {
	if len(alerts) == 0 {
		return nil
	}
	seq, err := nextSeq(ctx, tx, "flag_log", len(alerts))
	if err != nil {
		return err
	}
	for _, al := range alerts {
		at := al.flag.Flagged
		if at.IsZero() {
			at = time.Now()
		}
		e := store.FlagEvent{Rule: al.flag.Rule, Story: a.ID, At: at.UTC()}
		doc, err := json.Marshal(e)
		if err != nil {
			return err
		}
		sec, nsec := secNsec(e.At)
		if _, err := tx.Exec(ctx, `INSERT INTO flag_log (seq, at_sec, at_nsec, doc) VALUES ($1, $2, $3, $4)`,
			int64(seq), sec, nsec, doc); err != nil {
			return fmt.Errorf("log flag %s: %w", al.flag.Rule, err)
		}
		seq++
	}
	return nil
}

// ReadFlagLog calls fn, inside one read-only transaction (a snapshot),
// with each event of the flag log after sequence after, in commit order,
// and reports the log's last sequence and whether events after after were
// pruned (see store.FlagLogRead). An after past the log's last sequence
// reads nothing and gives a Last below after. Errors of fn are returned
// unchanged.
func (s *Store) ReadFlagLog(ctx context.Context, after uint64, fn func(store.FlagEvent) error) (store.FlagLogRead, error) {
	var r store.FlagLogRead
	var fnErr error
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var last int64
		if err := tx.QueryRow(ctx, `SELECT value FROM counters WHERE name = 'flag_log'`).Scan(&last); err != nil {
			return err
		}
		r.Last = uint64(last)
		rows, err := tx.Query(ctx, `SELECT seq, doc FROM flag_log WHERE seq > $1 ORDER BY seq`, int64(min(after, 1<<63-1)))
		if err != nil {
			return err
		}
		defer rows.Close()
		first := true
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return err
			}
			if first && e.Seq > after+1 {
				r.Gap = true
			}
			first = false
			if fnErr = fn(e); fnErr != nil {
				return nil
			}
		}
		if first && r.Last > after { // events issued since, all pruned
			r.Gap = true
		}
		return rows.Err()
	})
	if err != nil {
		return r, fmt.Errorf("postgres: read flag log: %w", err)
	}
	return r, fnErr
}

// scanEvent decodes a (seq, doc) row of the flag log.
func scanEvent(rows pgx.Rows) (store.FlagEvent, error) {
	var seq int64
	var doc []byte
	if err := rows.Scan(&seq, &doc); err != nil {
		return store.FlagEvent{}, err
	}
	var e store.FlagEvent
	if err := json.Unmarshal(doc, &e); err != nil {
		return store.FlagEvent{}, fmt.Errorf("decode flag event %d: %w", seq, err)
	}
	e.Seq = uint64(seq)
	return e, nil
}

// FlagEvents returns the flag log's events at or after since (by At),
// oldest first by sequence.
func (s *Store) FlagEvents(ctx context.Context, since time.Time) ([]store.FlagEvent, error) {
	sec, nsec := secNsec(since)
	rows, err := s.pool.Query(ctx, `SELECT seq, doc FROM flag_log WHERE (at_sec, at_nsec) >= ($1, $2) ORDER BY seq`, sec, nsec)
	if err != nil {
		return nil, fmt.Errorf("postgres: read flag log: %w", err)
	}
	defer rows.Close()
	var out []store.FlagEvent
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: read flag log: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: read flag log: %w", err)
	}
	return out, nil
}

// PruneFlagLog removes the flag log's events older than before, from the
// first by sequence up to the first that is not, and returns how many it
// removed, as store's PruneFlagLog does.
func (s *Store) PruneFlagLog(ctx context.Context, before time.Time) (int, error) {
	sec, nsec := secNsec(before)
	tag, err := s.pool.Exec(ctx, `DELETE FROM flag_log WHERE seq < coalesce(
		(SELECT min(seq) FROM flag_log WHERE (at_sec, at_nsec) >= ($1, $2)), 9223372036854775807)`, sec, nsec)
	if err != nil {
		return 0, fmt.Errorf("postgres: prune flag log: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
