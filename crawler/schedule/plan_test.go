package schedule

import (
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

func TestInterval(t *testing.T) {
	s := &Scheduler{opts: Options{Interval: 30 * time.Minute, MinInterval: 5 * time.Minute, MaxInterval: 24 * time.Hour}}
	s.opts.defaults()
	tests := []struct {
		name string
		spec crawler.FeedSpec
		st   store.Feed
		want time.Duration
	}{
		{"unknown rate: default", crawler.FeedSpec{}, store.Feed{}, 30 * time.Minute},
		{"48 a day: every 30m", crawler.FeedSpec{}, store.Feed{EntriesPerDay: 48}, 30 * time.Minute},
		{"2 a day: every 12h", crawler.FeedSpec{}, store.Feed{EntriesPerDay: 2}, 12 * time.Hour},
		{"1000 a day: min", crawler.FeedSpec{}, store.Feed{EntriesPerDay: 1000}, 5 * time.Minute},
		{"1 a week: max", crawler.FeedSpec{}, store.Feed{EntriesPerDay: 1.0 / 7}, 24 * time.Hour},
		{"feed asks for more", crawler.FeedSpec{}, store.Feed{EntriesPerDay: 1000, Requested: time.Hour}, time.Hour},
		{"feed asks for less", crawler.FeedSpec{}, store.Feed{EntriesPerDay: 2, Requested: time.Hour}, 12 * time.Hour},
		{"ask capped at max", crawler.FeedSpec{}, store.Feed{Requested: 30 * 24 * time.Hour}, 24 * time.Hour},
		{"configured interval overrides the rate", crawler.FeedSpec{Interval: 10 * time.Minute}, store.Feed{EntriesPerDay: 2}, 10 * time.Minute},
		{"configured interval still obeys the feed", crawler.FeedSpec{Interval: 10 * time.Minute}, store.Feed{Requested: time.Hour}, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Interval(tt.spec, tt.st); got != tt.want {
				t.Errorf("Interval(%+v, rate %.2f, requested %s) = %s, want %s", tt.spec, tt.st.EntriesPerDay, tt.st.Requested, got, tt.want)
			}
		})
	}
}

func TestDelay(t *testing.T) {
	s := &Scheduler{opts: Options{MaxBackoff: 8 * time.Hour, BrokenRetry: 24 * time.Hour}}
	s.opts.defaults()
	fail := errors.New("x")
	tests := []struct {
		name string
		r    crawler.FeedResult
		want time.Duration
	}{
		{"success", crawler.FeedResult{}, time.Hour},
		{"success with Retry-After is not shortened", crawler.FeedResult{RetryAfter: time.Minute}, time.Hour},
		{"first failure", crawler.FeedResult{Err: fail, ErrorCount: 1}, time.Hour},
		{"third failure", crawler.FeedResult{Err: fail, ErrorCount: 3}, 4 * time.Hour},
		{"tenth failure capped", crawler.FeedResult{Err: fail, ErrorCount: 10}, 8 * time.Hour},
		{"Retry-After longer than backoff", crawler.FeedResult{Err: fail, ErrorCount: 1, RetryAfter: 3 * time.Hour}, 3 * time.Hour},
		{"Retry-After capped", crawler.FeedResult{Err: fail, ErrorCount: 1, RetryAfter: 100 * time.Hour}, fetch.MaxRetryAfter},
		{"broken: daily", crawler.FeedResult{Err: fail, ErrorCount: 3, State: store.Feed{Broken: true}}, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Delay(time.Hour, tt.r); got != tt.want {
				t.Errorf("Delay(1h, %+v) = %s, want %s", tt.r, got, tt.want)
			}
		})
	}
}

// TestResumeSpreadsOverdueFeeds: a feed new to the Scheduler but polled
// before resumes at its stored NextDue, or within MinInterval when that
// has passed, without a poll.
func TestResumeSpreadsOverdueFeeds(t *testing.T) {
	st := testkit.Store(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, err := crawler.New(t.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Unroutable URLs: a poll would fail, and be seen in the store.
	ahead := crawler.FeedSpec{URL: "http://192.0.2.1/ahead.xml"}
	overdue := crawler.FeedSpec{URL: "http://192.0.2.1/overdue.xml"}
	for _, f := range []store.Feed{
		{URL: ahead.URL, NextDue: now.Add(3 * time.Hour), Interval: 4 * time.Hour},
		{URL: overdue.URL, NextDue: now.Add(-48 * time.Hour), Interval: time.Hour},
	} {
		if err := st.PutFeed(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	s := New(c, Options{MinInterval: 10 * time.Minute})
	s.SetFeeds([]crawler.FeedSpec{ahead, overdue})
	s.queue = nil // drop SetFeeds' first entries; run puts them back
	for _, spec := range []crawler.FeedSpec{ahead, overdue} {
		s.run(t.Context(), job{spec: spec, resume: true})
	}
	due := map[string]time.Time{}
	for _, it := range s.queue {
		due[it.url] = it.due
	}
	if got := due[ahead.URL]; !got.Equal(now.Add(3 * time.Hour)) {
		t.Errorf("feed due ahead resumes at %s, want its stored NextDue %s", got, now.Add(3*time.Hour))
	}
	if got := due[overdue.URL]; got.Before(now) || !got.Before(now.Add(10*time.Minute)) {
		t.Errorf("overdue feed resumes at %s, want within MinInterval (10m) of %s", got, now)
	}
	for _, spec := range []crawler.FeedSpec{ahead, overdue} {
		if f, err := st.Feed(t.Context(), spec.URL); err != nil || !f.LastFetch.IsZero() {
			t.Errorf("%s: LastFetch %s, %v; want no poll on resume", spec.URL, f.LastFetch, err)
		}
	}
}

// TestOverdueSpread: overdue feeds resume over about a tenth of a second
// per feed held, at least a second, at most MinInterval or their interval.
func TestOverdueSpread(t *testing.T) {
	tests := []struct {
		feeds    int
		interval time.Duration
		want     time.Duration
	}{
		{feeds: 1, interval: time.Hour, want: time.Second},
		{feeds: 12, interval: time.Hour, want: 1200 * time.Millisecond},
		{feeds: 10000, interval: time.Hour, want: 10 * time.Minute},
		{feeds: 10000, interval: 2 * time.Minute, want: 2 * time.Minute},
	}
	for _, tt := range tests {
		s := New(bareCrawler(t, time.Now), Options{MinInterval: 10 * time.Minute})
		for i := range tt.feeds {
			s.specs[fmt.Sprintf("https://h%d.example/feed", i)] = crawler.FeedSpec{}
		}
		if got := s.overdueSpread(tt.interval); got != tt.want {
			t.Errorf("overdueSpread(%s) with %d feeds = %s, want %s", tt.interval, tt.feeds, got, tt.want)
		}
	}
}
