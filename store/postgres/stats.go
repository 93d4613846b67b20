package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// Stats counts feeds, articles and flags, in one snapshot. FileSize is
// the database's size on disk (pg_database_size).
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{FlagsByRule: map[string]int{}, FlagsByRuleDay: map[string]map[string]int{}}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM articles),
			(SELECT count(*) FROM articles WHERE flagged), pg_database_size(current_database())`).
			Scan(&st.Feeds, &st.Articles, &st.Flagged, &st.FileSize)
		if err != nil {
			return err
		}
		// A flag's day is the UTC day of its Flagged time in whole seconds,
		// as the bbolt file's per-rule index keeps it.
		rows, err := tx.Query(ctx, `SELECT rule, to_char(date_trunc('second', flagged) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)
			FROM flags GROUP BY rule, day`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rule, day string
			var n int
			if err := rows.Scan(&rule, &day, &n); err != nil {
				return err
			}
			if st.FlagsByRuleDay[rule] == nil {
				st.FlagsByRuleDay[rule] = map[string]int{}
			}
			st.FlagsByRuleDay[rule][day] += n
			st.FlagsByRule[rule] += n
		}
		return rows.Err()
	})
	if err != nil {
		return store.Stats{}, fmt.Errorf("postgres: stats: %w", err)
	}
	return st, nil
}
