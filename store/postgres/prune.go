package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// pruneBatch is how many candidate articles one transaction of Prune
// reads.
const pruneBatch = 512

// Prune removes the articles fetched before olderThan, with their
// aliases, flags, cluster rows and labels (by cascade), and returns how
// many it removed. Flagged articles stay unless includeFlagged. It works
// in transactions of a few hundred articles, so crawls go on meanwhile.
// The space is reused by PostgreSQL for new rows (autovacuum).
func (s *Store) Prune(ctx context.Context, olderThan time.Time, includeFlagged bool) (int, error) {
	total := 0
	after := ""
	for {
		n, last, err := s.pruneStep(ctx, after, olderThan, includeFlagged)
		if err != nil {
			return total, fmt.Errorf("postgres: prune: %w", err)
		}
		total += n
		if last == "" {
			s.log.Info("pruned articles", "removed", total, "older_than", olderThan, "include_flagged", includeFlagged)
			return total, nil
		}
		after = last
	}
}

// pruneStep deletes, in one transaction, the articles Prune removes among
// the next pruneBatch candidates by id after after, and returns how many
// it deleted and the last id read ("" when there are no more). The
// fetched column (microseconds) picks the candidates; the doc's Fetched
// decides to the nanosecond.
func (s *Store) pruneStep(ctx context.Context, after string, olderThan time.Time, includeFlagged bool) (int, string, error) {
	var n int
	var last string
	err := s.writeArticles(ctx, func(tx pgx.Tx) error {
		n, last = 0, ""
		rows, err := tx.Query(ctx, `SELECT id, doc FROM articles
			WHERE fetched < $1 AND ($2 OR NOT flagged) AND id > $3 ORDER BY id LIMIT $4`,
			olderThan.Add(time.Microsecond), includeFlagged, after, pruneBatch)
		if err != nil {
			return err
		}
		var victims []string
		read := 0
		for rows.Next() {
			var id string
			var doc []byte
			if err := rows.Scan(&id, &doc); err != nil {
				rows.Close()
				return err
			}
			read, last = read+1, id
			var a struct {
				Fetched time.Time `json:"fetched"`
			}
			if err := json.Unmarshal(doc, &a); err != nil {
				rows.Close()
				return fmt.Errorf("decode article %s: %w", id, err)
			}
			if a.Fetched.Before(olderThan) {
				victims = append(victims, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if read < pruneBatch {
			last = ""
		}
		tag, err := tx.Exec(ctx, `DELETE FROM articles WHERE id = ANY($1)`, victims)
		n = int(tag.RowsAffected())
		return err
	})
	return n, last, err
}
