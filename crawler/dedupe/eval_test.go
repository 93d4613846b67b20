package dedupe

import (
	"os"
	"slices"
	"testing"

	"github.com/newshound/newshound/store"
)

// TestEvaluate measures pairwise precision and recall of MinHash and
// SimHash clustering over the hand-written wire corpus and a generated
// simweb corpus, for several shingle sizes and thresholds, and the
// similarity of the closest negative and farthest positive pairs. It
// prints a table; it runs only with NEWSHOUND_DEDUPE_EVAL=1 (about 10 s).
func TestEvaluate(t *testing.T) {
	if os.Getenv("NEWSHOUND_DEDUPE_EVAL") == "" {
		t.Skip("set NEWSHOUND_DEDUPE_EVAL=1 to run the clustering evaluation")
	}
	docs := wireCorpus(t)
	for seed := range int64(3) {
		docs = append(docs, simCorpus(t, seed, 6, 24)...)
	}
	stories := map[string]bool{}
	for _, d := range docs {
		stories[d.story] = true
	}
	t.Logf("corpus: %d docs, %d stories", len(docs), len(stories))
	for name, set := range map[string][]doc{"wire": docs[:len(wireCorpus(t))], "all": docs} {
		sc := score(set, clusterDocs(t, set, New(Options{})))
		t.Logf("defaults through the store (band lookup), %s corpus of %d docs: precision %.3f recall %.3f (tp %d fp %d fn %d)",
			name, len(set), sc.precision(), sc.recall(), sc.tp, sc.fp, sc.fn)
	}
	for _, bins := range []int{1, 2, 3} {
		k := DefaultShingle
		s := New(Options{Bins: bins, MinWords: 1})
		sigs := make([]*store.Signature, len(docs))
		sh := make([]uint64, len(docs))
		for i, d := range docs {
			sigs[i], sh[i] = s.Sign(d.text), simHash(d.text, k)
		}
		mh := func(i, j int) float64 { return sigs[i].Similarity(sigs[j]) }
		var pos, neg []float64
		var posH, negH []int
		for i := range docs {
			for j := i + 1; j < len(docs); j++ {
				if docs[i].t.Sub(docs[j].t).Abs() > store.DefaultWindow {
					continue
				}
				if docs[i].story == docs[j].story {
					pos, posH = append(pos, mh(i, j)), append(posH, hamming(sh[i], sh[j]))
				} else {
					neg, negH = append(neg, mh(i, j)), append(negH, hamming(sh[i], sh[j]))
				}
			}
		}
		for i := range docs {
			for j := i + 1; j < len(docs); j++ {
				if docs[i].kind == "" && docs[j].kind == "" {
					t.Logf("bins=%d %s ~ %s: %.3f", bins, docs[i].name, docs[j].name, mh(i, j))
				}
			}
		}
		slices.Sort(pos)
		slices.Sort(neg)
		slices.Sort(posH)
		slices.Sort(negH)
		t.Logf("bins=%d minhash: positives %d min %.3f p5 %.3f median %.3f; negatives %d max %.3f p99.9 %.3f",
			bins, len(pos), pos[0], pos[len(pos)/20], pos[len(pos)/2], len(neg), neg[len(neg)-1], neg[len(neg)*999/1000])
		t.Logf("bins=%d k=%d simhash: positives max %d p95 %d median %d; negatives min %d p0.1 %d",
			bins, k, posH[len(posH)-1], posH[len(posH)*19/20], posH[len(posH)/2], negH[0], negH[len(negH)/1000])
		for _, th := range []float64{0.35, 0.4, 0.45, 0.5, 0.55, 0.6} {
			sc := score(docs, greedy(docs, store.DefaultWindow, mh, th))
			t.Logf("bins=%d minhash threshold %.2f: precision %.3f recall %.3f (tp %d fp %d fn %d)", bins, th, sc.precision(), sc.recall(), sc.tp, sc.fp, sc.fn)
		}
		if bins > 1 {
			continue
		}
		for _, d := range []int{3, 6, 10, 14} {
			sim := func(i, j int) float64 { return 1 - float64(hamming(sh[i], sh[j]))/64 }
			sc := score(docs, greedy(docs, store.DefaultWindow, sim, 1-float64(d)/64))
			t.Logf("bins=%d k=%d simhash distance <= %d: precision %.3f recall %.3f (tp %d fp %d fn %d)", bins, k, d, sc.precision(), sc.recall(), sc.tp, sc.fp, sc.fn)
		}
	}
}
