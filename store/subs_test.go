package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestSubscriptions(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	if got, err := s.Subscriptions(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Subscriptions() of a new database = %v, %v; want none", got, err)
	}
	b := Subscription{URL: "https://b.example/rss", Name: "B", Interval: time.Hour, Added: t0}
	a := Subscription{URL: "https://a.example/atom", Added: t0}
	added, err := s.AddSubscriptions(ctx, []Subscription{b, a})
	if err != nil || !reflect.DeepEqual(added, []string{b.URL, a.URL}) {
		t.Fatalf("AddSubscriptions(b, a) = %v, %v; want [b a]", added, err)
	}
	again := Subscription{URL: b.URL, Name: "other name"}
	c := Subscription{URL: "https://c.example/feed", Added: t0}
	added, err = s.AddSubscriptions(ctx, []Subscription{again, c})
	if err != nil || !reflect.DeepEqual(added, []string{c.URL}) {
		t.Errorf("AddSubscriptions(b again, c) = %v, %v; want only [c]", added, err)
	}
	got, err := s.Subscriptions(ctx)
	if err != nil || !reflect.DeepEqual(got, []Subscription{a, b, c}) {
		t.Errorf("Subscriptions() = %+v, %v; want [a b c] ordered by URL, b unchanged", got, err)
	}
	if err := s.DeleteSubscription(ctx, b.URL); err != nil {
		t.Errorf("DeleteSubscription(b) = %v", err)
	}
	if err := s.DeleteSubscription(ctx, b.URL); !errors.Is(err, ErrNotFound) {
		t.Errorf("DeleteSubscription(b again) = %v, want ErrNotFound", err)
	}
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Name: "no url"}}); err == nil {
		t.Error("AddSubscriptions(no URL) = nil error, want one")
	}
	if err := s.Check(ctx); err != nil {
		t.Errorf("Check with subscriptions = %v", err)
	}
}

func TestSubscriptionsMissingBucket(t *testing.T) {
	s := openTest(t)
	if err := s.DeleteSubscription(context.Background(), "https://a.example/rss"); !errors.Is(err, ErrNotFound) {
		t.Errorf("DeleteSubscription without the bucket = %v, want ErrNotFound", err)
	}
}
