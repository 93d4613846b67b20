package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
)

// feedBook is the list of feeds newshound polls: config.yaml's feeds and
// the feeds added by command (store subscriptions). For a URL in both,
// config.yaml wins: its name and interval apply, and `feeds remove` cannot
// drop it (the file must be edited).
type feedBook struct {
	cfg *config.Config
	st  *store.Store
}

// Errors of the feed book; the API maps them to 404 and 409.
var (
	errFeedUnknown  = errors.New("unknown feed")
	errFeedConflict = errors.New("feed conflict")
)

// specs returns the feeds to poll: config.yaml's in file order, then the
// added ones not in it, by URL.
func (b feedBook) specs(ctx context.Context) ([]crawler.FeedSpec, error) {
	subs, err := b.st.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	return unionSpecs(b.cfg, subs), nil
}

// unionSpecs merges configured and added feeds, config.yaml winning.
func unionSpecs(cfg *config.Config, subs []store.Subscription) []crawler.FeedSpec {
	specs := feedSpecs(cfg)
	inCfg := make(map[string]bool, len(specs))
	for _, s := range specs {
		inCfg[s.URL] = true
	}
	for _, s := range subs {
		if !inCfg[s.URL] {
			specs = append(specs, crawler.FeedSpec{URL: s.URL, Name: s.Name, Interval: s.Interval})
		}
	}
	return specs
}

// configFeed returns the index of url in config.yaml's feeds, or -1.
func (b feedBook) configFeed(url string) int {
	for i, f := range b.cfg.Feeds {
		if f.URL == url {
			return i
		}
	}
	return -1
}

// present says why url is already polled, or "" when it is not.
func (b feedBook) present(url string, subs []store.Subscription) string {
	if i := b.configFeed(url); i >= 0 {
		return fmt.Sprintf("%s is already in %s (feeds[%d], counted from 1 as config check does)", url, b.cfg.File, i+1)
	}
	for _, s := range subs {
		if s.URL == url {
			return fmt.Sprintf("%s was already added on %s", url, s.Added.Format(time.DateOnly))
		}
	}
	return ""
}

// add stores a subscription, refusing a URL already polled.
func (b feedBook) add(ctx context.Context, sub store.Subscription) error {
	subs, err := b.st.Subscriptions(ctx)
	if err != nil {
		return err
	}
	if why := b.present(sub.URL, subs); why != "" {
		return feedErrorf(errFeedConflict, "feeds add: %s", why)
	}
	added, err := b.st.AddSubscriptions(ctx, []store.Subscription{sub})
	if err != nil {
		return err
	}
	if len(added) == 0 { // added meanwhile by another caller
		return feedErrorf(errFeedConflict, "feeds add: %s was added meanwhile by another command", sub.URL)
	}
	return nil
}

// removeResult says what `feeds remove` did.
type removeResult struct {
	URL string `json:"url"`
	// StillInConfig: the added feed was removed, but the URL stays polled
	// because config.yaml lists it too.
	StillInConfig bool `json:"still_in_config"`
}

// remove drops an added feed; a feed only in config.yaml is refused with
// the fix.
func (b feedBook) remove(ctx context.Context, url string) (removeResult, error) {
	i := b.configFeed(url)
	err := b.st.DeleteSubscription(ctx, url)
	switch {
	case errors.Is(err, store.ErrNotFound) && i >= 0:
		return removeResult{}, feedErrorf(errFeedConflict, "feeds remove: %s is listed in %s (feeds[%d], counted from 1): delete it there, then reload the daemon (kill -HUP PID, or POST /-/reload)",
			url, b.cfg.File, i+1)
	case errors.Is(err, store.ErrNotFound):
		return removeResult{}, feedErrorf(errFeedUnknown, "feeds remove: newshound does not poll %s (see `newshound feeds list` for the exact URL)", url)
	case err != nil:
		return removeResult{}, err
	}
	return removeResult{URL: url, StillInConfig: i >= 0}, nil
}

// importReport says what `feeds import` did.
type importReport struct {
	// Added are the URLs added, in document order.
	Added []string `json:"added"`
	// Present counts the feeds already polled (or listed twice).
	Present int `json:"present"`
	// Invalid are the entries refused, one sentence each.
	Invalid []string `json:"invalid,omitempty"`
}

// importFeeds adds every feed of an OPML list not yet polled, in one
// transaction. Feeds are not fetched: an OPML list names feeds, not pages.
func (b feedBook) importFeeds(ctx context.Context, feeds []opml.Feed, now time.Time) (importReport, error) {
	subs, err := b.st.Subscriptions(ctx)
	if err != nil {
		return importReport{}, err
	}
	rep := importReport{Added: []string{}}
	seen := map[string]bool{}
	var todo []store.Subscription
	for _, f := range feeds {
		if err := config.CheckFeedURL(f.URL); err != nil {
			rep.Invalid = append(rep.Invalid, fmt.Sprintf("%q (%s): %s", f.Title, f.URL, err))
			continue
		}
		if seen[f.URL] || b.present(f.URL, subs) != "" {
			rep.Present++
			continue
		}
		seen[f.URL] = true
		todo = append(todo, store.Subscription{URL: f.URL, Name: f.Title, Added: now})
	}
	added, err := b.st.AddSubscriptions(ctx, todo)
	if err != nil {
		return importReport{}, err
	}
	rep.Added = append(rep.Added, added...)
	rep.Present += len(todo) - len(added)
	return rep, nil
}
