package store

import "errors"

// Sentinel errors returned (wrapped) by the store. Test for them with
// errors.Is; the wrapping error carries the file and a sentence for people.
var (
	// ErrNotFound is returned when a feed or article is not stored.
	ErrNotFound = errors.New("store: not found")
	// ErrLocked is returned by Open when another process holds the
	// database file; the error names the file and tells the user to stop
	// that process or go through its HTTP API.
	ErrLocked = errors.New("store: database locked")
	// ErrCorrupt is returned when the database file is damaged, truncated
	// or not a bbolt file at all, and by Check when it finds damage.
	ErrCorrupt = errors.New("store: database corrupt")
	// ErrSchema is returned by Open when the file was written by a newer
	// newshound (a schema version this build does not know) or is a bbolt
	// file of some other program.
	ErrSchema = errors.New("store: unknown schema")
	// ErrBadCursor is returned when Query.After is not a cursor returned by
	// ArticlesPage.
	ErrBadCursor = errors.New("store: bad cursor")
)

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
