package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// ClusterStore is what the Clusters group needs.
type ClusterStore interface {
	PutArticle(ctx context.Context, a *store.Article) error
	AddArticle(ctx context.Context, a *store.Article) (bool, error)
	Article(ctx context.Context, id string) (*store.Article, error)
	Cluster(ctx context.Context, cluster string) ([]*store.Article, error)
}

// signed is story n published at t0+d, signed with sig and flagged by
// rules.
func signed(n int, d time.Duration, sig *store.Signature, rules ...string) *store.Article {
	a := story(n, d, d+time.Minute, rules...)
	a.Signature = sig
	return a
}

// Clusters checks story clustering: similar articles share a cluster
// whichever order they arrive in, Cluster lists its members oldest
// first, and a flag whose rule another member carries is a Duplicate.
func Clusters(t *testing.T, open func(t *testing.T) ClusterStore) {
	// a ~ b ~ c, a !~ c: the three end in one cluster in any order.
	chain := func() []*store.Article {
		return []*store.Article{signed(1, -2*time.Hour, sigA), signed(2, -time.Hour, sigB), signed(3, 0, sigC)}
	}
	for _, order := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		t.Run(fmt.Sprintf("order %d%d%d", order[0]+1, order[1]+1, order[2]+1), func(t *testing.T) {
			s := open(t)
			arts := chain()
			other := signed(4, -90*time.Minute, sigD)
			late := signed(5, 100*time.Hour, sigA) // like a, outside the window
			for _, i := range order {
				put(t, s, arts[i])
			}
			put(t, s, other, late)
			var cluster string
			for _, a := range arts {
				got, err := s.Article(t.Context(), a.ID)
				if err != nil {
					t.Fatalf("Article(%s) = %v, want no error", a.ID, err)
				}
				if cluster == "" {
					if cluster = got.Cluster; !slices.Contains(ids(arts), cluster) {
						t.Errorf("cluster id %q is not the id of one of its articles %q", cluster, ids(arts))
					}
				}
				if got.Cluster != cluster {
					t.Errorf("story %s is in cluster %q, want %q with the others of its chain", got.Title, got.Cluster, cluster)
				}
				if got.Signature != nil {
					t.Errorf("Article(%s).Signature = %+v, want nil on an article read back", a.ID, got.Signature)
				}
			}
			members, err := s.Cluster(t.Context(), cluster)
			if d := diff(ids(members), ids(arts)); err != nil || d != "" {
				t.Errorf("Cluster(%s) (error %v), want the chain's three articles, oldest first:\n%s", cluster, err, d)
			}
			for _, a := range []*store.Article{other, late} {
				if a.Cluster != a.ID {
					t.Errorf("story %s with nothing similar in its window is in cluster %q, want its own id", a.Title, a.Cluster)
				}
				members, err := s.Cluster(t.Context(), a.ID)
				if d := diff(ids(members), []string{a.ID}); err != nil || d != "" {
					t.Errorf("Cluster(%s) of an article alone (error %v):\n%s", a.ID, err, d)
				}
			}
		})
	}
	t.Run("Duplicate", func(t *testing.T) {
		s := open(t)
		put(t, s, signed(1, 0, sigA, "bank"))
		b := signed(2, time.Hour, sigB, "bank", "privacy")
		if added, err := s.AddArticle(t.Context(), b); !added || err != nil {
			t.Fatalf("AddArticle(b) = %v, %v, want true", added, err)
		}
		want := map[string]bool{"bank": true, "privacy": false}
		got, err := s.Article(t.Context(), b.ID)
		if err != nil {
			t.Fatalf("Article = %v, want no error", err)
		}
		for _, f := range got.Flags {
			if f.Duplicate != want[f.Rule] {
				t.Errorf("flag %s of the second article of a cluster: Duplicate = %v, want %v", f.Rule, f.Duplicate, want[f.Rule])
			}
		}
		if got.Cluster != idsOf(1)[0] {
			t.Errorf("AddArticle's article is in cluster %q, want the first article's", got.Cluster)
		}
		first, err := s.Article(t.Context(), idsOf(1)[0])
		if err != nil || first.Flags[0].Duplicate {
			t.Errorf("the first article's flag = %+v, %v, want no Duplicate", first.Flags, err)
		}
		// Stored again, a flag keeps its Duplicate.
		put(t, s, signed(2, time.Hour, sigB, "bank", "privacy"))
		if got, err := s.Article(t.Context(), b.ID); err != nil || !got.Flags[0].Duplicate {
			t.Errorf("Duplicate of flag bank after storing the article again = %+v, %v, want kept", got.Flags, err)
		}
	})
	t.Run("Unsigned", func(t *testing.T) {
		s := open(t)
		a := story(1, 0, time.Minute)
		put(t, s, a)
		if members, err := s.Cluster(t.Context(), a.ID); err != nil || len(members) != 1 || members[0].ID != a.ID {
			t.Errorf("Cluster(%s) of an unsigned article = %v, %v, want it alone", a.ID, ids(members), err)
		}
		// Signed later, it joins a similar article's cluster.
		put(t, s, signed(2, -time.Hour, sigA))
		put(t, s, signed(1, 0, sigB))
		got, err := s.Article(t.Context(), a.ID)
		if err != nil || got.Cluster != idsOf(2)[0] {
			t.Errorf("an article signed when stored again is in cluster %q (error %v), want %s", got.Cluster, err, idsOf(2)[0])
		}
		if members, err := s.Cluster(t.Context(), a.ID); err != nil || len(members) != 0 {
			t.Errorf("Cluster(its old id) = %v, %v, want none", ids(members), err)
		}
	})
	t.Run("Unknown", func(t *testing.T) {
		if members, err := open(t).Cluster(t.Context(), idsOf(1)[0]); err != nil || len(members) != 0 {
			t.Errorf("Cluster of an unknown id = %v, %v, want none and no error", ids(members), err)
		}
	})
	t.Run("BadSignature", func(t *testing.T) {
		s := open(t)
		for name, sig := range map[string]*store.Signature{
			"no values":         {Bands: []uint64{1}},
			"no bands":          {MinHash: []uint32{1, 2}},
			"threshold above 1": {MinHash: []uint32{1, 2}, Bands: []uint64{1}, Threshold: 1.5},
			"negative window":   {MinHash: []uint32{1, 2}, Bands: []uint64{1}, Window: -time.Hour},
		} {
			if err := s.PutArticle(t.Context(), signed(1, 0, sig)); err == nil {
				t.Errorf("PutArticle with a signature with %s = nil, want an error", name)
			}
		}
	})
}
