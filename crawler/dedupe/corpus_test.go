package dedupe

import (
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
)

// doc is one text of an evaluation corpus, labelled with its story.
type doc struct {
	name  string
	story string // docs of one story share it
	kind  string // simweb story kind, "" for hand-written docs
	text  string
	t     time.Time
}

// wireCorpus loads testdata/wire: files named STORY-OUTLET.txt, where
// every file of a STORY is a copy of one wire story.
func wireCorpus(t testing.TB) []doc {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "wire", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata/wire/*.txt: %v", err)
	}
	sort.Strings(paths)
	t0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	var docs []doc
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(p), ".txt")
		story := name[:strings.LastIndexByte(name, '-')]
		docs = append(docs, doc{name: name, story: story, text: string(b), t: t0.Add(time.Duration(i) * time.Hour)})
	}
	return docs
}

// simCorpus generates stories with simweb (hosts x perHost originals,
// of six kinds, each kind written from one or two templates, so stories
// of a kind share whole paragraphs: hard negatives) and syndicates every
// third one to one or two other outlets with 1 to 4 light edits.
func simCorpus(t testing.TB, seed int64, hosts, perHost int) []doc {
	t.Helper()
	w := simweb.New(simweb.Options{Hosts: hosts, ArticlesPerHost: perHost, Seed: seed})
	defer w.Close()
	var docs []doc
	for i, a := range w.Articles() {
		docs = append(docs, doc{name: a.URL, story: a.URL, kind: a.Kind.String(), text: a.Text, t: a.Published})
		if i%3 != 0 {
			continue
		}
		for c := range 1 + i%2 {
			s := simweb.Syndication{Edits: 1 + (i+c)%4, Truncate: (i+c)%2 == 0, Seed: uint64(seed)*1000 + uint64(i*2+c)}
			docs = append(docs, doc{
				name: fmt.Sprintf("%s#copy%d", a.URL, c), story: a.URL, kind: a.Kind.String(),
				text: simweb.SyndicatedText(a.Text, s), t: a.Published.Add(time.Duration(c+1) * 40 * time.Minute),
			})
		}
	}
	return docs
}

// pairScore is the pairwise precision and recall of a clustering: pairs
// of docs put in one cluster, against pairs of docs of one story.
type pairScore struct{ tp, fp, fn int }

func (p pairScore) precision() float64 { return ratio(p.tp, p.tp+p.fp) }
func (p pairScore) recall() float64    { return ratio(p.tp, p.tp+p.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func score(docs []doc, cluster []int) pairScore {
	var s pairScore
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			same, together := docs[i].story == docs[j].story, cluster[i] == cluster[j]
			switch {
			case same && together:
				s.tp++
			case together:
				s.fp++
			case same:
				s.fn++
			}
		}
	}
	return s
}

// greedy clusters docs in time order as the store does: each joins the
// clusters of all its earlier docs within window whose sim reaches
// threshold, merging them into one, else starts its own (the store's
// MaxClusterMembers bound on a merge is not modelled).
func greedy(docs []doc, window time.Duration, sim func(i, j int) float64, threshold float64) []int {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return docs[order[a]].t.Before(docs[order[b]].t) })
	cluster := make([]int, len(docs))
	for n, i := range order {
		cluster[i] = i
		joined := map[int]bool{}
		for _, j := range order[:n] {
			if docs[i].t.Sub(docs[j].t).Abs() <= window && sim(i, j) >= threshold {
				joined[cluster[j]] = true
			}
		}
		if len(joined) == 0 {
			continue
		}
		into := -1
		for c := range joined {
			if into < 0 || c < into {
				into = c
			}
		}
		for _, j := range order[:n+1] {
			if joined[cluster[j]] || j == i {
				cluster[j] = into
			}
		}
	}
	return cluster
}

// simHash is the 64-bit SimHash of text's shingles, the baseline the
// evaluation compares MinHash with.
func simHash(text string, k int) uint64 {
	words := wordHashes(text)
	var v [64]int
	for i := 0; i+k <= len(words); i++ {
		h := shingleHash(words[i : i+k])
		for b := range 64 {
			if h>>b&1 == 1 {
				v[b]++
			} else {
				v[b]--
			}
		}
	}
	var out uint64
	for b := range 64 {
		if v[b] > 0 {
			out |= 1 << b
		}
	}
	return out
}

func hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }
