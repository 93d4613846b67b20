package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/store"
)

// Coordinator shares the hosts among the crawler processes of one
// database, so that per-host politeness holds across them: each host is
// owned by one process at a time, and only its owner sends it requests
// (feeds, robots.txt, articles). The schedule.Scheduler polls only feeds
// of hosts the process owns, and the crawler fetches only articles of
// hosts it owns: an article of another host is handed off to that host's
// owner. AllHosts is the Coordinator of a process alone on its store;
// *postgres.Coordinator shares a PostgreSQL database.
type Coordinator interface {
	// Acquire reports whether this process owns host (a URL's host, port
	// included) now; when ok, it stays the owner until release is called.
	Acquire(host string) (release func(), ok bool)
	// Gained receives after the process took hosts from others (nil when
	// it never does), so that the crawler loads the host pauses they
	// saved.
	Gained() <-chan struct{}
	// HandOff queues a feed item for the owner of h.Host.
	HandOff(ctx context.Context, h store.Handoff) error
	// TakeHandoffs returns at most limit of the handoffs queued for the
	// hosts this process owns, held for it alone until HandoffDone or
	// until a lease runs out.
	TakeHandoffs(ctx context.Context, limit int) ([]store.Handoff, error)
	// HandoffDone removes the handoff numbered seq: its article is stored.
	HandoffDone(ctx context.Context, seq int64) error
}

// AllHosts is the Coordinator of a process alone on its store, such as
// the bbolt file: it owns every host, so it hands nothing off. It is the
// default of Options.Coordinator.
type AllHosts struct{}

// Acquire grants every host.
func (AllHosts) Acquire(string) (func(), bool) { return func() {}, true }

// Gained returns nil: nothing is ever taken from another process.
func (AllHosts) Gained() <-chan struct{} { return nil }

// HandOff fails: every host is this process's own.
func (AllHosts) HandOff(context.Context, store.Handoff) error {
	return errors.New("crawler: nothing is handed off when this process owns every host")
}

// TakeHandoffs returns none.
func (AllHosts) TakeHandoffs(context.Context, int) ([]store.Handoff, error) { return nil, nil }

// HandoffDone does nothing.
func (AllHosts) HandoffDone(context.Context, int64) error { return nil }

// urlHost is a URL's host as the limiter and the Coordinator key it ("" when
// it does not parse).
func urlHost(raw string) string { return feedHost(raw) }

// handOff queues a feed item whose article host this process does not
// own for that host's owner.
func (c *Crawler) handOff(ctx context.Context, ref store.FeedRef, it *gofeed.Item, id, link string) itemOutcome {
	item, err := json.Marshal(it)
	if err != nil {
		return itemOutcome{err: fmt.Errorf("crawler: hand off %s: %w", link, err)}
	}
	h := store.Handoff{ArticleID: id, Host: urlHost(link), Feed: ref, Item: item, Queued: c.now().UTC()}
	if err := c.coord.HandOff(ctx, h); err != nil {
		return itemOutcome{err: err}
	}
	c.log.Debug("article handed to its host's owner", "article_url", link, "feed_url", ref.URL)
	return itemOutcome{handedOff: true}
}

// HandoffResult is the outcome of one TakeHandoffs pass.
type HandoffResult struct {
	// Taken counts the handoffs taken; New the articles stored for the
	// first time from them (the others were stored already: their feed
	// became a source).
	Taken, New int
	// Flagged counts newly flagged articles by rule.
	Flagged map[string]int
	// Err is the first error met, if any; a handoff that failed stays
	// queued and is taken again once its lease runs out.
	Err error
}

// maxHandoffsPerPass bounds the handoffs one TakeHandoffs pass takes on.
const maxHandoffsPerPass = 200

// TakeHandoffs stores the articles other processes handed to this one
// (at most 200 a pass, Options.Workers at a time): each feed item goes
// through the pipeline as if this process had polled its feed.
func (c *Crawler) TakeHandoffs(ctx context.Context) HandoffResult {
	res := HandoffResult{Flagged: map[string]int{}}
	hs, err := c.coord.TakeHandoffs(ctx, maxHandoffsPerPass)
	if err != nil {
		res.Err = err
		return res
	}
	res.Taken = len(hs)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, h := range hs {
		select {
		case c.sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return res
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-c.sem }()
			out := c.takeHandoff(ctx, h)
			mu.Lock()
			defer mu.Unlock()
			if out.err != nil && res.Err == nil {
				res.Err = out.err
			}
			if out.isNew {
				res.New++
				for _, r := range out.flagged {
					res.Flagged[r]++
				}
			}
		}()
	}
	wg.Wait()
	return res
}

// takeHandoff runs one handed-off item through the pipeline and removes
// the handoff once its article is stored. When the host has meanwhile
// gone to another process, the handoff is left for it.
func (c *Crawler) takeHandoff(ctx context.Context, h store.Handoff) itemOutcome {
	var it gofeed.Item
	if err := json.Unmarshal(h.Item, &it); err != nil {
		c.log.Warn("handed-off item dropped: it does not decode", "feed_url", h.Feed.URL, "error", err)
		return itemOutcome{err: c.coord.HandoffDone(ctx, h.Seq)}
	}
	out := c.processItem(ctx, h.Feed, &it)
	if out.err != nil || out.handedOff {
		return out
	}
	if err := c.coord.HandoffDone(ctx, h.Seq); err != nil {
		out.err = err
	}
	return out
}

// ReloadPauses loads the host pauses saved in the store (by this or
// another process) into the limiter; a pause is never shortened. The
// scheduler calls it when its Coordinator took hosts from others.
func (c *Crawler) ReloadPauses(ctx context.Context) error { return c.fetch.LoadPauses(ctx) }
