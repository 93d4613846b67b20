package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestFeeds(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	b := Feed{URL: "https://b.example/rss", Title: "B", ETag: `"x1"`, LastModified: "Mon, 10 Mar 2025 12:00:00 GMT",
		BodyHash: "abc", LastFetch: t0, LastSuccess: t0, ErrorCount: 0, NextDue: t0.Add(time.Hour), Interval: 15 * time.Minute}
	a := Feed{URL: "https://a.example/atom", LastFetch: t0, LastError: "feed: 503 Service Unavailable", ErrorCount: 3}
	for _, f := range []Feed{b, a} {
		if err := s.PutFeed(ctx, f); err != nil {
			t.Fatalf("PutFeed(%s) = %v", f.URL, err)
		}
	}
	got, err := s.Feed(ctx, b.URL)
	if err != nil || !reflect.DeepEqual(got, b) {
		t.Errorf("Feed(%s) = %+v, %v; want %+v, nil", b.URL, got, err, b)
	}
	all, err := s.Feeds(ctx)
	if err != nil || !reflect.DeepEqual(all, []Feed{a, b}) {
		t.Errorf("Feeds() = %+v, %v; want [a b] ordered by URL", all, err)
	}
	b.ETag, b.ErrorCount = `"x2"`, 1
	if err := s.PutFeed(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Feed(ctx, b.URL); got.ETag != `"x2"` || got.ErrorCount != 1 {
		t.Errorf("Feed after replace = %+v, want ETag \"x2\" and ErrorCount 1", got)
	}
	if err := s.DeleteFeed(ctx, a.URL); err != nil {
		t.Errorf("DeleteFeed(%s) = %v", a.URL, err)
	}
	if _, err := s.Feed(ctx, a.URL); !errors.Is(err, ErrNotFound) {
		t.Errorf("Feed(deleted) = %v, want ErrNotFound", err)
	}
	if err := s.DeleteFeed(ctx, a.URL); !errors.Is(err, ErrNotFound) {
		t.Errorf("DeleteFeed(deleted) = %v, want ErrNotFound", err)
	}
	if err := s.PutFeed(ctx, Feed{}); err == nil {
		t.Errorf("PutFeed(no URL) = nil, want an error")
	}
}

func TestCanceledContext(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.PutFeed(ctx, Feed{URL: "https://a.example/rss"}); !errors.Is(err, context.Canceled) {
		t.Errorf("PutFeed(canceled) = %v, want context.Canceled", err)
	}
	if err := s.PutArticle(ctx, many(1)[0]); !errors.Is(err, context.Canceled) {
		t.Errorf("PutArticle(canceled) = %v, want context.Canceled", err)
	}
	if _, err := Open(ctx, s.Path()+"2", Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Open(canceled) = %v, want context.Canceled", err)
	}
}
