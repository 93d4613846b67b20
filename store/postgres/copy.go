package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// This file writes records exactly as another store holds them, for
// `newshound db migrate`, which copies a bbolt archive in: nothing is
// recomputed (no clustering, no alert policy, no flag log append), so the
// copy keeps every id, cluster, time and sequence of the original. Each
// call is one transaction; a record already stored under the same key is
// replaced, so a copy interrupted and run again converges.

// CopyArticles stores each article as it is, in one transaction: its
// Cluster, its flags' Stored and Duplicate, its Aliases and, when set,
// its Signature (the cluster index row and LSH bands, for the stories
// stored after to join its cluster). An article stored under the same id
// is replaced; its labels stay.
func (s *Store) CopyArticles(ctx context.Context, arts []*store.Article) error {
	err := s.writeArticles(ctx, func(tx pgx.Tx) error {
		for _, a := range arts {
			if err := copyArticle(ctx, tx, a); err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: copy articles: %w", err)
	}
	return nil
}

func copyArticle(ctx context.Context, tx pgx.Tx, a *store.Article) error {
	if err := prepareArticle(a); err != nil {
		return err
	}
	if a.Cluster == "" {
		a.Cluster = a.ID
	}
	if err := dropSig(ctx, tx, a.ID); err != nil {
		return err
	}
	if err := putAliases(ctx, tx, a, nil); err != nil {
		return err
	}
	if err := writeArticleRow(ctx, tx, a); err != nil {
		return err
	}
	if sig := a.Signature; sig != nil {
		rec := &sigRecord{cluster: a.Cluster, t: store.SortTime(a), bands: toInt64s(sig.Bands), minhash: widen(sig.MinHash)}
		if err := putSig(ctx, tx, a.ID, rec); err != nil {
			return err
		}
	}
	return nil
}

// CopyFlagEvents stores the events with their sequences, in one
// transaction, and moves the flag log's counter past the last of them,
// so that the flags stored after are numbered on from there.
func (s *Store) CopyFlagEvents(ctx context.Context, evs []store.FlagEvent) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var last uint64
		for _, e := range evs {
			doc, err := json.Marshal(e)
			if err != nil {
				return err
			}
			sec, nsec := secNsec(e.At)
			if _, err := tx.Exec(ctx, `INSERT INTO flag_log (seq, at_sec, at_nsec, doc) VALUES ($1, $2, $3, $4)
				ON CONFLICT (seq) DO UPDATE SET at_sec = excluded.at_sec, at_nsec = excluded.at_nsec, doc = excluded.doc`,
				int64(e.Seq), sec, nsec, doc); err != nil {
				return err
			}
			last = max(last, e.Seq)
		}
		_, err := tx.Exec(ctx, `UPDATE counters SET value = greatest(value, $1) WHERE name = 'flag_log'`, int64(last))
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: copy the flag log: %w", err)
	}
	return nil
}

// CopyDeliveries appends the deliveries to the outbox with their ids, in
// the order given (oldest first), in one transaction; a delivery already
// there under its id is replaced in place.
func (s *Store) CopyDeliveries(ctx context.Context, ds []store.Delivery) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		for _, d := range ds {
			if err := copyQueued(ctx, tx, "outbox", "delivery", d.ID, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: copy the webhook outbox: %w", err)
	}
	if len(ds) > 0 {
		s.outbox.notify()
	}
	return nil
}

// CopyNotices appends the notices to the alert queue with their ids, as
// CopyDeliveries does for the outbox.
func (s *Store) CopyNotices(ctx context.Context, ns []store.Notice) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		for _, n := range ns {
			if err := copyQueued(ctx, tx, "notices", "notice", n.ID, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: copy the alert queue: %w", err)
	}
	return nil
}

// copyQueued stores v, a what, under id in table (outbox or notices),
// numbered after the queue's last unless id is there already.
func copyQueued(ctx context.Context, tx pgx.Tx, table, what, id string, v any) error {
	if err := queueID(id, what); err != nil {
		return err
	}
	doc, err := json.Marshal(v)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE `+table+` SET doc = $2 WHERE id = $1`, id, doc)
	if err != nil || tag.RowsAffected() > 0 {
		return err
	}
	seq, err := nextSeq(ctx, tx, table, 1)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO `+table+` (seq, id, doc) VALUES ($1, $2, $3)`, int64(seq), id, doc)
	return err
}
