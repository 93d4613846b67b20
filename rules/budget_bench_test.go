package rules

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkNearChainHostile matches chains of NEAR over a wildcard that
// matches every word of a hostile page of 4.5 MB: the page a stranger
// would serve to stall the matcher. It reports ms/page.
func BenchmarkNearChainHostile(b *testing.B) {
	doc := &Doc{Title: "wa wb", Text: hostileText(hostileBytes)}
	for _, c := range []struct {
		name  string
		terms int
		op    string
	}{
		{"terms=16/NEAR", 16, "NEAR/1000"},
		{"terms=16/NEAR-sentence", 16, "NEAR/sentence"},
		{"terms=300/NEAR", 300, "NEAR/1000"},
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
			for b.Loop() {
				s.Match(doc)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N), "ms/page")
		})
	}
}

// hostileBytes is the size of the hostile page.
var hostileBytes = 200_000

// hostileText is about n bytes of words that all start with w.
func hostileText(n int) string {
	return denseWords(rand.New(rand.NewPCG(4, 5)), n/4)
}

// compileUnbudgeted compiles one rule of query q.
func compileUnbudgeted(q string) (*Set, error) {
	return Compile([]Definition{{Name: "hostile", Query: q}}, nil)
}
