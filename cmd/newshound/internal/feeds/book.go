package feeds

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

// Book is the list of feeds newshound polls: config.yaml's feeds and
// the feeds added by command (store subscriptions). For a URL in both,
// config.yaml wins: its name and interval apply, and `feeds remove` cannot
// drop it (the file must be edited).
type Book struct {
	Config *config.Config
	Store  Store
}

// Store is what the feed book reads and changes: the added feeds and the
// stored feeds' state. store.Backend has it.
type Store interface {
	Subscriptions(ctx context.Context) ([]store.Subscription, error)
	AddSubscriptions(ctx context.Context, subs []store.Subscription) ([]string, error)
	DeleteSubscription(ctx context.Context, url string) error
	Feed(ctx context.Context, url string) (store.Feed, error)
}

var _ Store = store.Backend(nil)

// Errors of the feed book; the API maps them to 404 and 409.
var (
	ErrUnknown  = errors.New("unknown feed")
	ErrConflict = errors.New("feed conflict")
)

// Specs returns the feeds to poll: config.yaml's in file order, then the
// added ones not in it, by URL.
func (b Book) Specs(ctx context.Context) ([]crawler.FeedSpec, error) {
	subs, err := b.Store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	return unionSpecs(b.Config, subs), nil
}

// unionSpecs merges configured and added feeds, config.yaml winning.
func unionSpecs(cfg *config.Config, subs []store.Subscription) []crawler.FeedSpec {
	specs := configSpecs(cfg)
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
func (b Book) configFeed(url string) int {
	for i, f := range b.Config.Feeds {
		if f.URL == url {
			return i
		}
	}
	return -1
}

// present says why url is already polled, or "" when it is not.
func (b Book) present(url string, subs []store.Subscription) string {
	if i := b.configFeed(url); i >= 0 {
		return fmt.Sprintf("%s is already in %s (feeds[%d], counted from 1 as config check does)", url, b.Config.File, i+1)
	}
	for _, s := range subs {
		if s.URL == url {
			return fmt.Sprintf("%s was already added on %s", url, s.Added.Format(time.DateOnly))
		}
	}
	return ""
}

// add stores a subscription, refusing a URL already polled.
func (b Book) add(ctx context.Context, sub store.Subscription) error {
	subs, err := b.Store.Subscriptions(ctx)
	if err != nil {
		return err
	}
	if why := b.present(sub.URL, subs); why != "" {
		return Errorf(ErrConflict, "feeds add: %s", why)
	}
	added, err := b.Store.AddSubscriptions(ctx, []store.Subscription{sub})
	if err != nil {
		return err
	}
	if len(added) == 0 { // added meanwhile by another caller
		return Errorf(ErrConflict, "feeds add: %s was added meanwhile by another command", sub.URL)
	}
	return nil
}

// RemoveResult says what `feeds remove` did.
type RemoveResult struct {
	URL string `json:"url"`
	// StillInConfig: the added feed was removed, but the URL stays polled
	// because config.yaml lists it too.
	StillInConfig bool `json:"still_in_config"`
}

// remove drops an added feed; a feed only in config.yaml is refused with
// the fix.
func (b Book) remove(ctx context.Context, url string) (RemoveResult, error) {
	i := b.configFeed(url)
	err := b.Store.DeleteSubscription(ctx, url)
	switch {
	case errors.Is(err, store.ErrNotFound) && i >= 0:
		return RemoveResult{}, Errorf(ErrConflict, "feeds remove: %s is listed in %s (feeds[%d], counted from 1): delete it there, then reload the daemon (kill -HUP PID, or POST /-/reload)",
			url, b.Config.File, i+1)
	case errors.Is(err, store.ErrNotFound):
		return RemoveResult{}, Errorf(ErrUnknown, "feeds remove: newshound does not poll %s (see `newshound feeds list` for the exact URL)", url)
	case err != nil:
		return RemoveResult{}, err
	}
	return RemoveResult{URL: url, StillInConfig: i >= 0}, nil
}

// ImportReport says what `feeds import` did.
type ImportReport struct {
	// Added are the URLs added, in document order.
	Added []string `json:"added"`
	// Present counts the feeds already polled (or listed twice).
	Present int `json:"present"`
	// Invalid are the entries refused, one sentence each.
	Invalid []string `json:"invalid,omitempty"`
}

// importFeeds adds every feed of an OPML list not yet polled, in one
// transaction. Feeds are not fetched: an OPML list names feeds, not pages.
func (b Book) importFeeds(ctx context.Context, feeds []opml.Feed, now time.Time) (ImportReport, error) {
	subs, err := b.Store.Subscriptions(ctx)
	if err != nil {
		return ImportReport{}, err
	}
	rep := ImportReport{Added: []string{}}
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
	added, err := b.Store.AddSubscriptions(ctx, todo)
	if err != nil {
		return ImportReport{}, err
	}
	rep.Added = append(rep.Added, added...)
	rep.Present += len(todo) - len(added)
	return rep, nil
}

// configSpecs returns config.yaml's feeds, in file order.
func configSpecs(cfg *config.Config) []crawler.FeedSpec {
	specs := make([]crawler.FeedSpec, len(cfg.Feeds))
	for i, f := range cfg.Feeds {
		specs[i] = crawler.FeedSpec{URL: f.URL, Name: f.Name, Interval: f.Interval.D()}
	}
	return specs
}
