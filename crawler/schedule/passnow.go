package schedule

import (
	"cmp"
	"container/heap"
	"context"
	"slices"

	"github.com/newshound/newshound/crawler"
)

// PassNow polls every feed the Scheduler holds once, now, as Crawl does
// (feeds sorted by URL, then the article pages due for a retry), and
// returns the pass's crawler.Summary when it is done or ctx is cancelled. It
// is
// the daemon's answer to `newshound crawl` while the daemon holds the
// database. onDone is as in Crawl.
//
// The pass takes the place of each feed's next scheduled poll: the feeds
// waiting in the queue are taken out of it for the pass, so the
// Scheduler's workers do not poll them at the same time, and each is
// planned anew from its result, as a scheduled poll would be (its
// Interval and NextDue stored, OnPoll called). A feed the pass did not
// reach (ctx cancelled), or left to the process owning its host
// (FeedResult.Elsewhere), goes back to the queue as it was. A feed whose
// scheduled poll is in flight when the pass starts is polled by both and
// planned by the scheduled poll. Callers serialize passes: a second pass
// started during the first finds the queue empty of the first's feeds
// and plans none of them.
func (s *Scheduler) PassNow(ctx context.Context, onDone func(crawler.FeedResult)) *crawler.Summary {
	feeds, held := s.takeAll()
	sum := s.c.Crawl(ctx, feeds, onDone)
	for i, r := range sum.Feeds {
		it := held[feeds[i].URL]
		if it == nil {
			continue // its scheduled poll was in flight and plans it
		}
		if r.Elsewhere || r.Err != nil && ctx.Err() != nil {
			s.putBack(it) // not polled (another process's host), or cut short: as it was
			continue
		}
		s.reschedule(ctx, feeds[i], r)
		if s.opts.OnPoll != nil {
			s.opts.OnPoll(r)
		}
	}
	s.poke()
	return sum
}

// takeAll returns the feeds held, sorted by URL, and takes out of the
// queue the entries of those waiting there, by URL.
func (s *Scheduler) takeAll() ([]crawler.FeedSpec, map[string]*dueItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	feeds := make([]crawler.FeedSpec, 0, len(s.specs))
	for _, f := range s.specs {
		feeds = append(feeds, f)
	}
	slices.SortFunc(feeds, func(a, b crawler.FeedSpec) int { return cmp.Compare(a.URL, b.URL) })
	held := make(map[string]*dueItem, len(feeds))
	kept := s.queue[:0]
	for _, it := range s.queue {
		if _, wanted := s.specs[it.url]; wanted && held[it.url] == nil {
			held[it.url] = it
			continue
		}
		kept = append(kept, it)
	}
	clear(s.queue[len(kept):])
	s.queue = kept
	heap.Init(&s.queue)
	return feeds, held
}

// putBack returns an entry taken by takeAll to the queue, if its feed is
// still wanted.
func (s *Scheduler) putBack(it *dueItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, wanted := s.specs[it.url]; wanted {
		heap.Push(&s.queue, it)
	} else {
		delete(s.queued, it.url)
	}
}
