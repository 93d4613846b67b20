package crawler

import (
	"context"
	"errors"
	"net"
	"net/url"
	"slices"
	"time"

	"github.com/newshound/newshound/crawler/extract"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

// Observer receives the crawler's measurements, for metrics. Its methods
// are called from many goroutines at once and must return quickly.
type Observer interface {
	// PollStarted and PollDone bracket every PollFeed; r is its result.
	PollStarted()
	PollDone(r FeedResult)
	// FeedFetched follows every feed request, with one of the Outcome
	// constants and the request's duration.
	FeedFetched(outcome string, d time.Duration)
	// ArticleFetched follows every article page request.
	ArticleFetched(outcome string, d time.Duration)
	// ArticleExtracted follows every main-text extraction.
	ArticleExtracted(outcome string, d time.Duration)
}

// Outcomes passed to an Observer.
const (
	OutcomeOK          = "ok"
	OutcomeNotModified = "not_modified" // feeds only: 304 or an unchanged body
	OutcomeHTTPError   = "http_error"   // a status other than 2xx
	OutcomeTimeout     = "timeout"
	OutcomeRobots      = "robots" // refused by robots.txt, or robots.txt unavailable
	OutcomeTooLarge    = "too_large"
	OutcomeCanceled    = "canceled"
	OutcomeError       = "error" // anything else: DNS, refused address, parse, ...
)

// Outcome classifies err (nil is OutcomeOK) into one of the Outcome
// constants.
func Outcome(err error) string {
	var he *fetch.HTTPError
	var ne net.Error
	switch {
	case err == nil:
		return OutcomeOK
	case errors.Is(err, context.Canceled):
		return OutcomeCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return OutcomeTimeout
	case errors.As(err, &he):
		return OutcomeHTTPError
	case errors.Is(err, fetch.ErrRobots), errors.Is(err, fetch.ErrRobotsUnavailable):
		return OutcomeRobots
	case errors.Is(err, fetch.ErrBodyTooLarge):
		return OutcomeTooLarge
	}
	return OutcomeError
}

// observePoll reports the start of a poll and returns the function that
// reports its end; PollFeed defers it.
func (c *Crawler) observePoll(res *FeedResult) func() {
	o := c.opts.Observer
	if o == nil {
		return func() {}
	}
	o.PollStarted()
	return func() { o.PollDone(*res) }
}

// observedFetchFeed is the feed fetch, measured.
func (c *Crawler) observedFetchFeed(ctx context.Context, st store.Feed) (*fetch.FeedResponse, error) {
	start := time.Now()
	fr, err := c.fetch.Feed(ctx, st)
	if o := c.opts.Observer; o != nil {
		outcome := Outcome(err)
		if err == nil && fr.NotModified {
			outcome = OutcomeNotModified
		}
		o.FeedFetched(outcome, time.Since(start))
	}
	return fr, err
}

// observedFetchArticle is the article page fetch, measured.
func (c *Crawler) observedFetchArticle(ctx context.Context, rawURL string) (*fetch.Page, error) {
	start := time.Now()
	p, err := c.fetch.Page(ctx, rawURL)
	if o := c.opts.Observer; o != nil {
		o.ArticleFetched(Outcome(err), time.Since(start))
	}
	return p, err
}

// observedExtract is the main-text extraction, measured.
func (c *Crawler) observedExtract(ctx context.Context, body []byte, contentType string, pageURL *url.URL) (*extract.Result, error) {
	start := time.Now()
	r, err := c.extractor.Extract(ctx, body, contentType, pageURL)
	if o := c.opts.Observer; o != nil {
		o.ArticleExtracted(Outcome(err), time.Since(start))
	}
	return r, err
}

// FlagObserver is an Observer that also hears of every story newly
// flagged: `crawl` lists them in its summary and the daemon logs each.
// Crawler calls StoryFlagged, from many goroutines at once, once per rule
// after the article is saved: a new article with its flags, or a stored
// one fetched again on retry with the rules that flag it for the first
// time. It must return quickly and must not change a.
type FlagObserver interface {
	Observer
	StoryFlagged(a *store.Article, rule string)
}

// observeFlags tells the Observer, when it is a FlagObserver, of the
// flags of a that are not among old (by rule).
func (c *Crawler) observeFlags(a *store.Article, old []store.Flag) {
	fo, ok := c.opts.Observer.(FlagObserver)
	if !ok {
		return
	}
	for _, f := range a.Flags {
		if !slices.ContainsFunc(old, func(o store.Flag) bool { return o.Rule == f.Rule }) {
			fo.StoryFlagged(a, f.Rule)
		}
	}
}
