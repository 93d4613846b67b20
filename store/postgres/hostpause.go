package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// PutHostPause stores p, unless the host is already paused until later
// than p.Until (a pause is never shortened). Pauses over at p.Since are
// removed in the same transaction, which holds the table against other
// writers so that concurrent pauses of one host keep the longest.
func (s *Store) PutHostPause(ctx context.Context, p store.HostPause) error {
	if p.Host == "" {
		return errors.New("postgres: put host pause: the pause has no host")
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("postgres: put host pause %s: %w", p.Host, err)
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE host_pauses IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT host, doc FROM host_pauses`)
		if err != nil {
			return err
		}
		var stale []string
		keep := false
		for rows.Next() {
			var host string
			var raw []byte
			if err := rows.Scan(&host, &raw); err != nil {
				return err
			}
			var old store.HostPause
			if err := json.Unmarshal(raw, &old); err != nil || !old.Until.After(p.Since) {
				stale = append(stale, host)
				continue
			}
			if host == p.Host && !p.Until.After(old.Until) {
				keep = true
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(stale) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM host_pauses WHERE host = ANY($1)`, stale); err != nil {
				return err
			}
		}
		if keep {
			return nil
		}
		sec, nsec := secNsec(p.Until)
		_, err = tx.Exec(ctx, `INSERT INTO host_pauses (host, until_sec, until_nsec, doc) VALUES ($1, $2, $3, $4)
			ON CONFLICT (host) DO UPDATE SET until_sec = excluded.until_sec, until_nsec = excluded.until_nsec, doc = excluded.doc`,
			p.Host, sec, nsec, doc)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: put host pause %s: %w", p.Host, err)
	}
	return nil
}

// HostPauses returns the pauses still running at now, by host. A record
// that does not decode is skipped (a pause is a courtesy, not data).
func (s *Store) HostPauses(ctx context.Context, now time.Time) ([]store.HostPause, error) {
	sec, nsec := secNsec(now)
	rows, err := s.pool.Query(ctx, `SELECT host, doc FROM host_pauses
		WHERE (until_sec, until_nsec) > ($1, $2) ORDER BY host`, sec, nsec)
	if err != nil {
		return nil, fmt.Errorf("postgres: host pauses: %w", err)
	}
	defer rows.Close()
	var out []store.HostPause
	for rows.Next() {
		var host string
		var raw []byte
		if err := rows.Scan(&host, &raw); err != nil {
			return nil, fmt.Errorf("postgres: host pauses: %w", err)
		}
		var p store.HostPause
		if err := json.Unmarshal(raw, &p); err != nil {
			s.log.Warn("host pause record skipped", "host", host, "error", err)
			continue
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: host pauses: %w", err)
	}
	return out, nil
}
