package store

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors returned (wrapped) by the store. Test for them with
// errors.Is; the wrapping error carries the file and a sentence for people.
var (
	// ErrNotFound is returned when a feed or article is not stored.
	ErrNotFound = errors.New("not found")
	// ErrLocked is returned by Open when another process holds the
	// database file; the error names the file and tells the user to stop
	// that process or go through its HTTP API.
	ErrLocked = errors.New("database locked")
	// ErrCorrupt is returned when the database file is damaged, truncated
	// or not a bbolt file at all, and by Check when it finds damage.
	ErrCorrupt = errors.New("database corrupt")
	// ErrSchema is returned by Open when the file was written by a newer
	// newshound (a schema version this build does not know) or is a bbolt
	// file of some other program.
	ErrSchema = errors.New("unknown schema version")
	// ErrBadCursor is returned when Query.After is not a cursor returned by
	// ArticlesPage.
	ErrBadCursor = errors.New("bad cursor")
	// ErrAmbiguous is returned by ResolveArticle when an id prefix is
	// shared by several stored stories; the error says how many.
	ErrAmbiguous = errors.New("ambiguous story reference")
)

// wrapf wraps err with the package prefix and context, unless err is
// already a finished sentence for people (ErrCorrupt and its kin), which
// it returns unchanged.
func wrapf(err error, format string, args ...any) error {
	if se := (*sentenceError)(nil); errors.As(err, &se) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// sentenceError is an error whose message is one finished sentence for a
// person, while errors.Is still finds the sentinel and the low-level cause.
type sentenceError struct {
	msg      string
	sentinel error
	cause    error
}

func (e *sentenceError) Error() string { return e.msg }

func (e *sentenceError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.sentinel}
	}
	return []error{e.sentinel, e.cause}
}

// checkHint ends the ErrCorrupt sentences of Open and of reads, pointing
// to the command that lists the damage. CheckFile, which is that command,
// reports its errors without it (see withoutCheckHint).
const checkHint = ", or run `newshound db check` to see the damage"

// withoutCheckHint returns err without checkHint, for errors reported by
// the check itself: telling a user of `newshound db check` to run it is
// no help. Other errors are returned unchanged.
func withoutCheckHint(err error) error {
	se, ok := err.(*sentenceError)
	if !ok || !strings.HasSuffix(se.msg, checkHint) {
		return err
	}
	c := *se
	c.msg = strings.TrimSuffix(se.msg, checkHint)
	return &c
}
