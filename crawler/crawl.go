package crawler

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Summary is the outcome of one Crawl pass.
type Summary struct {
	// Feeds holds one result per feed, in the order given to Crawl.
	Feeds []FeedResult
	// NewArticles counts articles stored for the first time.
	NewArticles int
	// ArticleErrors counts new articles kept from feed text because their
	// page could not be fetched or extracted.
	ArticleErrors int
	// Flagged counts newly flagged articles by rule.
	Flagged map[string]int
	// Handoffs is the outcome of taking, after the feeds, the articles
	// other processes handed to this one's hosts (see
	// Crawler.TakeHandoffs): items queued for its hosts during the pass
	// are stored by it, not left for the hosts' next owner. Zero with
	// AllHosts.
	Handoffs HandoffResult
	// Retried is the outcome of fetching again, after the feeds, the
	// article pages whose retry was due (see RetryArticles), so that a
	// crawl run from cron retries too.
	Retried RetryResult
	// Duration is the wall time of the pass.
	Duration time.Duration
}

// Failed returns the feeds that could not be fetched or parsed.
func (s *Summary) Failed() []FeedResult {
	var out []FeedResult
	for _, f := range s.Feeds {
		if f.Err != nil {
			out = append(out, f)
		}
	}
	return out
}

// Elsewhere returns how many feeds were left to the other processes of
// the database, which own their hosts (FeedResult.Elsewhere).
func (s *Summary) Elsewhere() int {
	n := 0
	for _, f := range s.Feeds {
		if f.Elsewhere {
			n++
		}
	}
	return n
}

// HandedOff returns how many new articles the feeds polled handed to the
// processes owning their hosts (FeedResult.HandedOff).
func (s *Summary) HandedOff() int {
	n := 0
	for _, f := range s.Feeds {
		n += f.HandedOff
	}
	return n
}

// Rules returns the names of the rules in Flagged, sorted.
func (s *Summary) Rules() []string {
	names := make([]string, 0, len(s.Flagged))
	for r := range s.Flagged {
		names = append(names, r)
	}
	sort.Strings(names)
	return names
}

// Crawl polls every feed once, feedWorkers at a time, then stores the
// articles handed to this process (TakeHandoffs, once) and fetches again
// the article pages due for a retry, and returns when all is done or ctx
// is cancelled. Workers take feeds from hosts that are free (see
// crawlQueue), at most HostConcurrency feeds of one host at once, so the
// order of feeds does not matter. A feed is polled only while the
// Coordinator grants its host, as the schedule.Scheduler polls: a feed of
// a host another process owns when its turn comes is not fetched, and its
// result says Elsewhere (with AllHosts, never). onDone, if not nil, is
// called after each feed (from one goroutine at a time), for progress
// display.
func (c *Crawler) Crawl(ctx context.Context, feeds []FeedSpec, onDone func(FeedResult)) *Summary {
	start := time.Now()
	sum := &Summary{Feeds: make([]FeedResult, len(feeds)), Flagged: map[string]int{}}
	q := newCrawlQueue(feeds, c.fetch, c.opts.HostConcurrency)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(c.feedWorkers(len(q.hosts)), max(len(feeds), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, hq, ok := q.take(ctx)
				if !ok {
					return
				}
				r := c.pollOwned(ctx, feeds[i])
				q.done(hq)
				mu.Lock()
				sum.Feeds[i] = r
				sum.NewArticles += r.New
				sum.ArticleErrors += r.ArticleErrors
				for rule, n := range r.Flagged {
					sum.Flagged[rule] += n
				}
				if onDone != nil {
					onDone(r)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, i := range q.rest() {
		sum.Feeds[i] = FeedResult{URL: feeds[i].URL, Title: feeds[i].Name, Err: ctx.Err()}
	}
	if ctx.Err() == nil {
		sum.Handoffs = c.TakeHandoffs(ctx)
	}
	if ctx.Err() == nil {
		sum.Retried = c.RetryArticles(ctx)
	}
	sum.Duration = time.Since(start)
	return sum
}

// pollOwned polls spec if this process owns its host, holding the host
// until the poll ends; otherwise it returns the feed as left Elsewhere.
func (c *Crawler) pollOwned(ctx context.Context, spec FeedSpec) FeedResult {
	release, owned := c.coord.Acquire(feedHost(spec.URL))
	if !owned {
		return FeedResult{URL: spec.URL, Title: spec.Name, Elsewhere: true}
	}
	defer release()
	return c.PollFeed(ctx, spec)
}

// maxPoliteFeedWorkers caps the feed workers Crawl adds under a host delay.
const maxPoliteFeedWorkers = 64

// feedWorkers is how many feeds Crawl polls at once over feeds from hosts
// hosts: Options.FeedWorkers, or, when a host delay is set, one per host
// up to maxPoliteFeedWorkers. A poll then spends most of its time waiting
// for its own host's delay (between the feed, robots.txt and each article),
// so fewer workers than hosts would leave hosts idle and make the pass
// slower than politeness requires. Article fetches stay bounded by
// Options.Workers either way.
func (c *Crawler) feedWorkers(hosts int) int {
	if c.opts.HostDelay <= 0 {
		return c.opts.FeedWorkers
	}
	return max(c.opts.FeedWorkers, min(hosts, maxPoliteFeedWorkers))
}
