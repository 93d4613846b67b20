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

// bodyScore accumulates aeb-dev's metric over pages: precision is the mean
// per-page precision over the pages with a text, recall the mean per-page recall
// over all pages.
type bodyScore struct {
	sumP, sumR  float64
	withText, n int
}

// add scores one page's text pred against its true body.
func (s *bodyScore) add(truth, pred string) {
	p, r := shingleScore(truth, pred)
	if pred != "" {
		s.sumP += p
		s.withText++
	}
	s.sumR += r
	s.n++
}

// result returns the precision, recall and F1 over the pages added.
func (s *bodyScore) result() (p, r, f float64) {
	if s.withText > 0 {
		p = s.sumP / float64(s.withText)
	}
	if s.n > 0 {
		r = s.sumR / float64(s.n)
	}
	return p, r, f1(p, r)
}

// snippetScore accumulates trafilatura-dev's metric over pages: a "with"
// snippet found in the text is a true positive, missing a false negative; a
// "without" snippet found is a false positive, absent a true negative.
type snippetScore struct{ tp, fn, fp, tn int }

// add counts one page's snippets against its text.
func (s *snippetScore) add(with, without []string, text string) {
	text = collapse(text)
	for _, w := range with {
		if strings.Contains(text, collapse(w)) {
			s.tp++
		} else {
			s.fn++
		}
	}
	for _, w := range without {
		if strings.Contains(text, collapse(w)) {
			s.fp++
		} else {
			s.tn++
		}
	}
}

// result returns the precision, recall and F over the pages added.
func (s *snippetScore) result() (p, r, f float64) {
	if s.tp+s.fp > 0 {
		p = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		r = float64(s.tp) / float64(s.tp+s.fn)
	}
	if d := 2*s.tp + s.fp + s.fn; d > 0 {
		f = float64(2*s.tp) / float64(d)
	}
	return p, r, f
}
