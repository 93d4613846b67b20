package eval

import (
	"regexp"
	"strings"
)

// rxToken matches the benchmark's tokens: maximal runs of letters, digits and underscore.
var rxToken = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// shingles returns the multiset of 4-token shingles of s, as the article extraction
// benchmark defines them: 1 to 3 tokens give one shingle of all of them, none gives none.
func shingles(s string) map[string]int {
	toks := rxToken.FindAllString(s, -1)
	out := make(map[string]int)
	if len(toks) == 0 {
		return out
	}
	if len(toks) < 4 {
		out[strings.Join(toks, "\x00")]++
		return out
	}
	for i := 0; i+4 <= len(toks); i++ {
		out[strings.Join(toks[i:i+4], "\x00")]++
	}
	return out
}

// shingleScore returns the per-page precision and recall of pred against truth.
// Both are 1 when there is neither a false positive nor a false negative.
func shingleScore(truth, pred string) (p, r float64) {
	pred = strings.ReplaceAll(pred, "\u00ad", "")
	t, q := shingles(truth), shingles(pred)
	var tp, fp, fn int
	for k, qc := range q {
		tc := t[k]
		tp += min(tc, qc)
		fp += max(0, qc-tc)
	}
	for k, tc := range t {
		fn += max(0, tc-q[k])
	}
	if fp == 0 && fn == 0 {
		return 1, 1
	}
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	return p, r
}

// collapse replaces each run of white space with one space, as trafilatura's
// evaluation does before matching snippets.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// f1 is the harmonic mean of p and r, or 0 when both are 0.
func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// percentile returns the q-th percentile (0..1) of sorted, by nearest rank.
func percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
