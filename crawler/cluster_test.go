package crawler_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// TestCrawlOneStoryManySources crawls a simulated web where one flagged
// story is syndicated, edited, to two other sites, and listed again by a
// second feed of its own site under a mobile URL and an AMP URL. It must
// be stored once on its own site with both feeds and the mobile link as an
// alias, the copies must join its cluster, only one flag may be new for
// the rule, and export must give one entry with three sources; no other
// stories may merge.
func TestCrawlOneStoryManySources(t *testing.T) {
	e := newEnv(t, simweb.Options{Hosts: 3, ArticlesPerHost: 12, FeedsPerHost: 2, Now: time.Now()})
	var orig simweb.Article
	feeds := e.web.Feeds()
	for _, a := range e.web.Articles() {
		if a.Flag && !a.Disallowed && (a.FeedURL == feeds[0].URL || a.FeedURL == feeds[1].URL) {
			orig = a
			break
		}
	}
	if orig.URL == "" {
		t.Fatal("site 0 has no fetchable flagged story; pick another seed")
	}
	other := feeds[1].URL // site 0's other feed
	if orig.FeedURL == other {
		other = feeds[0].URL
	}
	var copies []simweb.Article
	for i, f := range []string{feeds[2].URL, feeds[4].URL} {
		c, err := e.web.Syndicate(f, orig, simweb.Syndication{
			Title: "Outlet headline " + string(rune('A'+i)), Author: "Wire staff", Edits: 1 + i, Truncate: i == 1,
			Seed: uint64(i), Delay: time.Duration(i+1) * 20 * time.Minute,
		})
		if err != nil {
			t.Fatal(err)
		}
		copies = append(copies, c)
	}
	path := strings.TrimPrefix(orig.URL, e.web.Hosts()[0])
	mobile, err := e.web.Repost(other, orig.URL, "/m"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.web.Repost(other, orig.URL, path+"/amp"); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second crawl must fetch nothing again
		if sum := e.c.Crawl(t.Context(), testkit.Specs(e.web.FeedURLs()), nil); len(sum.Failed()) > 0 {
			t.Fatalf("Crawl: %v", sum.Failed()[0].Err)
		}
	}
	if n := e.web.Hits(mobile); n != 1 {
		t.Errorf("mobile link fetched %d times over two crawls, want 1", n)
	}
	a, err := e.store.Article(t.Context(), store.ArticleID(orig.URL))
	if err != nil {
		t.Fatalf("original not stored under its canonical URL: %v", err)
	}
	if len(a.Sources) != 2 || len(a.Aliases) != 1 || a.Aliases[0] != mobile {
		t.Errorf("original has sources %v and aliases %v; want both feeds of its site and the mobile link", a.Sources, a.Aliases)
	}
	members, err := e.store.Cluster(t.Context(), a.Cluster)
	if err != nil || len(members) != 3 {
		t.Fatalf("cluster of the original has %d members (%v), want 3", len(members), err)
	}
	fresh := 0
	for _, m := range members {
		for _, f := range m.Flags {
			if !f.Duplicate {
				fresh++
			}
		}
	}
	if fresh != 1 {
		t.Errorf("%d flags new for their story across the cluster, want 1 alert's worth", fresh)
	}
	// Every other story stays alone: one cluster per ground-truth story.
	clusters := map[string]int{}
	n := 0
	if err := e.store.Articles(t.Context(), store.Query{}, func(a *store.Article) error {
		clusters[a.Cluster]++
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if stories := len(e.web.Articles()) - len(copies); len(clusters) != stories || n != len(e.web.Articles()) {
		t.Errorf("%d articles in %d clusters, want %d articles in %d", n, len(clusters), len(e.web.Articles()), stories)
	}
	var buf bytes.Buffer
	if _, err := export.Write(t.Context(), &buf, e.store, store.Query{FlaggedOnly: true}, export.JSONL); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var ent struct {
			Cluster string          `json:"cluster"`
			Sources []export.Member `json:"sources"`
		}
		if err := json.Unmarshal(line, &ent); err != nil {
			t.Fatal(err)
		}
		if ent.Cluster == a.Cluster {
			if found || len(ent.Sources) != 3 {
				t.Errorf("export lists the story again or with %d sources, want once with 3", len(ent.Sources))
			}
			found = true
		}
	}
	if !found {
		t.Error("the syndicated story is missing from the export")
	}
}
