package schedule_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/crawler/schedule"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/internal/testkit/clock"
	"github.com/newshound/newshound/store"
)

// TestBrokenFeedComesBack: three 404s in a row mark a feed broken, with
// its reason, in the store and in the log; its next poll is a day away;
// the first success clears it.
func TestBrokenFeedComesBack(t *testing.T) {
	var gone atomic.Bool
	gone.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gone.Load() {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(testkit.RSS(testkit.Host(r), time.Now())))
	}))
	t.Cleanup(srv.Close)
	logs := &testkit.Buffer{}
	clk := clock.New()
	st, c := testkit.ClockedCrawler(t, clk.Now, func(o *crawler.Options) { o.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
	spec := crawler.FeedSpec{URL: srv.URL + "/feed.xml"}
	s := schedule.New(c, schedule.Options{Interval: time.Hour})
	for i, wantBroken := range []bool{false, false, true, true} {
		r := c.PollFeed(t.Context(), spec)
		if r.Class != fetch.ClassNotFound || r.State.ErrorClass != "not_found" || r.State.Broken != wantBroken {
			t.Errorf("poll %d: class %q, stored class %q, broken %v; want not_found, broken %v", i+1, r.Class, r.State.ErrorClass, r.State.Broken, wantBroken)
		}
		if wantBroken {
			if d := s.Delay(s.Interval(spec, r.State), r); d != 24*time.Hour {
				t.Errorf("poll %d: next poll of a broken feed in %s, want 24h", i+1, d)
			}
		}
		clk.Add(time.Hour)
	}
	f, err := st.Feed(t.Context(), spec.URL)
	if err != nil || !f.Broken || !strings.Contains(f.BrokenReason, "404") || f.BrokenSince.IsZero() {
		t.Fatalf("stored feed = %+v, %v; want broken with a reason naming the 404 and a date", f, err)
	}
	if !strings.Contains(logs.String(), "feed marked broken") {
		t.Errorf("log has no line saying the feed was marked broken:\n%s", logs.String())
	}
	gone.Store(false)
	if r := c.PollFeed(t.Context(), spec); r.Err != nil || r.State.Broken || r.State.ErrorScore != 0 || r.State.BrokenReason != "" {
		t.Errorf("poll after recovery: err %v, state %+v; want healthy", r.Err, r.State)
	}
	if !strings.Contains(logs.String(), "broken feed answers again") {
		t.Errorf("log has no line saying the feed came back")
	}
}

// TestSchedulerResumesAndAdapts runs the daemon's scheduler for a moment
// over two feeds: one whose stored NextDue lies an hour ahead (a restart)
// is not polled; the other, new, is polled once, and its chosen interval
// honours its Cache-Control max-age and is stored with NextDue.
func TestSchedulerResumesAndAdapts(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt", "/old.xml":
			http.NotFound(w, r)
		case "/new.xml":
			w.Header().Set("Cache-Control", "max-age=7200")
			// 12 items 10 minutes apart: the rate alone says every 10m.
			var paths []string
			for i := range 12 {
				paths = append(paths, "/story"+string(rune('a'+i)))
			}
			w.Write([]byte(testkit.RSSEvery(testkit.Host(r), time.Now(), 10*time.Minute, paths...)))
		default:
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	st, c := testkit.ClockedCrawler(t, nil)
	ctx := t.Context()
	resumeAt := time.Now().Add(time.Hour).Truncate(time.Second)
	if err := st.PutFeed(ctx, store.Feed{URL: srv.URL + "/old.xml", NextDue: resumeAt, Interval: time.Hour}); err != nil {
		t.Fatal(err)
	}
	polled := make(chan crawler.FeedResult, 4)
	s := schedule.New(c, schedule.Options{Interval: 30 * time.Minute, MinInterval: 5 * time.Minute, MaxInterval: 24 * time.Hour,
		OnPoll: func(r crawler.FeedResult) { polled <- r }})
	s.SetFeeds([]crawler.FeedSpec{{URL: srv.URL + "/old.xml"}, {URL: srv.URL + "/new.xml"}})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	var r crawler.FeedResult
	select {
	case r = <-polled:
	case <-time.After(10 * time.Second):
		t.Fatal("the new feed was not polled within 10s")
	}
	// old.xml waits in the queue for its stored time: the scheduler will
	// not poll it before then, which no sleep here could prove.
	testkit.WaitFor(t, "old.xml queued for its stored time", 10*time.Second, func() bool {
		due, ok := s.NextDue(srv.URL + "/old.xml")
		return ok && due.Equal(resumeAt)
	})
	cancel()
	<-done
	if r.URL != srv.URL+"/new.xml" || r.Err != nil {
		t.Fatalf("polled %s (err %v), want only new.xml", r.URL, r.Err)
	}
	mu.Lock()
	oldHits, newHits := hits["/old.xml"], hits["/new.xml"]
	mu.Unlock()
	if oldHits != 0 || newHits != 1 {
		t.Errorf("requests: old.xml %d, new.xml %d; want 0 and 1", oldHits, newHits)
	}
	f, err := st.Feed(ctx, srv.URL+"/new.xml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Requested != 2*time.Hour || f.Interval != 2*time.Hour || f.EntriesPerDay < 100 {
		t.Errorf("stored feed: requested %s, interval %s, %.0f entries/day; want 2h, 2h (the feed's max-age beats its rate), > 100/day", f.Requested, f.Interval, f.EntriesPerDay)
	}
	if wait := time.Until(f.NextDue); wait < 2*time.Hour-time.Minute || wait > 2*time.Hour+13*time.Minute {
		t.Errorf("stored NextDue in %s, want between 2h and 2h12m (interval plus up to 10%% jitter)", wait)
	}
	old, err := st.Feed(ctx, srv.URL+"/old.xml")
	if err != nil || !old.NextDue.Equal(resumeAt) {
		t.Errorf("old.xml NextDue = %s, %v; want it untouched at %s", old.NextDue, err, resumeAt)
	}
}
