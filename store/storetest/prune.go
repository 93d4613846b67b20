package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// PruneStore is what the Prune group needs: articles with labels and
// clusters, and Prune.
type PruneStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	Prune(ctx context.Context, olderThan time.Time, includeFlagged bool) (int, error)
	HasArticle(ctx context.Context, id string) (bool, error)
	Articles(ctx context.Context, q store.Query, fn func(*store.Article) error) error
	Cluster(ctx context.Context, cluster string) ([]*store.Article, error)
	PutLabel(ctx context.Context, l store.Label) error
	ArticleLabels(ctx context.Context, articleID string) ([]store.Label, error)
	Labels(ctx context.Context, rule string, fn func(store.Label) error) error
}

// pruneStories are stories 1 to 4: 1 fetched 3 hours before t0, 2 two
// hours before and flagged, 3 an hour before though published 5 hours
// before (Prune goes by Fetched), 4 at t0.
func pruneStories() []*store.Article {
	s1 := story(1, -3*time.Hour, -3*time.Hour)
	s1.Aliases = []string{"https://news.example/amp/1"}
	s1.Signature = sigA
	s2 := story(2, -2*time.Hour, -2*time.Hour, "bank")
	s3 := story(3, -5*time.Hour, -time.Hour)
	s4 := story(4, -150*time.Minute, 0)
	s4.Signature = sigB // in s1's cluster
	return []*store.Article{s1, s2, s3, s4}
}

// Prune checks that Prune removes the articles fetched before its time,
// the flagged ones only when asked, and their labels, aliases and
// cluster membership with them.
func Prune(t *testing.T, open func(t *testing.T) PruneStore) {
	tests := []struct {
		name           string
		olderThan      time.Time
		includeFlagged bool
		removed        []int
	}{
		{"none older", at(-4 * time.Hour), true, nil},
		{"fetched before", at(-90 * time.Minute), false, []int{1}},
		{"flagged too", at(-90 * time.Minute), true, []int{1, 2}},
		{"fetched at the time stays", at(-time.Hour), false, []int{1}},
		{"by fetch time, not publication", at(-time.Hour + time.Microsecond), false, []int{1, 3}},
		{"all", at(time.Hour), true, []int{1, 2, 3, 4}},
		{"all but flagged", at(time.Hour), false, []int{1, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			s := open(t)
			arts := pruneStories()
			put(t, s, arts...)
			for _, a := range arts {
				mustPutLabel(t, s, store.Label{ArticleID: a.ID, Rule: "bank", Relevant: true, Labeled: at(0)})
			}
			n, err := s.Prune(ctx, tt.olderThan, tt.includeFlagged)
			if n != len(tt.removed) || err != nil {
				t.Errorf("Prune(%v, %v) = %d, %v, want %d", tt.olderThan, tt.includeFlagged, n, err, len(tt.removed))
			}
			gone := map[string]bool{}
			for _, id := range idsOf(tt.removed...) {
				gone[id] = true
			}
			var kept []string
			for _, a := range arts {
				if !gone[a.ID] {
					kept = append(kept, a.ID)
				}
				has, err := s.HasArticle(ctx, a.ID)
				if has == gone[a.ID] || err != nil {
					t.Errorf("HasArticle(%s) after Prune = %v, %v, want %v", a.Title, has, err, !gone[a.ID])
				}
				labels, err := s.ArticleLabels(ctx, a.ID)
				if (len(labels) == 0) != gone[a.ID] || err != nil {
					t.Errorf("ArticleLabels(%s) after Prune = %d labels, %v; want them gone only with the article", a.Title, len(labels), err)
				}
			}
			var labeled []string
			if err := s.Labels(ctx, "", func(l store.Label) error { labeled = append(labeled, l.ArticleID); return nil }); err != nil {
				t.Fatalf("Labels = %v, want no error", err)
			}
			if d := diff(labeled, sortedStrings(kept)); d != "" {
				t.Errorf("Labels() after Prune, want the labels of the articles kept:\n%s", d)
			}
			var listed []string
			for _, id := range queryIDs(t, s, store.Query{}) {
				listed = append(listed, id)
			}
			if d := diff(sortedStrings(listed), sortedStrings(kept)); d != "" {
				t.Errorf("Articles() after Prune, want the articles kept:\n%s", d)
			}
			if has, err := s.HasArticle(ctx, store.ArticleID(arts[0].Aliases[0])); has == gone[arts[0].ID] || err != nil {
				t.Errorf("HasArticle(alias of story 1) after Prune = %v, %v, want %v", has, err, !gone[arts[0].ID])
			}
			members, err := s.Cluster(ctx, arts[0].ID)
			var want []string
			for _, a := range []*store.Article{arts[0], arts[3]} {
				if !gone[a.ID] {
					want = append(want, a.ID)
				}
			}
			if d := diff(ids(members), want); err != nil || d != "" {
				t.Errorf("Cluster(story 1's) after Prune (error %v), want the members kept:\n%s", err, d)
			}
		})
	}
}
