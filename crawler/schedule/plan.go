package schedule

import (
	"context"
	"math"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

// Interval returns the polling interval the Scheduler chooses for a feed
// in state st: the configured spec.Interval when set, otherwise the mean
// time between two of its items (24h / st.EntriesPerDay) clamped to
// MinInterval..MaxInterval, or Interval while the rate is unknown; then
// never shorter than what the feed asked for (st.Requested), itself
// capped at MaxInterval. A rate-based interval within intervalSlack of
// the feed's current st.Interval keeps the current one, so that a rate
// estimate that moves a little at every poll does not move the plan.
func (s *Scheduler) Interval(spec crawler.FeedSpec, st store.Feed) time.Duration {
	iv, _ := s.interval(spec, st)
	return iv
}

// intervalSlack is how far, as a fraction of the current interval, a
// rate-based interval may move before the plan follows it.
const intervalSlack = 0.1

// Reasons for an interval, logged with every change.
const (
	whyConfigured = "the feed's configured interval"
	whyUnknown    = "publishing rate not known yet: schedule.interval"
	whyRate       = "publishing rate"
	whyMin        = "publishing rate, raised to schedule.min_interval"
	whyMax        = "publishing rate, capped at schedule.max_interval"
	whyRequested  = "the feed asks to be read no more often (ttl, Cache-Control or Expires)"
	whyReqCapped  = "the feed asks to be read no more often, capped at schedule.max_interval"
)

// interval is Interval with the reason for it, one of the why constants.
func (s *Scheduler) interval(spec crawler.FeedSpec, st store.Feed) (time.Duration, string) {
	o := s.opts
	iv, why := spec.Interval, whyConfigured
	if iv <= 0 {
		iv, why = o.Interval, whyUnknown
		if st.EntriesPerDay > 0 {
			iv, why = time.Duration(float64(24*time.Hour)/st.EntriesPerDay), whyRate
		}
		switch {
		case iv < o.MinInterval:
			iv, why = o.MinInterval, whyMin
		case iv > o.MaxInterval:
			iv, why = o.MaxInterval, whyMax
		case why == whyRate && st.Interval > 0 && st.Interval >= o.MinInterval && st.Interval <= o.MaxInterval &&
			math.Abs(float64(iv-st.Interval)) <= intervalSlack*float64(st.Interval):
			iv = st.Interval
		}
	}
	limit := max(o.MaxInterval, spec.Interval)
	if asked := min(st.Requested, limit); asked > iv {
		iv, why = asked, whyRequested
		if st.Requested > limit {
			why = whyReqCapped
		}
	}
	return iv, why
}

// Delay returns how long after a poll with result r the feed is polled
// again, before jitter: its interval on success; after a failure an
// exponential backoff from it (interval × 2^(failures-1), capped at
// MaxBackoff), or BrokenRetry once the feed is broken; and never sooner
// than the server's Retry-After (capped at fetch.MaxRetryAfter).
func (s *Scheduler) Delay(interval time.Duration, r crawler.FeedResult) time.Duration {
	d := interval
	if r.Err != nil {
		n := max(r.ErrorCount, 1)
		d = min(time.Duration(float64(interval)*pow2(n-1)), max(s.opts.MaxBackoff, interval))
		if r.State.Broken {
			d = s.opts.BrokenRetry
		}
	}
	return max(d, min(r.RetryAfter, fetch.MaxRetryAfter))
}

// reschedule puts a polled feed back after Delay plus up to Jitter of it,
// and stores the chosen Interval and NextDue on the feed. Every change of
// the interval, the first included, is logged at info with the feed's
// URL, the old and new interval and the reason.
func (s *Scheduler) reschedule(ctx context.Context, spec crawler.FeedSpec, r crawler.FeedResult) {
	st := r.State
	iv, why := s.interval(spec, st)
	delay := s.Delay(iv, r)
	delay += randDuration(time.Duration(float64(delay) * s.opts.Jitter))
	due := s.c.Now().Add(delay)
	if st.URL != "" {
		if st.Interval != iv {
			s.log.Info("feed interval changed", "feed_url", spec.URL, "interval", iv, "previous", st.Interval,
				"reason", why, "entries_per_day", round2(st.EntriesPerDay), "requested", st.Requested)
		}
		st.Interval, st.NextDue = iv, due
		if err := s.store.PutFeed(ctx, st); err != nil {
			s.log.Warn("feed schedule not saved", "feed_url", spec.URL, "error", err)
		}
	}
	if r.Err != nil {
		s.log.Info("feed retried later", "feed_url", spec.URL, "next_due", due, "error_class", r.Class, "broken", st.Broken)
	}
	s.push(spec.URL, due)
}

// round2 rounds a rate to two decimals for the log.
func round2(f float64) float64 { return math.Round(f*100) / 100 }

func pow2(n int) float64 {
	return float64(uint64(1) << min(n, 20))
}
