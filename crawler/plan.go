package crawler

import (
	"context"
	"time"

	"github.com/newshound/newshound/store"
)

// Interval returns the polling interval the Scheduler chooses for a feed
// in state st: the configured spec.Interval when set, otherwise the mean
// time between two of its items (24h / st.EntriesPerDay) clamped to
// MinInterval..MaxInterval, or Interval while the rate is unknown; then
// never shorter than what the feed asked for (st.Requested), itself
// capped at MaxInterval.
func (s *Scheduler) Interval(spec FeedSpec, st store.Feed) time.Duration {
	o := s.opts
	iv := spec.Interval
	if iv <= 0 {
		iv = o.Interval
		if st.EntriesPerDay > 0 {
			iv = time.Duration(float64(24*time.Hour) / st.EntriesPerDay)
		}
		iv = min(max(iv, o.MinInterval), o.MaxInterval)
	}
	return max(iv, min(st.Requested, max(o.MaxInterval, spec.Interval)))
}

// Delay returns how long after a poll with result r the feed is polled
// again, before jitter: its interval on success; after a failure an
// exponential backoff from it (interval × 2^(failures-1), capped at
// MaxBackoff), or BrokenRetry once the feed is broken; and never sooner
// than the server's Retry-After (capped at MaxRetryAfter).
func (s *Scheduler) Delay(interval time.Duration, r FeedResult) time.Duration {
	d := interval
	if r.Err != nil {
		n := max(r.ErrorCount, 1)
		d = min(time.Duration(float64(interval)*pow2(n-1)), max(s.opts.MaxBackoff, interval))
		if r.State.Broken {
			d = s.opts.BrokenRetry
		}
	}
	return max(d, min(r.RetryAfter, MaxRetryAfter))
}

// reschedule puts a polled feed back after Delay plus up to Jitter of it,
// and stores the chosen Interval and NextDue on the feed.
func (s *Scheduler) reschedule(ctx context.Context, spec FeedSpec, r FeedResult) {
	st := r.State
	iv := s.Interval(spec, st)
	delay := s.Delay(iv, r)
	delay += randDuration(time.Duration(float64(delay) * s.opts.Jitter))
	due := s.c.now().Add(delay)
	if st.URL != "" {
		if st.Interval != iv {
			logAt := s.c.log.Info
			if st.Interval == 0 {
				logAt = s.c.log.Debug
			}
			logAt("feed interval changed", "feed_url", spec.URL, "interval", iv, "previous", st.Interval,
				"entries_per_day", st.EntriesPerDay, "requested", st.Requested)
		}
		st.Interval, st.NextDue = iv, due
		if err := s.c.store.PutFeed(ctx, st); err != nil {
			s.c.log.Warn("feed schedule not saved", "feed_url", spec.URL, "error", err)
		}
	}
	if r.Err != nil {
		s.c.log.Info("feed retried later", "feed_url", spec.URL, "next_due", due, "error_class", r.Class, "broken", st.Broken)
	}
	s.push(spec.URL, due)
}

func pow2(n int) float64 {
	return float64(uint64(1) << min(n, 20))
}
