package export

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// Cursor is where an incremental export (`newshound export --state`)
// ended: the flag log's sequence it read up to and when. The zero Cursor
// is that of a first run, as is any with a zero At.
type Cursor struct {
	// FlagLog is the last flag log sequence the export covered.
	FlagLog uint64 `json:"flag_log"`
	// At is when the export read the flag log.
	At time.Time `json:"at"`
	// Rule is the --rule the export was run with, "" for all rules.
	Rule string `json:"rule"`
}

// FlagLog is the store's flag log; *store.Store implements it.
type FlagLog interface {
	ReadFlagLog(ctx context.Context, after uint64, fn func(store.FlagEvent) error) (store.FlagLogRead, error)
}

// Resumed says how Resume narrowed an export.
type Resumed struct {
	// Next is the cursor to keep once the export's output is complete.
	Next Cursor
	// Stories is the number of stories newly flagged since the cursor
	// (before any other filter of the export).
	Stories int
	// Catchup is set when the export could not be narrowed to the flags
	// logged since the cursor: on a first run (a zero cursor) every
	// flagged story is exported, and when the flag log has been pruned
	// past the cursor (runs more than 8 days apart) every story flagged
	// since a minute before the cursor's time. A story flagged while such
	// an export runs may come again in the next one.
	Catchup string
}

// Catch-up reasons of Resumed.
const (
	CatchupFirst  = "first run"
	CatchupPruned = "flag log pruned"
)

// catchupMargin is how far before the cursor's time a catch-up export
// reaches, so that a flag stored by a transaction that began before the
// cursor's read and committed after it is not missed.
const catchupMargin = time.Minute

// Errors of Resume for a cursor that does not fit the export; each also
// matches ErrState.
var (
	// ErrState matches every error of a cursor that does not fit.
	ErrState = errors.New("export: the state does not fit this export")
	// ErrCursorAhead is the error of a cursor past the database's flag
	// log: it belongs to another database (or one restored from an older
	// backup).
	ErrCursorAhead = errors.New("export: the state is ahead of this database")
)

// stateError is an error of a cursor that does not fit; it matches
// ErrState, and ErrCursorAhead when it says so.
type stateError string

func (e stateError) Error() string { return string(e) }

func (e stateError) Is(target error) bool {
	return target == ErrState || (target == ErrCursorAhead && strings.HasPrefix(string(e), ErrCursorAhead.Error()))
}

// Resume narrows q to the stories flagged since cursor c was taken:
// those with a flag logged after c.FlagLog (of q's rule when set; see
// store.Store.ReadFlagLog), each exactly once across successive runs
// that each keep the previous run's Next. It reads the flag log before
// any story, so a flag stored during the export is left for the next.
// q must select flagged stories only, with c's rule.
func Resume(ctx context.Context, log FlagLog, q *Query, c Cursor, now time.Time) (Resumed, error) {
	if !q.Store.FlaggedOnly {
		return Resumed{}, stateError("export: --state follows flags, so it cannot be combined with --all; drop one of them")
	}
	if err := c.CheckRule(q.Store.Rule); err != nil {
		return Resumed{}, err
	}
	ids := map[string]bool{}
	read, err := log.ReadFlagLog(ctx, c.FlagLog, func(e store.FlagEvent) error {
		if q.Store.Rule == "" || e.Rule == q.Store.Rule {
			ids[e.Story] = true
		}
		return nil
	})
	if err != nil {
		return Resumed{}, fmt.Errorf("export: %w", err)
	}
	if read.Last < c.FlagLog {
		return Resumed{}, stateError(fmt.Sprintf("%s: it has exported up to flag %d, the database holds %d; remove the state file to export every flagged story again", ErrCursorAhead, c.FlagLog, read.Last))
	}
	r := Resumed{Next: Cursor{FlagLog: read.Last, At: now.UTC(), Rule: q.Store.Rule}, Stories: len(ids)}
	switch {
	case c.At.IsZero():
		r.Catchup = CatchupFirst
	case read.Gap:
		r.Catchup = CatchupPruned
		if from := c.At.Add(-catchupMargin); from.After(q.Since) {
			q.Since = from
		}
	default:
		q.Stories = ids
	}
	return r, nil
}

// CheckRule reports an error when c, taken by an earlier run, was taken
// for another rule than rule: its flags were read for that rule only.
func (c Cursor) CheckRule(rule string) error {
	if c.At.IsZero() || c.Rule == rule {
		return nil
	}
	return stateError(fmt.Sprintf("export: the state was kept for --rule %q, not %q; use another state file for this rule", c.Rule, rule))
}
