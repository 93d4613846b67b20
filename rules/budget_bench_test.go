package rules

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkNearChainHostile matches chains of NEAR over a wildcard that
// matches every word of a hostile page of 4.5 MB: the page a stranger
// would serve to stall the matcher. It reports ms/page, of the mean and
// of the fastest pass (the one least disturbed by other work on a shared
// machine).
func BenchmarkNearChainHostile(b *testing.B) {
	doc := &Doc{Title: "wa wb", Text: hostileText(4_500_000)}
	for _, c := range []struct {
		name  string
		terms int
		op    string
	}{
		{"terms=16/NEAR-8", 16, "NEAR/8"},
		{"terms=16/NEAR", 16, "NEAR/1000"},
		{"terms=16/NEAR-sentence", 16, "NEAR/sentence"},
		{"terms=125/NEAR", 125, "NEAR/1000"}, // the longest chain MaxRuleCost lets pass
		{"terms=300/NEAR", 300, "NEAR/1000"}, // refused by Compile
	} {
		b.Run(c.name, func(b *testing.B) {
			q := chain("w*", c.op, c.terms)
			if len(q) > MaxQueryBytes {
				b.Fatalf("the query is %d bytes, over MaxQueryBytes", len(q))
			}
			s, err := compileUnbudgeted(q)
			if err != nil {
				b.Fatal(err)
			}
			if len(s.Match(doc)) != 1 {
				b.Fatal("the chain does not match the hostile page")
			}
			b.SetBytes(int64(len(doc.Text)))
			best := time.Duration(math.MaxInt64)
			for b.Loop() {
				start := time.Now()
				s.Match(doc)
				best = min(best, time.Since(start))
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N), "ms/page")
			b.ReportMetric(best.Seconds()*1e3, "best-ms/page")
		})
	}
}

// hostileText is about n bytes of words that all start with w.
func hostileText(n int) string {
	return denseWords(rand.New(rand.NewPCG(4, 5)), n/4)
}

// compileUnbudgeted compiles one rule of query q, even one that costs
// more than MaxRuleCost.
func compileUnbudgeted(q string) (*Set, error) {
	c := newCompiler(nil)
	c.unbudgeted = true
	return c.compile([]Definition{{Name: "hostile", Query: q}})
}
