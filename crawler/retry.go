package crawler

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

// RetryResult is the outcome of one RetryArticles pass.
type RetryResult struct {
	// Due counts the articles whose attempt was due, of the hosts this
	// process owns (see Coordinator).
	Due int
	// Fetched counts pages fetched and stored this time.
	Fetched int
	// Failed counts pages that failed again; GaveUp those of them that
	// have no attempt left (their feed text and FetchError stay).
	Failed, GaveUp int
	// Flagged counts articles by rule among those fetched.
	Flagged map[string]int
	// Err is a store error that stopped the pass, if any.
	Err error
}

// ownRetries is a Coordinator that reads the due retries of the hosts
// this process owns (*postgres.Coordinator does), so that the others'
// retries never fill a pass.
type ownRetries interface {
	DueRetries(ctx context.Context, now time.Time, limit int) ([]store.Retry, error)
}

// maxRetriesPerPass bounds the articles one RetryArticles pass takes on.
const maxRetriesPerPass = 200

// RetryArticles fetches again the article pages whose retry is due (at
// most 200 a pass, Options.Workers at a time, through the same robots.txt
// check and host limiter as new articles). On success the stored article
// gets the page's text, its FetchError is cleared and the rules run
// again; on failure it is rescheduled after the next of
// Options.RetryDelays, or dropped from the retry index when none is left
// or the failure will not pass (404, robots.txt disallows, ...). Pages
// of hosts another process owns are left to it (Options.Coordinator).
func (c *Crawler) RetryArticles(ctx context.Context) RetryResult {
	res := RetryResult{Flagged: map[string]int{}}
	if c.retries == nil {
		return res
	}
	dueRetries := c.retries.DueRetries
	if o, ok := c.coord.(ownRetries); ok {
		dueRetries = o.DueRetries
	}
	due, err := dueRetries(ctx, c.now(), maxRetriesPerPass)
	if err != nil {
		res.Err = err
		return res
	}
	// The pages of hosts another process owns are left to their owner;
	// the hosts of the rest stay this process's own until retried.
	var releases []func()
	mine := due[:0]
	for _, r := range due {
		if release, owned := c.coord.Acquire(urlHost(r.URL)); owned {
			mine, releases = append(mine, r), append(releases, release)
		}
	}
	res.Due = len(mine)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, r := range mine {
		release := releases[i]
		select {
		case c.sem <- struct{}{}:
		case <-ctx.Done():
			for _, release := range releases[i:] {
				release()
			}
			wg.Wait()
			return res
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer release()
			defer func() { <-c.sem }()
			fetched, flags, gaveUp, err := c.retryArticle(ctx, r)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				if res.Err == nil {
					res.Err = err
				}
			case fetched:
				res.Fetched++
				for _, f := range flags {
					res.Flagged[f.Rule]++
				}
			default:
				res.Failed++
				if gaveUp {
					res.GaveUp++
				}
			}
		}()
	}
	wg.Wait()
	return res
}

// retryArticle makes one more attempt at r's page.
func (c *Crawler) retryArticle(ctx context.Context, r store.Retry) (fetched bool, flags []store.Flag, gaveUp bool, err error) {
	a, err := c.retries.Article(ctx, r.ID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil, true, c.retries.DeleteRetry(ctx, r.ID) // pruned meanwhile
	}
	if err != nil {
		return false, nil, false, err
	}
	log := c.log.With("article_url", a.URL)
	fetchErr := c.refetch(ctx, a)
	if ctx.Err() != nil {
		return false, nil, false, ctx.Err()
	}
	if fetchErr == nil {
		a.FetchError = ""
		old := a.Flags
		a.Flags = redate(old, c.flag(a), c.now().UTC())
		if err := c.store.PutArticle(ctx, a); err != nil {
			return false, nil, false, err
		}
		c.observeFlags(a, old)
		log.Info("article fetched on retry", "attempts", r.Attempts+1, "flags", len(a.Flags))
		return true, a.Flags, false, c.retries.DeleteRetry(ctx, r.ID)
	}
	a.FetchError = fetchErr.Error()
	if err := c.store.PutArticle(ctx, a); err != nil {
		return false, nil, false, err
	}
	more, err := c.scheduleRetry(ctx, a, r.Attempts+1, fetchErr)
	return false, nil, !more, err
}

// scheduleRetry records that an article page failed on its attempts-th
// fetch: when the failure may pass and attempts remain, the next attempt
// is due after the server's Retry-After (or host pause) if it gave one,
// else after Options.RetryDelays[attempts-1]. Otherwise the article
// leaves the retry index. It reports whether another attempt is planned.
func (c *Crawler) scheduleRetry(ctx context.Context, a *store.Article, attempts int, fetchErr error) (bool, error) {
	if c.retries == nil {
		return false, nil
	}
	now := c.now()
	if !fetch.Retryable(fetchErr) || attempts > len(c.opts.RetryDelays) {
		if attempts > 1 {
			c.log.Info("article retries given up", "article_url", a.URL, "attempts", attempts, "error", fetchErr)
			return false, c.retries.DeleteRetry(ctx, a.ID)
		}
		return false, nil
	}
	wait := c.opts.RetryDelays[attempts-1]
	if w := fetch.ServerWait(fetchErr, now); w > 0 {
		wait = w
	}
	r := store.Retry{ID: a.ID, URL: a.URL, Attempts: attempts, Due: now.Add(wait), LastError: fetchErr.Error()}
	if err := c.retries.PutRetry(ctx, r); err != nil {
		return false, fmt.Errorf("crawler: schedule retry of %s: %w", a.URL, err)
	}
	c.log.Debug("article retry scheduled", "article_url", a.URL, "attempts", attempts, "due", r.Due)
	return true, nil
}

// redate keeps the time of every flag already raised and dates the flags
// new to this retry now, so that they read as news rather than as flags
// raised when the article was first stored.
func redate(old, flags []store.Flag, now time.Time) []store.Flag {
	prev := make(map[string]time.Time, len(old))
	for _, f := range old {
		prev[f.Rule] = f.Flagged
	}
	for i := range flags {
		if t, ok := prev[flags[i].Rule]; ok {
			flags[i].Flagged = t
		} else {
			flags[i].Flagged = now
		}
	}
	return flags
}

// refetch fetches a stored article's page again and fills a from it as
// the first fetch would have, with the stored feed text standing in for
// the feed item; the article keeps its id and URL.
func (c *Crawler) refetch(ctx context.Context, a *store.Article) error {
	id, u, aliases := a.ID, a.URL, len(a.Aliases)
	it := &gofeed.Item{Title: a.Title, Content: a.Text, Description: a.Summary}
	if a.Author != "" {
		it.Authors = []*gofeed.Person{{Name: a.Author}}
	}
	if a.Published != nil {
		t := *a.Published
		it.PublishedParsed = &t
	}
	err := c.extractInto(ctx, a, it)
	a.ID, a.URL, a.Aliases = id, u, a.Aliases[:aliases]
	if err == nil {
		a.Signature = c.signer.Sign(a.Text)
	}
	return err
}
