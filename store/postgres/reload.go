package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ReloadChannel is the LISTEN/NOTIFY channel on which a process that
// reloaded its configuration (SIGHUP, POST /-/reload, a changed file)
// tells the others sharing its database to reload theirs.
const ReloadChannel = "newshound_reload"

// Reloader passes configuration reloads between the processes of one
// database over ReloadChannel. Each Reloader has its own id, sent with
// its notices, so that it does not hear itself. It is safe for
// concurrent use.
type Reloader struct {
	pool *pgxpool.Pool
	log  *slog.Logger
	id   string
}

// NewReloader returns a Reloader on the database of s.
func NewReloader(s *Store) *Reloader {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &Reloader{pool: s.pool, log: s.log.With("component", "reload"), id: hex.EncodeToString(b[:])}
}

// Notify tells every other process listening on the database to reload.
// PostgreSQL delivers it when the caller's transaction commits, to the
// processes listening then; one that is not (its connection being
// re-established) reloads when it listens again (see Listen).
func (r *Reloader) Notify(ctx context.Context) error {
	if _, err := r.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, ReloadChannel, r.id); err != nil {
		return fmt.Errorf("postgres: tell the other processes to reload: %w", err)
	}
	return nil
}

// Listen calls fn for each Notify of another Reloader, one call at a
// time, until ctx is cancelled; then it returns nil. It listens on a
// connection of its own; when that is lost it connects again (after
// retry, doubling up to a minute) and calls fn once, since a notice may
// have been sent meanwhile. ready, if not nil, is closed once the first
// LISTEN is in place.
func (r *Reloader) Listen(ctx context.Context, ready chan<- struct{}, fn func()) error {
	wait, missed := time.Second, false
	for {
		err := r.listen(ctx, &ready, missed, fn)
		if ctx.Err() != nil {
			return nil
		}
		r.log.Warn("reload notices not heard, listening again", "error", err, "retry", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		wait, missed = min(2*wait, time.Minute), true
	}
}

// listen is one connection's LISTEN: it returns the error that ended it.
func (r *Reloader) listen(ctx context.Context, ready *chan<- struct{}, missed bool, fn func()) error {
	pc, err := r.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	conn := pc.Hijack() // LISTEN lives on the connection: keep it out of the pool
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN `+ReloadChannel); err != nil {
		return err
	}
	if *ready != nil {
		close(*ready)
		*ready = nil
	}
	if missed {
		fn()
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Payload != r.id {
			fn()
		}
	}
}
