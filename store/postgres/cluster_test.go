package postgres

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/pgtest"
	"github.com/newshound/newshound/store"
)

// testSig is a 64-value signature of story in 16 bands of 4 whose first
// noise values are salted, so that two copies of one story have
// similarity (64 - noise) / 64 or more (store's own tests use the same).
func testSig(story, noise int, salt string) *store.Signature {
	s := &store.Signature{MinHash: make([]uint32, 64)}
	for i := range s.MinHash {
		s.MinHash[i] = uint32(story*1000 + i)
		if i < noise {
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

// raiseNew is an AlertPolicy raising every flag new to its article and
// not a duplicate, with one webhook per rule; it records its calls.
type raiseNew struct {
	mu    sync.Mutex
	calls []string
}

func (p *raiseNew) Alert(f store.Flag, had bool) (bool, []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = append(p.calls, fmt.Sprintf("%s had=%v dup=%v", f.Rule, had, f.Duplicate))
	if had || f.Duplicate {
		return false, nil
	}
	return true, []string{"https://hook.example/" + f.Rule}
}

// clusterStep is one write of the differential test: an article of a
// story at an hour, signed with noise (unsigned when noise < 0).
type clusterStep struct {
	url     string
	story   int
	noise   int
	hour    int
	rules   []string
	salt    string
	replace bool
}

// clusterSteps is a seeded sequence of writes: copies of five stories
// spread over 200 hours (past the 72-hour window), rewritten copies that
// bridge clusters, replacements (re-signed, unsigned, moved) and flags.
func clusterSteps(seed uint64) []clusterStep {
	r := rand.New(rand.NewPCG(seed, 1))
	var steps []clusterStep
	rules := []string{"bank", "privacy", "merger"}
	for i := range 80 {
		st := clusterStep{
			url:   fmt.Sprintf("https://site%d.example/story/%d", r.IntN(7), i),
			story: 1 + r.IntN(5),
			noise: []int{0, 8, 16, 28, 40, -1}[r.IntN(6)],
			hour:  r.IntN(200),
			salt:  fmt.Sprint(i),
		}
		if i > 10 && r.IntN(5) == 0 { // replace an earlier article
			prev := steps[r.IntN(len(steps))]
			st.url, st.replace = prev.url, true
		}
		for _, rule := range rules {
			if r.IntN(3) == 0 {
				st.rules = append(st.rules, rule)
			}
		}
		steps = append(steps, st)
	}
	return steps
}

func (st clusterStep) article() *store.Article {
	pub := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(st.hour)*time.Hour + 123456789)
	a := &store.Article{
		URL: st.url, Title: "story " + st.url, Published: &pub, Fetched: pub.Add(time.Minute),
		Feed: store.FeedRef{URL: "https://feed.example/" + st.salt}, Text: "text",
	}
	if st.noise >= 0 {
		a.Signature = testSig(st.story, st.noise, st.salt)
	}
	for _, rule := range st.rules {
		a.Flags = append(a.Flags, store.Flag{Rule: rule, Score: 1, Flagged: a.Fetched})
	}
	return a
}

// TestClustersAsBbolt stores the same writes in a bbolt file and in
// PostgreSQL and compares what each makes of them: every article's
// cluster and flags (Duplicate, Stored order aside), every cluster's
// members, the policy's calls and the flag log.
func TestClustersAsBbolt(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := t.Context()
			pg := open(t)
			bb, err := store.Open(ctx, filepath.Join(t.TempDir(), "news.db"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { bb.Close() })
			var pgPolicy, bbPolicy raiseNew
			pg.SetAlertPolicy(&pgPolicy)
			bb.SetAlertPolicy(&bbPolicy)
			ids := map[string]bool{}
			for i, st := range clusterSteps(seed) {
				a, b := st.article(), st.article()
				if err := pg.PutArticle(ctx, a); err != nil {
					t.Fatalf("step %d: postgres PutArticle = %v", i, err)
				}
				if err := bb.PutArticle(ctx, b); err != nil {
					t.Fatalf("step %d: bbolt PutArticle = %v", i, err)
				}
				if a.Cluster != b.Cluster {
					t.Errorf("step %d (%+v): cluster %s, bbolt's %s", i, st, a.Cluster, b.Cluster)
				}
				ids[a.ID] = true
			}
			clusters := map[string]bool{}
			for id := range ids {
				a, err := pg.Article(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				b, err := bb.Article(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if a.Cluster != b.Cluster {
					t.Errorf("article %s: cluster %s, bbolt's %s", id, a.Cluster, b.Cluster)
				}
				if got, want := dupes(a), dupes(b); !slices.Equal(got, want) {
					t.Errorf("article %s: duplicate flags %v, bbolt's %v", id, got, want)
				}
				clusters[a.Cluster] = true
			}
			if len(clusters) < 3 || len(clusters) >= len(ids) {
				t.Fatalf("%d clusters of %d articles: the test data cluster too little or too much", len(clusters), len(ids))
			}
			for c := range clusters {
				got, err := pg.Cluster(ctx, c)
				if err != nil {
					t.Fatal(err)
				}
				want, err := bb.Cluster(ctx, c)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := articleIDs(got), articleIDs(want); !slices.Equal(g, w) {
					t.Errorf("Cluster(%s) = %v, bbolt's %v", c, g, w)
				}
			}
			if !slices.Equal(pgPolicy.calls, bbPolicy.calls) {
				t.Errorf("policy calls differ:\npostgres %q\nbbolt    %q", pgPolicy.calls, bbPolicy.calls)
			}
			pe, err := pg.FlagEvents(ctx, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			be, err := bb.FlagEvents(ctx, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d articles in %d clusters, %d flag events, %d policy calls", len(ids), len(clusters), len(pe), len(pgPolicy.calls))
			if len(pe) == 0 || fmt.Sprint(pe) != fmt.Sprint(be) {
				t.Errorf("flag log differs:\npostgres %v\nbbolt    %v", pe, be)
			}
		})
	}
}

// dupes lists a's flags as rule=duplicate.
func dupes(a *store.Article) []string {
	var out []string
	for _, f := range a.Flags {
		out = append(out, fmt.Sprintf("%s=%v", f.Rule, f.Duplicate))
	}
	return out
}

func articleIDs(arts []*store.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

// TestClustersTwoProcesses stores copies of a few stories from two
// Stores (two processes' pools) at once: the clusters merge as they
// would one at a time, and Check finds every row in step.
func TestClustersTwoProcesses(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.DSN(t)
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, dsn, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	const n = 120
	var wg sync.WaitGroup
	errs := make([]error, n)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				pub := t0.Add(time.Duration(i) * time.Minute)
				a := &store.Article{URL: fmt.Sprintf("https://s%d.example/%d", i%5, i), Published: &pub, Fetched: pub,
					Signature: testSig(i%3, 8, fmt.Sprint(i)), Flags: []store.Flag{{Rule: "bank"}}}
				errs[i] = stores[w%2].PutArticle(ctx, a)
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("PutArticle %d = %v", i, err)
		}
	}
	if err := stores[0].Check(ctx); err != nil {
		t.Fatal(err)
	}
	var clusters, dupes int
	err := stores[0].pool.QueryRow(ctx, `SELECT count(DISTINCT cluster),
		(SELECT count(*) FROM articles, json_array_elements(doc->'flags') f WHERE (f->>'duplicate')::bool)
		FROM articles`).Scan(&clusters, &dupes)
	if err != nil {
		t.Fatal(err)
	}
	if clusters != 3 || dupes != n-3 {
		t.Errorf("%d copies of 3 stories: %d clusters and %d duplicate flags, want 3 and %d", n, clusters, dupes, n-3)
	}
}
