package crawler

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

// FeedResult is the outcome of polling one feed.
type FeedResult struct {
	// URL and Title identify the feed; Title is the feed's own title, or
	// the configured name when the feed has none.
	URL   string
	Title string
	// Err is why the feed could not be fetched or parsed; nil on success.
	Err error
	// Class is Err's class; "" on success.
	Class fetch.ErrorClass
	// RetryAfter is how long the server asked us to wait (Retry-After on
	// a 429 or 503, or the rest of its host's pause); zero when it did
	// not ask.
	RetryAfter time.Duration
	// NotModified is true when the server answered 304 or sent the same
	// body as last time: nothing was parsed and no article fetched.
	NotModified bool
	// Items is the number of items in the feed.
	Items int
	// New counts articles stored for the first time.
	New int
	// ArticleErrors counts new articles whose page could not be fetched
	// or extracted (their feed text was kept and the error recorded).
	ArticleErrors int
	// Flagged counts newly flagged articles by rule.
	Flagged map[string]int
	// HandedOff counts new items whose article host another process
	// owns: they were queued for it (see Coordinator).
	HandedOff int
	// Elsewhere is true when Crawl left the feed alone because another
	// process of the database owns its host (see Coordinator): nothing
	// was fetched, and that process polls the feed on its schedule. It
	// is not a failure: Err is nil.
	Elsewhere bool
	// ErrorCount is the feed's count of consecutive failures after this
	// poll; zero after a success.
	ErrorCount int
	// State is the feed's stored state after the poll (error class and
	// score, broken mark, publishing rate, requested interval). The
	// schedule.Scheduler adds Interval and NextDue to it.
	State store.Feed
	// Duration is the wall time of the poll.
	Duration time.Duration
}

// PollFeed runs the pipeline for one feed: a conditional fetch, then for
// every item not yet stored its article fetch, extraction, rules and
// store. The feed's state (validators, last fetch, error class and score,
// broken mark, item dates, requested interval) is saved; validators only
// once every item is stored, so an interrupted poll is repeated in full
// next time.
func (c *Crawler) PollFeed(ctx context.Context, spec FeedSpec) FeedResult {
	start := c.now()
	res := FeedResult{URL: spec.URL, Title: spec.Name, Flagged: map[string]int{}}
	defer c.observePoll(&res)()
	defer func() { res.Duration = time.Since(start) }()
	log := c.log.With("feed_url", spec.URL)

	st, err := c.store.Feed(ctx, spec.URL)
	if errors.Is(err, store.ErrNotFound) {
		st, err = store.Feed{URL: spec.URL}, nil
	}
	if err != nil {
		res.Err = err
		return res
	}
	if st.Title != "" {
		res.Title = st.Title
	}
	st.LastFetch = start
	fr, err := c.observedFetchFeed(ctx, st)
	var feed *gofeed.Feed
	if err == nil && !fr.NotModified {
		var repaired error
		feed, repaired, err = fetch.Parse(fr.Body, spec.URL, c.opts.MaxFeedItems)
		if repaired != nil {
			log.Warn("feed read only after repair", "error", repaired)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			res.Err = ctx.Err()
			return res
		}
		c.recordFailure(&st, &res, err, start, log)
		res.State = st
		if perr := c.store.PutFeed(ctx, st); perr != nil {
			res.Err = errors.Join(err, perr)
		}
		return res
	}
	recordSuccess(&st, start, log)
	st.Requested = max(st.TTL, fr.CacheFor)
	if fr.NotModified {
		res.NotModified = true
		if fr.ETag != "" {
			st.ETag = fr.ETag
		}
		if fr.LastModified != "" {
			st.LastModified = fr.LastModified
		}
		st.EntriesPerDay = entriesPerDay(st.ItemTimes, start)
		log.Debug("feed not modified")
		res.State = st
		res.Err = c.store.PutFeed(ctx, st)
		return res
	}
	st.TTL = fetch.BodyHint(feed, fr.Body)
	st.Requested = max(st.TTL, fr.CacheFor)
	st.ItemTimes = mergeItemTimes(st.ItemTimes, feed.Items, start)
	st.EntriesPerDay = entriesPerDay(st.ItemTimes, start)
	if feed.Title != "" {
		st.Title, res.Title = feed.Title, feed.Title
	}
	if res.Title == "" {
		res.Title = spec.Name
	}
	res.Items = len(feed.Items)
	ref := store.FeedRef{URL: spec.URL, Title: res.Title}
	complete := c.processItems(ctx, ref, feed.Items, &res)
	if complete {
		st.ETag, st.LastModified, st.BodyHash = fr.ETag, fr.LastModified, fr.Hash
	}
	res.State = st
	if err := c.store.PutFeed(ctx, st); err != nil && res.Err == nil {
		res.Err = err
	}
	log.Info("feed polled", "items", res.Items, "new", res.New, "article_errors", res.ArticleErrors, "flagged", len(res.Flagged))
	return res
}

// processItems handles every item, at most Options.Workers articles in
// flight across the crawler. It reports whether every item was stored.
func (c *Crawler) processItems(ctx context.Context, ref store.FeedRef, items []*gofeed.Item, res *FeedResult) bool {
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		complete = true // written by the item goroutines under mu
	)
	for _, it := range items {
		stopped := false
		select {
		case c.sem <- struct{}{}:
		case <-ctx.Done():
			stopped = true
		}
		if stopped {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-c.sem }()
			out := c.processItem(ctx, ref, it)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case out.err != nil:
				complete = false
				if res.Err == nil {
					res.Err = out.err
				}
			case out.handedOff:
				res.HandedOff++
			case out.isNew:
				res.New++
				if out.fetchErr != nil {
					res.ArticleErrors++
				}
				for _, r := range out.flagged {
					res.Flagged[r]++
				}
			}
		}()
	}
	wg.Wait()
	return complete && ctx.Err() == nil
}
