package schedule

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// TestQuietFeedDefaultsToHours: with the default options a feed that
// publishes once a week is polled every DefaultMaxInterval (3h), not
// once a day, and so is one whose ttl asks for a day.
func TestQuietFeedDefaultsToHours(t *testing.T) {
	s := New(bareCrawler(t, time.Now), Options{})
	if s.opts.MaxInterval != 3*time.Hour || s.opts.MaxBackoff != 3*time.Hour {
		t.Fatalf("default MaxInterval %s, MaxBackoff %s; want 3h and 3h", s.opts.MaxInterval, s.opts.MaxBackoff)
	}
	for _, st := range []store.Feed{{EntriesPerDay: 1.0 / 7}, {EntriesPerDay: 1.0 / 7, Requested: 24 * time.Hour}} {
		if got := s.Interval(crawler.FeedSpec{}, st); got != 3*time.Hour {
			t.Errorf("Interval(rate %.2f/day, requested %s) = %s, want 3h", st.EntriesPerDay, st.Requested, got)
		}
	}
}

// logLine is one JSON log record of the scheduler.
type logLine struct {
	Level    string `json:"level"`
	Msg      string `json:"msg"`
	FeedURL  string `json:"feed_url"`
	Interval int64  `json:"interval"`
	Previous int64  `json:"previous"`
	Reason   string `json:"reason"`
}

// TestIntervalChangesAreLoggedAtInfo: every change of a feed's interval,
// the first included, is one info line with the feed URL, the old and
// new interval and why; a rate that moves within 10% of the current
// interval keeps it, and logs nothing.
func TestIntervalChangesAreLoggedAtInfo(t *testing.T) {
	st := testkit.Store(t)
	var logs bytes.Buffer
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, err := crawler.New(t.Context(), crawler.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil)), Now: func() time.Time { return now }}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := New(c, Options{})
	const u = "https://regulator.example/news.xml"
	steps := []struct {
		name           string
		rate           float64
		requested      time.Duration
		wantInterval   time.Duration
		wantLog        bool
		wantPrev       time.Duration
		wantReasonPart string
	}{
		{"first poll of a weekly feed", 1.0 / 7, 0, 3 * time.Hour, true, 0, "capped at schedule.max_interval"},
		{"the feed gets busy", 48, 0, 30 * time.Minute, true, 3 * time.Hour, "publishing rate"},
		{"the rate moves by 4%", 46, 0, 30 * time.Minute, false, 0, ""},
		{"the feed asks for an hour", 48, time.Hour, time.Hour, true, 30 * time.Minute, "asks to be read"},
	}
	for _, step := range steps {
		logs.Reset()
		prev, err := st.Feed(t.Context(), u)
		if err != nil {
			prev = store.Feed{URL: u}
		}
		prev.EntriesPerDay, prev.Requested = step.rate, step.requested
		s.queued[u], s.specs[u] = true, crawler.FeedSpec{URL: u}
		s.reschedule(t.Context(), crawler.FeedSpec{URL: u}, crawler.FeedResult{URL: u, State: prev})
		got, err := st.Feed(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		if got.Interval != step.wantInterval {
			t.Errorf("%s: stored interval %s, want %s", step.name, got.Interval, step.wantInterval)
		}
		var lines []logLine
		for _, raw := range bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n")) {
			var l logLine
			if len(raw) > 0 && json.Unmarshal(raw, &l) == nil && l.Msg == "feed interval changed" {
				lines = append(lines, l)
			}
		}
		if !step.wantLog {
			if len(lines) != 0 {
				t.Errorf("%s: logged %+v, want no interval change", step.name, lines)
			}
			continue
		}
		if len(lines) != 1 {
			t.Fatalf("%s: %d interval lines in %q, want 1", step.name, len(lines), logs.String())
		}
		l := lines[0]
		if l.Level != "INFO" || l.FeedURL != u || time.Duration(l.Interval) != step.wantInterval ||
			time.Duration(l.Previous) != step.wantPrev || !bytes.Contains([]byte(l.Reason), []byte(step.wantReasonPart)) {
			t.Errorf("%s: logged %+v, want INFO for %s, interval %s, previous %s, a reason with %q",
				step.name, l, u, step.wantInterval, step.wantPrev, step.wantReasonPart)
		}
	}
}

// TestResumeKeepsTheBackoff: a failing feed that a crawl from cron
// polled (ErrorCount and LastFetch stored, no NextDue) resumes in a
// daemon after its backoff from that fetch, not at once; one stored with
// the end of a server's Retry-After as NextDue resumes then.
func TestResumeKeepsTheBackoff(t *testing.T) {
	st := testkit.Store(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c, err := crawler.New(t.Context(), crawler.Options{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Unroutable URLs: a poll would fail, and be seen in the store.
	failing := crawler.FeedSpec{URL: "http://192.0.2.1/failing.xml"}
	asked := crawler.FeedSpec{URL: "http://192.0.2.1/asked.xml"}
	for _, f := range []store.Feed{
		// Three failures at a 1h interval: 4h of backoff, capped at 3h.
		{URL: failing.URL, ErrorCount: 3, LastFetch: now.Add(-time.Hour), Interval: time.Hour, EntriesPerDay: 24},
		{URL: asked.URL, ErrorCount: 1, LastFetch: now.Add(-time.Minute), NextDue: now.Add(5 * time.Hour), EntriesPerDay: 24},
	} {
		if err := st.PutFeed(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	s := New(c, Options{})
	s.SetFeeds([]crawler.FeedSpec{failing, asked})
	s.queue = nil
	for _, spec := range []crawler.FeedSpec{failing, asked} {
		s.run(t.Context(), job{spec: spec, resume: true})
	}
	due := map[string]time.Time{}
	for _, it := range s.queue {
		due[it.url] = it.due
	}
	if got, want := due[failing.URL], now.Add(2*time.Hour); !got.Equal(want) {
		t.Errorf("failing feed resumes at %s, want %s (3h of backoff from its last fetch an hour ago)", got, want)
	}
	if got, want := due[asked.URL], now.Add(5*time.Hour); !got.Equal(want) {
		t.Errorf("feed with a stored NextDue resumes at %s, want %s", got, want)
	}
	for _, spec := range []crawler.FeedSpec{failing, asked} {
		if f, err := st.Feed(t.Context(), spec.URL); err != nil || f.LastFetch.After(now.Add(-time.Minute)) {
			t.Errorf("%s: LastFetch %s, %v; want no poll on resume", spec.URL, f.LastFetch, err)
		}
	}
}
