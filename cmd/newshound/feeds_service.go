package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/store"
)

// feedService is what `newshound feeds` needs: the database itself
// (localFeeds), or the running daemon's API when the daemon holds the
// database (daemonFeeds).
type feedService interface {
	List(ctx context.Context) ([]feedRow, error)
	Add(ctx context.Context, req addRequest) (addResult, error)
	Remove(ctx context.Context, url string) (removeResult, error)
	Import(ctx context.Context, feeds []opml.Feed) (importReport, error)
}

// addRequest is `feeds add URL [--name NAME]`: URL may be the feed or a
// page of the site, whose feed is discovered.
type addRequest struct {
	URL  string `json:"url"`
	Name string `json:"name,omitempty"`
}

// addResult is the feed added.
type addResult struct {
	URL    string   `json:"url"`
	Title  string   `json:"title,omitempty"`
	Items  int      `json:"items"`
	Via    string   `json:"via"`
	Others []string `json:"others,omitempty"`
}

// errFeedInput marks an address that is not usable; the API answers 400.
var errFeedInput = errors.New("unusable feed address")

// feedError is a sentence for the user that errors.Is still classifies.
type feedError struct {
	msg  string
	kind error
}

func (e *feedError) Error() string { return e.msg }
func (e *feedError) Unwrap() error { return e.kind }

func feedErrorf(kind error, format string, args ...any) error {
	return &feedError{msg: fmt.Sprintf(format, args...), kind: kind}
}

// localFeeds edits the feed list in the database directly.
type localFeeds struct {
	book   feedBook
	finder *discover.Finder
	now    func() time.Time
}

func (l localFeeds) List(ctx context.Context) ([]feedRow, error) { return l.book.rows(ctx) }

func (l localFeeds) Remove(ctx context.Context, url string) (removeResult, error) {
	return l.book.remove(ctx, url)
}

func (l localFeeds) Import(ctx context.Context, feeds []opml.Feed) (importReport, error) {
	return l.book.importFeeds(ctx, feeds, l.now())
}

// Add finds the feed at or behind req.URL, checks that a crawl can read
// it, and stores it, unless it is polled already.
func (l localFeeds) Add(ctx context.Context, req addRequest) (addResult, error) {
	if err := config.CheckFeedURL(req.URL); err != nil {
		return addResult{}, feedErrorf(errFeedInput, "feeds add: the address %s", err)
	}
	subs, err := l.book.st.Subscriptions(ctx)
	if err != nil {
		return addResult{}, err
	}
	if why := l.book.present(req.URL, subs); why != "" {
		return addResult{}, feedErrorf(errFeedConflict, "feeds add: %s", why)
	}
	res, err := l.finder.Find(ctx, req.URL)
	if err != nil {
		return addResult{}, &feedError{msg: "feeds add: " + err.Error(), kind: errFeedInput}
	}
	sub := store.Subscription{URL: res.URL, Name: req.Name, Added: l.now()}
	if err := l.book.add(ctx, sub); err != nil {
		return addResult{}, err
	}
	return addResult{URL: res.URL, Title: res.Title, Items: res.Items, Via: res.Via, Others: res.Others}, nil
}
