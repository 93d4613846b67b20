package crawler

import (
	"errors"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

func TestInterval(t *testing.T) {
	s := &Scheduler{opts: SchedulerOptions{Interval: 30 * time.Minute, MinInterval: 5 * time.Minute, MaxInterval: 24 * time.Hour}}
	s.opts.defaults()
	tests := []struct {
		name string
		spec FeedSpec
		st   store.Feed
		want time.Duration
	}{
		{"unknown rate: default", FeedSpec{}, store.Feed{}, 30 * time.Minute},
		{"48 a day: every 30m", FeedSpec{}, store.Feed{EntriesPerDay: 48}, 30 * time.Minute},
		{"2 a day: every 12h", FeedSpec{}, store.Feed{EntriesPerDay: 2}, 12 * time.Hour},
		{"1000 a day: min", FeedSpec{}, store.Feed{EntriesPerDay: 1000}, 5 * time.Minute},
		{"1 a week: max", FeedSpec{}, store.Feed{EntriesPerDay: 1.0 / 7}, 24 * time.Hour},
		{"feed asks for more", FeedSpec{}, store.Feed{EntriesPerDay: 1000, Requested: time.Hour}, time.Hour},
		{"feed asks for less", FeedSpec{}, store.Feed{EntriesPerDay: 2, Requested: time.Hour}, 12 * time.Hour},
		{"ask capped at max", FeedSpec{}, store.Feed{Requested: 30 * 24 * time.Hour}, 24 * time.Hour},
		{"configured interval overrides the rate", FeedSpec{Interval: 10 * time.Minute}, store.Feed{EntriesPerDay: 2}, 10 * time.Minute},
		{"configured interval still obeys the feed", FeedSpec{Interval: 10 * time.Minute}, store.Feed{Requested: time.Hour}, time.Hour},
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
	s := &Scheduler{opts: SchedulerOptions{MaxBackoff: 8 * time.Hour, BrokenRetry: 24 * time.Hour}}
	s.opts.defaults()
	fail := errors.New("x")
	tests := []struct {
		name string
		r    FeedResult
		want time.Duration
	}{
		{"success", FeedResult{}, time.Hour},
		{"success with Retry-After is not shortened", FeedResult{RetryAfter: time.Minute}, time.Hour},
		{"first failure", FeedResult{Err: fail, ErrorCount: 1}, time.Hour},
		{"third failure", FeedResult{Err: fail, ErrorCount: 3}, 4 * time.Hour},
		{"tenth failure capped", FeedResult{Err: fail, ErrorCount: 10}, 8 * time.Hour},
		{"Retry-After longer than backoff", FeedResult{Err: fail, ErrorCount: 1, RetryAfter: 3 * time.Hour}, 3 * time.Hour},
		{"Retry-After capped", FeedResult{Err: fail, ErrorCount: 1, RetryAfter: 100 * time.Hour}, MaxRetryAfter},
		{"broken: daily", FeedResult{Err: fail, ErrorCount: 3, State: store.Feed{Broken: true}}, 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Delay(time.Hour, tt.r); got != tt.want {
				t.Errorf("Delay(1h, %+v) = %s, want %s", tt.r, got, tt.want)
			}
		})
	}
}
