package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"
)

// chain returns three copies of one story: a and c salted at disjoint
// ends (similarity 0.25, below the default threshold, though they share
// band keys) and b unsalted, similar to both (0.625).
func chain() (a, b, c *Article) {
	a = signed("https://a.example/wire", 0, saltedSig(1, 0, 24, "a"), "r1")
	b = signed("https://b.example/full", time.Hour, saltedSig(1, 0, 0, "b"), "r1")
	c = signed("https://c.example/cut", 2*time.Hour, saltedSig(1, 40, 64, "c"), "r1")
	return a, b, c
}

func TestChainPremise(t *testing.T) {
	a, b, c := chain()
	for _, tt := range []struct {
		name    string
		x, y    *Article
		similar bool
	}{{"a~b", a, b, true}, {"b~c", b, c, true}, {"a~c", a, c, false}} {
		if got := tt.x.Signature.Similarity(tt.y.Signature); (got >= DefaultThreshold) != tt.similar {
			t.Errorf("Similarity(%s) = %.3f, want similar %v", tt.name, got, tt.similar)
		}
	}
}

// TestClusterMergeEveryOrder stores three copies of a story, where a and
// c match only b, in each of the six orders: all three must end in one
// cluster (the oldest one's when b merges two), every index agreeing, and
// exactly the flags that were new when stored raise an alert.
func TestClusterMergeEveryOrder(t *testing.T) {
	tests := []struct {
		order string
		first string // whose id the cluster takes
		fresh int    // flags not Duplicate: a and c alert when neither knew the other
	}{
		{"abc", "a", 1}, {"acb", "a", 2}, {"bac", "b", 1},
		{"bca", "b", 1}, {"cab", "a", 2}, {"cba", "c", 1},
	}
	for _, tt := range tests {
		t.Run(tt.order, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t)
			s.SetAlertPolicy(routeAll("https://hook.test/"))
			a, b, c := chain()
			byName := map[byte]*Article{'a': a, 'b': b, 'c': c}
			for i := range len(tt.order) {
				put(t, s, byName[tt.order[i]])
			}
			want := byName[tt.first[0]].ID
			fresh := 0
			for name, x := range byName {
				got, err := s.Article(ctx, x.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Cluster != want {
					t.Errorf("stored cluster of %c = %s, want %s (%c's)", name, got.Cluster, want, tt.first[0])
				}
				if !got.Flags[0].Duplicate {
					fresh++
				}
			}
			if fresh != tt.fresh {
				t.Errorf("%d flags not Duplicate, want %d", fresh, tt.fresh)
			}
			if last := byName[tt.order[2]]; !last.Flags[0].Duplicate || last.Cluster != want {
				t.Errorf("last stored (%s) has Duplicate %v in cluster %s, want true in %s", last.URL, last.Flags[0].Duplicate, last.Cluster, want)
			}
			if n := len(deliveries(t, s)); n != tt.fresh {
				t.Errorf("%d deliveries enqueued, want %d", n, tt.fresh)
			}
			members, err := s.Cluster(ctx, want)
			if err != nil || len(members) != 3 {
				t.Errorf("Cluster(%s) = %d members, %v; want 3", want, len(members), err)
			}
			for _, gone := range []*Article{a, b, c} {
				if m, err := s.Cluster(ctx, gone.ID); gone.ID != want && (err != nil || len(m) != 0) {
					t.Errorf("Cluster(%s), merged away, = %d members, %v; want none", gone.ID, len(m), err)
				}
			}
			mustCheck(t, s)
		})
	}
}

// TestClusterMergeBounded: two clusters merge only while the result stays
// within MaxClusterMembers; past it the new article joins the oldest and
// the other keeps its members and its id.
func TestClusterMergeBounded(t *testing.T) {
	tests := []struct {
		name   string
		na, nc int
		merged bool
	}{
		{"small clusters merge", 30, 30, true},
		{"at the limit", 50, 49, true},
		{"past the limit", 60, 45, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t)
			var as, cs []*Article
			for i := range tt.na {
				as = append(as, signed(fmt.Sprintf("https://a%d.example/wire", i), time.Duration(i)*time.Second, saltedSig(1, 0, 24, fmt.Sprint("a", i)), "r1"))
			}
			for i := range tt.nc {
				cs = append(cs, signed(fmt.Sprintf("https://c%d.example/cut", i), 2*time.Hour+time.Duration(i)*time.Second, saltedSig(1, 40, 64, fmt.Sprint("c", i))))
			}
			putParallel(t, s, as)
			putParallel(t, s, cs)
			_, b, _ := chain()
			put(t, s, b)
			ca, err := s.Article(ctx, as[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			cc, err := s.Article(ctx, cs[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if b.Cluster != ca.Cluster {
				t.Errorf("bridge joined %s, want the older cluster %s", b.Cluster, ca.Cluster)
			}
			if got := cc.Cluster == ca.Cluster; got != tt.merged {
				t.Errorf("merged = %v (clusters %s, %s), want %v", got, ca.Cluster, cc.Cluster, tt.merged)
			}
			wantA := tt.na + 1
			if tt.merged {
				wantA += tt.nc
			}
			if m, err := s.Cluster(ctx, ca.Cluster); err != nil || len(m) != min(wantA, MaxClusterMembers) {
				t.Errorf("Cluster(older) = %d members, %v; want %d", len(m), err, wantA)
			}
			ids := map[string]bool{}
			if err := s.Articles(ctx, Query{}, func(x *Article) error { ids[x.Cluster] = true; return nil }); err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 1, false: 2}[tt.merged]; len(ids) != want {
				t.Errorf("articles in %d clusters %v, want %d", len(ids), slices.Collect(maps.Keys(ids)), want)
			}
			// b's flag: a duplicate, since a's copies carry r1.
			if !b.Flags[0].Duplicate {
				t.Errorf("bridge's r1 flag is not Duplicate, want Duplicate (the a copies carry r1)")
			}
			mustCheck(t, s)
		})
	}
}

// TestRePutLinksClusters: an article stored again with a new text (the
// page fetched after the feed's text) links the cluster it was in with
// the one its new text matches.
func TestRePutLinksClusters(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a, _, c := chain()
	b := signed("https://b.example/retried", time.Hour, saltedSig(1, 0, 24, "b")) // like a, not c
	put(t, s, a, c, b)
	if b.Cluster != a.ID || c.Cluster != c.ID {
		t.Fatalf("before: b in %s, c in %s; want %s and its own", b.Cluster, c.Cluster, a.ID)
	}
	b.Signature, b.Cluster = saltedSig(1, 40, 64, "b"), "" // now like c, not a
	put(t, s, b)
	for _, x := range []*Article{a, b, c} {
		got, err := s.Article(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Cluster != a.ID {
			t.Errorf("cluster of %s = %s, want %s", x.URL, got.Cluster, a.ID)
		}
	}
	mustCheck(t, s)
}
