// Package feeds is the feed book of newshound: the feeds it polls, those
// of config.yaml merged with those added by command or API (stored in the
// database), their state as rows for a person, and the edits of the list
// (add with discovery, remove, import from OPML). Service is the one view
// of it the commands and the API use, on the database itself (Local) or
// through a running daemon.
package feeds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/store"
)

// Service is what `newshound feeds` needs: the database itself
// (Local), or the running daemon's API when the daemon holds the
// database (a client of its API).
type Service interface {
	List(ctx context.Context) ([]Row, error)
	Add(ctx context.Context, req AddRequest) (AddResult, error)
	Remove(ctx context.Context, url string) (RemoveResult, error)
	Import(ctx context.Context, feeds []opml.Feed) (ImportReport, error)
}

// AddRequest is `feeds add URL [--name NAME]`: URL may be the feed or a
// page of the site, whose feed is discovered.
type AddRequest struct {
	URL  string `json:"url"`
	Name string `json:"name,omitempty"`
}

// AddResult is the feed added.
type AddResult struct {
	URL    string   `json:"url"`
	Title  string   `json:"title,omitempty"`
	Items  int      `json:"items"`
	Via    string   `json:"via"`
	Others []string `json:"others,omitempty"`
}

// ErrInput marks an address that is not usable; the API answers 400.
var ErrInput = errors.New("unusable feed address")

// Error is a sentence for the user that errors.Is still classifies.
type Error struct {
	msg  string
	kind error
}

// Error returns the sentence.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the kind (ErrInput, ErrConflict, ErrUnknown).
func (e *Error) Unwrap() error { return e.kind }

// Errorf returns an Error of kind with the formatted sentence.
func Errorf(kind error, format string, args ...any) error {
	return &Error{msg: fmt.Sprintf(format, args...), kind: kind}
}

// Local edits the feed list in the database directly.
type Local struct {
	Book   Book
	Finder *discover.Finder
	Now    func() time.Time
}

// List returns a row for every feed polled.
func (l Local) List(ctx context.Context) ([]Row, error) { return l.Book.rows(ctx) }

// Remove removes the feed added by command at url.
func (l Local) Remove(ctx context.Context, url string) (RemoveResult, error) {
	return l.Book.remove(ctx, url)
}

// Import adds the feeds of an OPML list.
func (l Local) Import(ctx context.Context, feeds []opml.Feed) (ImportReport, error) {
	return l.Book.importFeeds(ctx, feeds, l.Now())
}

// Add finds the feed at or behind req.URL, checks that a crawl can read
// it, and stores it, unless it is polled already.
func (l Local) Add(ctx context.Context, req AddRequest) (AddResult, error) {
	if err := config.CheckFeedURL(req.URL); err != nil {
		return AddResult{}, Errorf(ErrInput, "feeds add: the address %s", err)
	}
	subs, err := l.Book.Store.Subscriptions(ctx)
	if err != nil {
		return AddResult{}, err
	}
	if why := l.Book.present(req.URL, subs); why != "" {
		return AddResult{}, Errorf(ErrConflict, "feeds add: %s", why)
	}
	res, err := l.Finder.Find(ctx, req.URL)
	if err != nil {
		return AddResult{}, &Error{msg: "feeds add: " + err.Error(), kind: ErrInput}
	}
	sub := store.Subscription{URL: res.URL, Name: req.Name, Added: l.Now()}
	if err := l.Book.add(ctx, sub); err != nil {
		return AddResult{}, err
	}
	return AddResult{URL: res.URL, Title: res.Title, Items: res.Items, Via: res.Via, Others: res.Others}, nil
}

// OPML lists every feed svc polls as OPML outlines, with the configured
// name, else the feed's title.
func OPML(ctx context.Context, svc Service) ([]opml.Feed, error) {
	rows, err := svc.List(ctx)
	if err != nil {
		return nil, err
	}
	list := make([]opml.Feed, len(rows))
	for i, r := range rows {
		list[i] = opml.Feed{URL: r.URL, Title: cmp.Or(r.Name, r.Title)}
	}
	return list, nil
}
