package dedupe

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

func TestArticleURL(t *testing.T) {
	tests := []struct {
		name, link, final, canonical, want string
	}{
		{"same site canonical", "https://example.com/story?id=3", "https://example.com/story?id=3", "https://example.com/news/story", "https://example.com/news/story"},
		{"redirected, no canonical", "https://feeds.feedburner.com/x/abc", "https://example.com/story?utm_source=rss", "", "https://example.com/story"},
		{"feed proxy to other site canonical", "http://feedproxy.google.com/~r/x/abc", "http://feedproxy.google.com/~r/x/abc", "https://example.com/story", "https://example.com/story"},
		{"other site canonical ignored", "https://copy.example.net/story", "https://copy.example.net/story", "https://example.com/story", "https://copy.example.net/story"},
		{"home page canonical refused", "https://example.com/story", "https://example.com/story", "https://example.com/", "https://example.com/story"},
		{"consent redirect refused", "https://example.com/story", "https://example.com/", "", "https://example.com/story"},
		{"no final url", "https://example.com/story", "", "", "https://example.com/story"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ArticleURL(tt.link, tt.final, tt.canonical); got != tt.want {
				t.Errorf("ArticleURL(%q, %q, %q) = %q, want %q", tt.link, tt.final, tt.canonical, got, tt.want)
			}
		})
	}
}

func TestSign(t *testing.T) {
	s := New(Options{})
	long := strings.Repeat("the bank shared customer data with the social network last year ", 10)
	tests := []struct {
		name    string
		a, b    string
		nilSig  bool
		min, mx float64
	}{
		{"too short", "Meta shares data.", "", true, 0, 0},
		{"identical", long, long, false, 1, 1},
		{"case and punctuation", long, strings.ToUpper(strings.ReplaceAll(long, " ", ", ")), false, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.Sign(tt.a)
			if tt.nilSig {
				if a != nil {
					t.Errorf("Sign(%q) = %v, want nil", tt.a, a)
				}
				return
			}
			if len(a.MinHash) != DefaultHashes || len(a.Bands) != DefaultBands || a.Threshold != store.DefaultThreshold || a.Window != store.DefaultWindow {
				t.Fatalf("Sign gave %d hashes, %d bands, threshold %v, window %v; want the defaults", len(a.MinHash), len(a.Bands), a.Threshold, a.Window)
			}
			if got := a.Similarity(s.Sign(tt.b)); got < tt.min || got > tt.mx {
				t.Errorf("Similarity = %.3f, want in [%v, %v]", got, tt.min, tt.mx)
			}
		})
	}
}

// clusterDocs stores docs through a real store, as the crawler does, and
// returns each doc's cluster.
func clusterDocs(t *testing.T, docs []doc, s *Signer) []int {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, d := range docs {
		pub := d.t
		a := &store.Article{URL: "https://example.com/" + d.name, Text: d.text, Published: &pub, Fetched: pub.Add(time.Minute), Signature: s.Sign(d.text)}
		if err := st.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// Read the clusters back: a later article may have merged two.
	ids := map[string]int{}
	out := make([]int, len(docs))
	for i, d := range docs {
		a, err := st.Article(ctx, store.ArticleID("https://example.com/"+d.name))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := ids[a.Cluster]; !ok {
			ids[a.Cluster] = len(ids)
		}
		out[i] = ids[a.Cluster]
	}
	return out
}

// TestWireCorpus: one wire story run by three outlets with their own
// headlines, bylines, leads and boilerplate is one cluster; a second wire
// story's full-length copy joins its original; no story merges with
// another (two other Facebook privacy stories of the same day, another
// bank breach); and a copy outside the window starts a cluster of its
// own. A copy cut to half its story (bank-breach-coastal) scores 0.34
// against its original and stays apart: Jaccard similarity cannot tell
// it from a partial overlap.
func TestWireCorpus(t *testing.T) {
	docs := wireCorpus(t)
	s := New(Options{})
	got := clusterDocs(t, docs, s)
	byName := map[string]int{}
	for i, d := range docs {
		byName[d.name] = got[i]
	}
	sc := score(docs, got)
	t.Logf("wire corpus, %d docs: precision %.3f recall %.3f (tp %d fp %d fn %d)", len(docs), sc.precision(), sc.recall(), sc.tp, sc.fp, sc.fn)
	if sc.fp != 0 {
		t.Errorf("wire corpus clusters %v: %d pairs of different stories merged, want none", byName, sc.fp)
	}
	for _, same := range [][]string{{"meta-banks-wire", "meta-banks-harbor", "meta-banks-valley"}, {"bank-breach-wire", "bank-breach-metro"}} {
		for _, n := range same[1:] {
			if byName[n] != byName[same[0]] {
				t.Errorf("%s is in cluster %d, %s in %d; want one cluster", n, byName[n], same[0], byName[same[0]])
			}
		}
	}
	late := docs[0]
	late.name, late.t = late.name+"-late", docs[len(docs)-1].t.Add(store.DefaultWindow+time.Hour)
	got = clusterDocs(t, append(docs, late), s)
	if got[len(got)-1] == got[0] {
		t.Errorf("a copy %v after the last of its story joined its cluster, want a cluster of its own", store.DefaultWindow+time.Hour)
	}
}

// TestSimCorpus clusters a generated corpus of simweb stories (whose
// stories of one kind share whole paragraphs) and syndicated copies, and
// checks the pairwise precision and recall measured when the defaults
// were chosen have not regressed.
func TestSimCorpus(t *testing.T) {
	docs := simCorpus(t, 7, 3, 18)
	got := clusterDocs(t, docs, New(Options{}))
	sc := score(docs, got)
	t.Logf("simweb corpus, %d docs: precision %.3f recall %.3f (tp %d fp %d fn %d)", len(docs), sc.precision(), sc.recall(), sc.tp, sc.fp, sc.fn)
	if sc.precision() < 0.8 || sc.recall() < 0.9 {
		t.Errorf("precision %.3f recall %.3f, want at least 0.8 and 0.9", sc.precision(), sc.recall())
	}
}

func BenchmarkSign(b *testing.B) {
	docs := simCorpus(b, 1, 2, 10)
	s := New(Options{})
	words := 0
	for _, d := range docs {
		words += len(strings.Fields(d.text))
	}
	n := 0
	for b.Loop() {
		for _, d := range docs {
			s.Sign(d.text)
		}
		n += len(docs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(words)/float64(len(docs)), "words/article")
}

func TestMin4MatchesMin(t *testing.T) {
	s := New(Options{})
	seed := uint64(1)
	got, want := make([]uint32, len(s.mul)), make([]uint32, len(s.mul))
	for i := range got {
		got[i], want[i] = ^uint32(0), ^uint32(0)
	}
	for range 1000 {
		var xs [4]uint64
		for i := range xs {
			xs[i] = splitmix(&seed)
			s.min(want, xs[i])
		}
		s.min4(got, &xs)
	}
	if !slices.Equal(got, want) {
		t.Errorf("min4 gave %v, want %v (four calls of min)", got[:4], want[:4])
	}
}

// TestSignMatchesOneHashAtATime checks Sign's batched MinHash against
// the plain definition, one shingle hash at a time, on simulated
// articles: stored signatures must stay comparable.
func TestSignMatchesOneHashAtATime(t *testing.T) {
	s := New(Options{})
	for i, d := range simCorpus(t, 3, 2, 5) {
		words := wordHashes(d.text)
		want := make([]uint32, s.opts.Hashes)
		for j := range want {
			want[j] = ^uint32(0)
		}
		k, bins := min(s.opts.Shingle, len(words)), s.opts.Bins
		n := len(words) - k + 1
		for j := range n {
			x := shingleHash(words[j : j+k])
			s.min(want, mix(x^uint64(2*(j*bins/n))))
			s.min(want, mix(x^uint64(2*((2*j*bins+n)/(2*n))+1)))
		}
		got := s.Sign(d.text)
		if got == nil || !slices.Equal(got.MinHash, want) || !slices.Equal(got.Bands, bands(want, s.opts.Bands)) {
			t.Errorf("doc %d: Sign's MinHash differs from one hash at a time", i)
		}
	}
}
