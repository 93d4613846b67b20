package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// FeedStore is what the Feeds group needs: the feeds' fetch state and the
// feeds added at run time.
type FeedStore interface {
	Feed(ctx context.Context, url string) (store.Feed, error)
	Feeds(ctx context.Context) ([]store.Feed, error)
	PutFeed(ctx context.Context, f store.Feed) error
	DeleteFeed(ctx context.Context, url string) error
	AddSubscriptions(ctx context.Context, subs []store.Subscription) ([]string, error)
	Subscriptions(ctx context.Context) ([]store.Subscription, error)
	DeleteSubscription(ctx context.Context, url string) error
}

// fullFeed is a feed with every field set.
func fullFeed(url string) store.Feed {
	return store.Feed{
		URL: url, Title: "The feed at " + url,
		ETag: `"abc123"`, LastModified: "Mon, 10 Mar 2025 11:00:00 GMT", BodyHash: "sha256:00ff",
		LastFetch: at(-time.Minute), LastSuccess: at(-time.Hour),
		LastError: "connect: connection refused", ErrorCount: 3, ErrorClass: "connect", ErrorScore: 2.5,
		Broken: true, BrokenReason: "it failed 3 times in a row", BrokenSince: at(-2 * time.Hour),
		ItemTimes:     []time.Time{at(-time.Hour), at(-3 * time.Hour), at(-26 * time.Hour)},
		EntriesPerDay: 4.25, TTL: 30 * time.Minute, Requested: time.Hour,
		NextDue: at(time.Hour), Interval: 45 * time.Minute,
	}
}

// Feeds checks Feed, Feeds, PutFeed and DeleteFeed, and the subscriptions
// (AddSubscriptions, Subscriptions, DeleteSubscription).
func Feeds(t *testing.T, open func(t *testing.T) FeedStore) {
	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		for _, f := range []store.Feed{fullFeed("https://a.example/feed.xml"), {URL: "https://b.example/rss"}} {
			if err := s.PutFeed(t.Context(), f); err != nil {
				t.Fatalf("PutFeed(%s) = %v, want no error", f.URL, err)
			}
			got, err := s.Feed(t.Context(), f.URL)
			if err != nil {
				t.Fatalf("Feed(%s) = %v, want no error", f.URL, err)
			}
			if d := diff(got, f); d != "" {
				t.Errorf("Feed(%s) differs from what PutFeed stored:\n%s", f.URL, d)
			}
		}
	})
	t.Run("PutReplaces", func(t *testing.T) {
		s := open(t)
		f := fullFeed("https://a.example/feed.xml")
		mustPutFeed(t, s, f)
		f2 := store.Feed{URL: f.URL, Title: "Renamed", LastSuccess: at(time.Hour)}
		mustPutFeed(t, s, f2)
		got, err := s.Feed(t.Context(), f.URL)
		if err != nil {
			t.Fatalf("Feed = %v, want no error", err)
		}
		if d := diff(got, f2); d != "" {
			t.Errorf("Feed after a second PutFeed differs from the second feed (no field of the first may stay):\n%s", d)
		}
	})
	t.Run("FeedsByURL", func(t *testing.T) {
		s := open(t)
		if got, err := s.Feeds(t.Context()); err != nil || len(got) != 0 {
			t.Fatalf("Feeds() of an empty store = %v, %v, want none and no error", got, err)
		}
		urls := []string{"https://c.example/x", "https://a.example/feed.xml", "https://b.example/rss"}
		for _, u := range urls {
			mustPutFeed(t, s, store.Feed{URL: u, Title: u})
		}
		got, err := s.Feeds(t.Context())
		if err != nil {
			t.Fatalf("Feeds() = %v, want no error", err)
		}
		want := []store.Feed{{URL: urls[1], Title: urls[1]}, {URL: urls[2], Title: urls[2]}, {URL: urls[0], Title: urls[0]}}
		if d := diff(got, want); d != "" {
			t.Errorf("Feeds() is not every feed ordered by URL:\n%s", d)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		s := open(t)
		mustPutFeed(t, s, store.Feed{URL: "https://a.example/feed.xml"})
		mustPutFeed(t, s, store.Feed{URL: "https://b.example/rss"})
		if err := s.DeleteFeed(t.Context(), "https://a.example/feed.xml"); err != nil {
			t.Fatalf("DeleteFeed = %v, want no error", err)
		}
		if _, err := s.Feed(t.Context(), "https://a.example/feed.xml"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Feed of a deleted feed = %v, want ErrNotFound", err)
		}
		if err := s.DeleteFeed(t.Context(), "https://a.example/feed.xml"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("DeleteFeed of a deleted feed = %v, want ErrNotFound", err)
		}
		got, err := s.Feeds(t.Context())
		if d := diff(got, []store.Feed{{URL: "https://b.example/rss"}}); err != nil || d != "" {
			t.Errorf("Feeds() after DeleteFeed = %v (error %v), want only the other feed:\n%s", got, err, d)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		s := open(t)
		if _, err := s.Feed(t.Context(), "https://none.example/"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Feed of an unknown URL = %v, want ErrNotFound", err)
		}
		if err := s.PutFeed(t.Context(), store.Feed{Title: "no URL"}); err == nil {
			t.Errorf("PutFeed of a feed without URL = nil, want an error")
		}
	})
	t.Run("Subscriptions", func(t *testing.T) { subscriptions(t, open(t)) })
}

func mustPutFeed(t *testing.T, s interface {
	PutFeed(context.Context, store.Feed) error
}, f store.Feed) {
	t.Helper()
	if err := s.PutFeed(t.Context(), f); err != nil {
		t.Fatalf("PutFeed(%s) = %v, want no error", f.URL, err)
	}
}

// subscriptions checks AddSubscriptions, Subscriptions and
// DeleteSubscription on the fresh store s.
func subscriptions(t *testing.T, s FeedStore) {
	ctx := t.Context()
	if got, err := s.Subscriptions(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Subscriptions() of an empty store = %v, %v, want none and no error", got, err)
	}
	c := store.Subscription{URL: "https://c.example/feed", Name: "C", Interval: 2 * time.Hour, Added: at(0)}
	a := store.Subscription{URL: "https://a.example/feed", Added: at(time.Minute)}
	added, err := s.AddSubscriptions(ctx, []store.Subscription{c, a})
	if d := diff(added, []string{c.URL, a.URL}); err != nil || d != "" {
		t.Fatalf("AddSubscriptions(c, a) = %q, %v, want both URLs in the order given:\n%s", added, err, d)
	}
	b := store.Subscription{URL: "https://b.example/feed", Name: "B", Added: at(time.Hour)}
	again := store.Subscription{URL: c.URL, Name: "C again", Added: at(time.Hour)}
	b2 := store.Subscription{URL: b.URL, Name: "B twice", Added: at(2 * time.Hour)}
	added, err = s.AddSubscriptions(ctx, []store.Subscription{again, b, b2})
	if d := diff(added, []string{b.URL}); err != nil || d != "" {
		t.Errorf("AddSubscriptions(c again, b, b twice) = %q, %v, want only b's URL, once:\n%s", added, err, d)
	}
	got, err := s.Subscriptions(ctx)
	if d := diff(got, []store.Subscription{a, b, c}); err != nil || d != "" {
		t.Errorf("Subscriptions() = %v (error %v), want a, b, c ordered by URL, each its first subscription:\n%s", got, err, d)
	}
	if _, err := s.AddSubscriptions(ctx, []store.Subscription{{URL: "https://d.example/feed"}, {Name: "no URL"}}); err == nil {
		t.Errorf("AddSubscriptions with a subscription without URL = nil, want an error")
	}
	if got, _ := s.Subscriptions(ctx); len(got) != 3 {
		t.Errorf("Subscriptions() after a refused AddSubscriptions has %d subscriptions, want the 3 before it (one transaction)", len(got))
	}
	if err := s.DeleteSubscription(ctx, a.URL); err != nil {
		t.Fatalf("DeleteSubscription(a) = %v, want no error", err)
	}
	if err := s.DeleteSubscription(ctx, a.URL); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteSubscription of a deleted subscription = %v, want ErrNotFound", err)
	}
	got, err = s.Subscriptions(ctx)
	if d := diff(got, []store.Subscription{b, c}); err != nil || d != "" {
		t.Errorf("Subscriptions() after DeleteSubscription(a) = %v (error %v):\n%s", got, err, d)
	}
}
