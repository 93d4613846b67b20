package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// CheckStore is what the Checks group needs: enough to fill a store with
// every kind of record, and the checks.
type CheckStore interface {
	PutFeed(ctx context.Context, f store.Feed) error
	AddSubscriptions(ctx context.Context, subs []store.Subscription) ([]string, error)
	PutArticle(ctx context.Context, a *store.Article) error
	AddSource(ctx context.Context, id string, f store.FeedRef) error
	PutLabel(ctx context.Context, l store.Label) error
	PutRetry(ctx context.Context, r store.Retry) error
	PutHostPause(ctx context.Context, p store.HostPause) error
	SetAlertPolicy(p store.AlertPolicy)
	Prune(ctx context.Context, olderThan time.Time, includeFlagged bool) (int, error)
	Check(ctx context.Context) error
	QuickCheck(ctx context.Context) error
}

// Checks checks that Check and QuickCheck find nothing wrong with a
// sound store: an empty one, and one holding every kind of record after
// replacements, cluster merges and a prune.
func Checks(t *testing.T, open func(t *testing.T) CheckStore) {
	check := func(t *testing.T, what string, s CheckStore) {
		t.Helper()
		if err := s.Check(t.Context()); err != nil {
			t.Errorf("Check() of %s = %v, want nil", what, err)
		}
		if err := s.QuickCheck(t.Context()); err != nil {
			t.Errorf("QuickCheck() of %s = %v, want nil", what, err)
		}
	}
	t.Run("Empty", func(t *testing.T) { check(t, "an empty store", open(t)) })
	t.Run("Full", func(t *testing.T) {
		ctx := t.Context()
		s := open(t)
		s.SetAlertPolicy(&policy{targets: hooks})
		mustPutFeed(t, s, fullFeed(feedA.URL))
		if _, err := s.AddSubscriptions(ctx, []store.Subscription{{URL: feedB.URL, Added: at(0)}}); err != nil {
			t.Fatalf("AddSubscriptions = %v, want no error", err)
		}
		arts := pruneStories()
		arts = append(arts, signed(5, -time.Hour, sigC, "privacy"), story(6, 0, time.Minute, "bank", "privacy"))
		put(t, s, arts...)
		put(t, s, story(6, 0, time.Minute, "bank")) // replaced, losing a flag
		if err := s.AddSource(ctx, arts[1].ID, feedB); err != nil {
			t.Fatalf("AddSource = %v, want no error", err)
		}
		for _, a := range arts {
			mustPutLabel(t, s, store.Label{ArticleID: a.ID, Rule: "bank", Labeled: at(0)})
		}
		mustPutRetry(t, s, store.Retry{ID: arts[2].ID, URL: arts[2].URL, Attempts: 1, Due: at(time.Hour)})
		if err := s.PutHostPause(ctx, store.HostPause{Host: "a.example", Since: at(0), Until: at(time.Hour)}); err != nil {
			t.Fatalf("PutHostPause = %v, want no error", err)
		}
		check(t, "a full store", s)
		if _, err := s.Prune(ctx, at(-90*time.Minute), true); err != nil {
			t.Fatalf("Prune = %v, want no error", err)
		}
		check(t, "a full store after Prune", s)
	})
}
