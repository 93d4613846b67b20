package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"reflect"
	"sync"
	"testing"
	"time"
)

// testSig is a 64-value signature of story: the first noise values are
// salted (differ between copies), the rest are the story's, so two copies
// of one story have similarity (64 - noise) / 64 or more.
func testSig(story, noise int, salt string) *Signature {
	return saltedSig(story, 0, noise, salt)
}

// saltedSig is a 64-value signature of story whose values at positions
// [from, to) are salted, in 16 bands of 4.
func saltedSig(story, from, to int, salt string) *Signature {
	s := &Signature{MinHash: make([]uint32, 64)}
	for i := range s.MinHash {
		s.MinHash[i] = uint32(story*1000 + i)
		if i >= from && i < to {
			h := fnv.New32a()
			fmt.Fprintf(h, "%s/%d", salt, i)
			s.MinHash[i] = h.Sum32()
		}
	}
	for b := range 16 {
		h := fnv.New64a()
		for _, v := range s.MinHash[4*b : 4*b+4] {
			h.Write(binary.BigEndian.AppendUint32(nil, v))
		}
		s.Bands = append(s.Bands, h.Sum64()+uint64(b))
	}
	return s
}

func signed(url string, published time.Duration, sig *Signature, rules ...string) *Article {
	a := article(url, "https://feed.example/"+url, at(published), t0.Add(published+time.Minute), rules...)
	a.Signature = sig
	return a
}

func TestClusters(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := signed("https://a.example/wire", 0, testSig(1, 0, "a"))
	b := signed("https://b.example/copy", time.Hour, testSig(1, 16, "b")) // similarity 0.75
	c := signed("https://c.example/other", 2*time.Hour, testSig(2, 0, "c"))
	d := signed("https://d.example/late", 80*time.Hour, testSig(1, 0, "d")) // outside the window
	e := signed("https://e.example/rewrite", 3*time.Hour, testSig(1, 40, "e"))
	short := article("https://f.example/short", "https://feed.example/f", at(0), t0)
	put(t, s, a, b, c, d, e, short)
	tests := []struct {
		name string
		a    *Article
		want string
	}{
		{"first of its story", a, a.ID},
		{"copy joins", b, a.ID},
		{"other story", c, c.ID},
		{"outside the window", d, d.ID},
		{"below the threshold", e, e.ID},
		{"no signature", short, short.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Article(ctx, tt.a.ID)
			if err != nil || got.Cluster != tt.want || tt.a.Cluster != tt.want {
				t.Errorf("cluster of %s = %q (stored %q, %v), want %q", tt.a.URL, tt.a.Cluster, got.Cluster, err, tt.want)
			}
		})
	}
	members, err := s.Cluster(ctx, a.ID)
	if err != nil || len(members) != 2 || members[0].ID != a.ID || members[1].ID != b.ID {
		t.Errorf("Cluster(%s) = %d members, %v; want a then b", a.ID, len(members), err)
	}
	// Replacing an article without a signature keeps its cluster.
	b2 := *b
	b2.Signature, b2.Cluster = nil, ""
	put(t, s, &b2)
	if b2.Cluster != a.ID {
		t.Errorf("cluster after an unsigned replace = %q, want %q", b2.Cluster, a.ID)
	}
	mustCheck(t, s)
}

func TestFlagDuplicate(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := signed("https://a.example/wire", 0, testSig(1, 0, "a"), "r1")
	b := signed("https://b.example/copy", time.Hour, testSig(1, 8, "b"), "r1", "r2")
	put(t, s, a, b)
	if a.Flags[0].Duplicate || !b.Flags[0].Duplicate || b.Flags[1].Duplicate {
		t.Errorf("Duplicate of a.r1, b.r1, b.r2 = %v, %v, %v; want false, true, false", a.Flags[0].Duplicate, b.Flags[0].Duplicate, b.Flags[1].Duplicate)
	}
	// Re-checking a stored story (rules apply) keeps what was decided.
	a2, err := s.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := s.Article(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	b2.Flags[0].Duplicate = false
	put(t, s, b2, a2)
	if a2.Flags[0].Duplicate || !b2.Flags[0].Duplicate {
		t.Errorf("after re-put, Duplicate of a.r1, b.r1 = %v, %v; want false, true", a2.Flags[0].Duplicate, b2.Flags[0].Duplicate)
	}
}

// TestFlagDuplicateConcurrent: of many flagged copies stored at once,
// exactly one raises the alert.
func TestFlagDuplicateConcurrent(t *testing.T) {
	s := openTest(t)
	var arts []*Article
	for i := range 24 {
		arts = append(arts, signed(fmt.Sprintf("https://o%d.example/copy", i), time.Duration(i)*time.Minute, testSig(1, 4, fmt.Sprint(i)), "r1"))
	}
	putParallel(t, s, arts)
	first := 0
	for _, a := range arts {
		if a.Cluster != arts[0].Cluster && a.Cluster != a.ID {
			t.Errorf("%s in cluster %s", a.URL, a.Cluster)
		}
		if !a.Flags[0].Duplicate {
			first++
		}
	}
	members, err := s.Cluster(context.Background(), arts[0].Cluster)
	if err != nil || len(members) != len(arts) {
		t.Errorf("cluster has %d members, %v; want %d", len(members), err, len(arts))
	}
	if first != 1 {
		t.Errorf("%d copies flagged as new for the rule, want 1", first)
	}
}

func TestAddArticleAliases(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	link := "https://example.com/r/123"
	a := signed("https://example.com/news/story", 0, testSig(1, 0, "a"), "r1")
	a.Aliases = []string{link}
	added, err := s.AddArticle(ctx, a)
	if err != nil || !added {
		t.Fatalf("AddArticle(new) = %v, %v; want true, nil", added, err)
	}
	linkID := ArticleID(link)
	if ok, err := s.HasArticle(ctx, linkID); !ok || err != nil {
		t.Errorf("HasArticle(alias id) = %v, %v; want true", ok, err)
	}
	again := signed("https://example.com/news/story", time.Hour, testSig(1, 0, "a"))
	again.Feed = FeedRef{URL: "https://other.example/feed"}
	again.Sources = nil
	again.Aliases = []string{"https://example.com/m/story"}
	added, err = s.AddArticle(ctx, again)
	if err != nil || added {
		t.Fatalf("AddArticle(stored) = %v, %v; want false, nil", added, err)
	}
	if err := s.AddSource(ctx, linkID, FeedRef{URL: "https://third.example/feed"}); err != nil {
		t.Fatalf("AddSource(alias id) = %v", err)
	}
	got, err := s.Article(ctx, ArticleID("https://example.com/m/story"))
	if err != nil {
		t.Fatalf("Article(alias id) = %v", err)
	}
	var feeds []string
	for _, f := range got.Sources {
		feeds = append(feeds, f.URL)
	}
	want := []string{a.Feed.URL, "https://other.example/feed", "https://third.example/feed"}
	if !reflect.DeepEqual(feeds, want) || len(got.Aliases) != 2 {
		t.Errorf("merged article has sources %v and aliases %v; want %v and two aliases", feeds, got.Aliases, want)
	}
	var wg sync.WaitGroup
	wins := make(chan bool, 8)
	for i := range 8 {
		wg.Go(func() {
			b := signed("https://example.com/news/race", 0, nil)
			b.Feed = FeedRef{URL: fmt.Sprintf("https://f%d.example/feed", i)}
			ok, err := s.AddArticle(ctx, b)
			if err != nil {
				t.Error(err)
			}
			wins <- ok
		})
	}
	wg.Wait()
	close(wins)
	n := 0
	for ok := range wins {
		if ok {
			n++
		}
	}
	race, err := s.Article(ctx, ArticleID("https://example.com/news/race"))
	if n != 1 || err != nil || len(race.Sources) != 8 {
		t.Errorf("8 concurrent AddArticle: %d added, %v, %d sources; want 1 added, 8 sources", n, err, len(race.Sources))
	}
}

func TestPruneDropsClusterIndex(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := signed("https://a.example/wire", 0, testSig(1, 0, "a"))
	a.Aliases = []string{"https://a.example/r/1"}
	put(t, s, a)
	if _, err := s.Prune(ctx, t0.Add(time.Hour), false); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.HasArticle(ctx, ArticleID("https://a.example/r/1")); ok {
		t.Errorf("alias still known after its article was pruned")
	}
	b := signed("https://b.example/copy", time.Hour, testSig(1, 0, "b"))
	put(t, s, b)
	if b.Cluster != b.ID {
		t.Errorf("copy of a pruned article joined cluster %s, want its own", b.Cluster)
	}
	if m, err := s.Cluster(ctx, a.ID); err != nil || len(m) != 0 {
		t.Errorf("Cluster(pruned) = %d members, %v; want none", len(m), err)
	}
}

func TestBadSignature(t *testing.T) {
	s := openTest(t)
	for name, sig := range map[string]*Signature{
		"no values":       {Bands: []uint64{1}},
		"no bands":        {MinHash: []uint32{1}},
		"threshold above": {MinHash: []uint32{1}, Bands: []uint64{1}, Threshold: 2},
	} {
		t.Run(name, func(t *testing.T) {
			a := signed("https://a.example/x", 0, sig)
			if err := s.PutArticle(context.Background(), a); err == nil {
				t.Errorf("PutArticle with a signature with %s = nil, want an error", name)
			}
		})
	}
}
