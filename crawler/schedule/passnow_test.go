package schedule_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/schedule"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// TestPassNowPollsEveryFeedOnceAndReplans: with the scheduler running and
// both feeds due in an hour, PassNow polls each now, once, returns their
// summary, and plans each anew from the pass (NextDue an interval from
// now, not the old hour), with nothing left due behind it.
func TestPassNowPollsEveryFeedOnceAndReplans(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/a.xml":
			w.Write([]byte(testkit.RSS(testkit.Host(r), time.Now(), "/a1", "/a2")))
		case "/b.xml":
			w.Write([]byte(testkit.RSS(testkit.Host(r), time.Now(), "/b1")))
		default:
			testkit.Page(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	st, c := testkit.ClockedCrawler(t, nil)
	ctx := t.Context()
	later := time.Now().Add(time.Hour).Truncate(time.Second)
	feeds := []crawler.FeedSpec{{URL: srv.URL + "/b.xml"}, {URL: srv.URL + "/a.xml"}}
	for _, f := range feeds {
		if err := st.PutFeed(ctx, store.Feed{URL: f.URL, NextDue: later, Interval: time.Hour}); err != nil {
			t.Fatal(err)
		}
	}
	var polls sync.WaitGroup
	polls.Add(2)
	s := schedule.New(c, schedule.Options{Interval: 10 * time.Minute, MinInterval: 10 * time.Minute, MaxInterval: 10 * time.Minute,
		OnPoll: func(crawler.FeedResult) { polls.Done() }})
	s.SetFeeds(feeds)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	t.Cleanup(func() { cancel(); <-done })

	sum := s.PassNow(ctx, nil)
	polls.Wait() // OnPoll ran for both: the pass counts as their polls
	if len(sum.Feeds) != 2 || sum.Feeds[0].URL != srv.URL+"/a.xml" || sum.Feeds[1].URL != srv.URL+"/b.xml" {
		t.Fatalf("PassNow feeds = %+v, want a.xml then b.xml", sum.Feeds)
	}
	if n := len(sum.Failed()); n != 0 || sum.NewArticles != 3 {
		t.Errorf("PassNow: %d failed, %d new articles; want 0 and 3", n, sum.NewArticles)
	}
	mu.Lock()
	a, b := hits["/a.xml"], hits["/b.xml"]
	mu.Unlock()
	if a != 1 || b != 1 {
		t.Errorf("feed requests: a.xml %d, b.xml %d; want 1 each", a, b)
	}
	for _, f := range feeds {
		got, err := st.Feed(ctx, f.URL)
		if err != nil {
			t.Fatal(err)
		}
		if wait := time.Until(got.NextDue); wait < 9*time.Minute || wait > 12*time.Minute {
			t.Errorf("%s: NextDue in %s after the pass, want about 10m (planned from the pass, not left at the old hour)", f.URL, wait.Round(time.Second))
		}
	}
	if n := s.Due(); n != 0 {
		t.Errorf("Due() = %d after the pass, want 0", n)
	}
}

// TestPassNowCancelledPutsFeedsBack: a pass cancelled before it starts
// polls nothing and leaves every feed's schedule as it was.
func TestPassNowCancelledPutsFeedsBack(t *testing.T) {
	var mu sync.Mutex
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	st, c := testkit.ClockedCrawler(t, nil)
	later := time.Now().Add(time.Hour).Truncate(time.Second)
	spec := crawler.FeedSpec{URL: srv.URL + "/feed.xml"}
	if err := st.PutFeed(t.Context(), store.Feed{URL: spec.URL, NextDue: later, Interval: time.Hour}); err != nil {
		t.Fatal(err)
	}
	s := schedule.New(c, schedule.Options{})
	s.SetFeeds([]crawler.FeedSpec{spec})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	sum := s.PassNow(ctx, nil)
	if len(sum.Feeds) != 1 || sum.Feeds[0].Err == nil {
		t.Fatalf("cancelled PassNow feeds = %+v, want one failed with the cancellation", sum.Feeds)
	}
	mu.Lock()
	n := hits
	mu.Unlock()
	if n != 0 {
		t.Errorf("cancelled pass sent %d requests, want 0", n)
	}
	got, err := st.Feed(t.Context(), spec.URL)
	if err != nil || !got.NextDue.Equal(later) {
		t.Errorf("NextDue after a cancelled pass = %s, %v; want it untouched at %s", got.NextDue, err, later)
	}
}
