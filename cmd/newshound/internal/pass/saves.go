package pass

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"syscall"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
)

// Writer is what the crawler writes to the database through.
type Writer interface {
	PutFeed(ctx context.Context, f store.Feed) error
	PutArticle(ctx context.Context, a *store.Article) error
	AddArticle(ctx context.Context, a *store.Article) (bool, error)
	AddSource(ctx context.Context, id string, f store.FeedRef) error
	PutRetry(ctx context.Context, r store.Retry) error
	DeleteRetry(ctx context.Context, id string) error
}

// Saves is the crawler's store during `crawl`: the database, with
// its writes going through w and every failed write or read counted, so
// that the summary tells and the exit status shows when the pass stored
// less than it fetched (a full disk, a damaged file).
type Saves struct {
	store.Backend
	w Writer // the Store itself, unless NewSavesWith

	mu    sync.Mutex
	saves int   // failed writes
	reads int   // failed reads
	first error // the first failure
	full  error // the first failure for lack of space, if any
}

var (
	_ crawler.Store      = (*Saves)(nil)
	_ crawler.RetryStore = (*Saves)(nil)
)

// NewSaves returns the crawler's store over st for one pass.
func NewSaves(st store.Backend) *Saves { return &Saves{Backend: st, w: st} }

// NewSavesWith is NewSaves with the writes going through w instead of st:
// a disk that fails, in tests.
func NewSavesWith(st store.Backend, w Writer) *Saves { return &Saves{Backend: st, w: w} }

// note counts err, a failed write when write, unless it is nil or the
// pass was cancelled.
func (s *Saves) note(ctx context.Context, err error, write bool) error {
	if err == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ctx.Err() != nil {
		return err // interrupted: crawl says so
	}
	if write {
		s.saves++
	} else {
		s.reads++
	}
	if s.first == nil {
		s.first = err
	}
	if s.full == nil && errors.Is(err, syscall.ENOSPC) {
		s.full = err
	}
	return err
}

// PutFeed is the Store's, counting a failure.
func (s *Saves) PutFeed(ctx context.Context, f store.Feed) error {
	return s.note(ctx, s.w.PutFeed(ctx, f), true)
}

// PutArticle is the Store's, counting a failure.
func (s *Saves) PutArticle(ctx context.Context, a *store.Article) error {
	return s.note(ctx, s.w.PutArticle(ctx, a), true)
}

// AddArticle is the Store's, counting a failure.
func (s *Saves) AddArticle(ctx context.Context, a *store.Article) (bool, error) {
	added, err := s.w.AddArticle(ctx, a)
	return added, s.note(ctx, err, true)
}

// AddSource is the Store's, counting a failure.
func (s *Saves) AddSource(ctx context.Context, id string, f store.FeedRef) error {
	return s.note(ctx, s.w.AddSource(ctx, id, f), true)
}

// PutRetry is the Store's, counting a failure.
func (s *Saves) PutRetry(ctx context.Context, r store.Retry) error {
	return s.note(ctx, s.w.PutRetry(ctx, r), true)
}

// DeleteRetry is the Store's, counting a failure.
func (s *Saves) DeleteRetry(ctx context.Context, id string) error {
	return s.note(ctx, s.w.DeleteRetry(ctx, id), true)
}

// Feed is the Store's, counting a failure.
func (s *Saves) Feed(ctx context.Context, url string) (store.Feed, error) {
	f, err := s.Backend.Feed(ctx, url)
	if errors.Is(err, store.ErrNotFound) {
		return f, err // a new feed
	}
	return f, s.note(ctx, err, false)
}

// HasArticle is the Store's, counting a failure.
func (s *Saves) HasArticle(ctx context.Context, id string) (bool, error) {
	has, err := s.Backend.HasArticle(ctx, id)
	return has, s.note(ctx, err, false)
}

// Article is the Store's, counting a failure.
func (s *Saves) Article(ctx context.Context, id string) (*store.Article, error) {
	a, err := s.Backend.Article(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return a, err
	}
	return a, s.note(ctx, err, false)
}

// DueRetries is the Store's, counting a failure.
func (s *Saves) DueRetries(ctx context.Context, now time.Time, limit int) ([]store.Retry, error) {
	rs, err := s.Backend.DueRetries(ctx, now, limit)
	return rs, s.note(ctx, err, false)
}

// Write writes the summary's database line, when something failed.
func (s *Saves) Write(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.saves+s.reads > 0 {
		fmt.Fprintf(w, "database: %d saves failed, %d reads failed; the first: %v\n", s.saves, s.reads, s.first)
	}
}

// Err is the pass's error when the database failed it: one sentence
// saying the disk is full and what to do when a write lacked space.
func (s *Saves) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.full != nil:
		return fmt.Errorf("crawl: %d saves failed: %w", s.saves, store.DiskFullError(dbfile.Where(s.Backend), s.full))
	case s.saves+s.reads > 0 && errors.Is(s.first, store.ErrCorrupt):
		return fmt.Errorf("crawl: %d saves and %d reads failed, so some stories were not stored: %w", s.saves, s.reads, s.first)
	case s.saves+s.reads > 0:
		return fmt.Errorf("crawl: %d saves and %d reads failed, so some stories were not stored (the first: %w); run `newshound db check` to look for damage in %s", s.saves, s.reads, s.first, dbfile.Where(s.Backend))
	}
	return nil
}
