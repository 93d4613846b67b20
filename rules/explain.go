package rules

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Explanation limits: how many places are reported per clause and per
// hit, and how many words of context a snippet has on each side.
const (
	maxClauseMatches = 5
	maxHitMatches    = 40
	snippetWords     = 8
	snippetEdgeBytes = 16 // punctuation kept before the first and after the last word
)

// explain adds the places where the satisfied positive clauses of n
// matched to st.raw and returns their summed weight. n must match.
func (st *state) explain(n *node) float64 {
	switch n.kind {
	case nodeAnd:
		sum := 0.0
		for _, k := range n.kids {
			sum += st.explain(k)
		}
		return sum
	case nodeOr:
		sum := 0.0
		for _, k := range n.kids {
			if st.match(k) {
				sum += st.explain(k)
			}
		}
		return sum
	case nodeText, nodeList:
		lo := len(st.spans)
		st.spansOf(n, modeAll)
		st.raw = append(st.raw, st.spans[lo:min(len(st.spans), lo+maxClauseMatches)]...)
		st.spans = st.spans[:lo]
		return n.eff
	case nodeNear:
		lo := len(st.spans)
		st.spansOf(n, modeExplain)
		st.spans = st.spans[:lo]
		return n.eff
	}
	return 0
}

// hit scores and explains rule r, which matched the current document.
func (s *Set) hit(st *state, r *rule) (Hit, bool) {
	st.raw, st.spans = st.raw[:0], st.spans[:0]
	score := st.explain(r.q.root)
	if score < r.def.MinScore {
		return Hit{}, false
	}
	sortSpans(st.raw)
	h := Hit{Rule: r.def.Name, Score: score, Tags: slices.Clone(r.def.Tags)}
	for i, sp := range st.raw {
		if i > 0 && sp.field == st.raw[i-1].field && sp.start == st.raw[i-1].start && sp.end == st.raw[i-1].end {
			continue
		}
		if len(h.Matches) == maxHitMatches {
			break
		}
		h.Matches = append(h.Matches, st.toMatch(sp, s.terms[sp.term]))
	}
	return h, true
}

// toMatch describes a span with its offsets and a snippet.
func (st *state) toMatch(sp span, term string) Match {
	toks, text := st.toks[sp.field], st.text[sp.field]
	start, end := int(toks[sp.start].start), int(toks[sp.end].end)
	lo, hi := max(0, int(sp.start)-snippetWords), min(len(toks)-1, int(sp.end)+snippetWords)
	from, to := int(toks[lo].start), int(toks[hi].end)
	if lo == 0 && from <= snippetEdgeBytes {
		from = 0
	}
	if hi == len(toks)-1 && len(text)-to <= snippetEdgeBytes {
		to = len(text)
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("… ")
	}
	collapse(&b, strings.TrimLeft(text[from:start], " \t\r\n"))
	off := b.Len()
	b.WriteString(text[start:end])
	collapse(&b, strings.TrimRight(text[end:to], " \t\r\n"))
	if hi < len(toks)-1 {
		b.WriteString(" …")
	}
	return Match{Field: fieldNames[sp.field], Term: term, Offset: start, Length: end - start,
		Snippet: b.String(), SnippetOffset: off}
}

// collapse writes s with every run of white space turned into one space.
func collapse(b *strings.Builder, s string) {
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
}

// Mark returns m's snippet with the matched text between open and close,
// for example Mark(m, "[[", "]]"). When SnippetOffset does not locate the
// match (as for matches stored without it), it marks the first words of
// the snippet equal to m.Term; if there are none, the snippet is returned
// as it is.
func Mark(m Match, open, close string) string {
	s := m.Snippet
	if o, n := m.SnippetOffset, m.Length; n > 0 && o >= 0 && o+n <= len(s) && (o > 0 || foldEqual(s[o:o+n], m.Term)) {
		return s[:o] + open + s[o:o+n] + close + s[o+n:]
	}
	if lo, hi, ok := findTerm(s, m.Term); ok {
		return s[:lo] + open + s[lo:hi] + close + s[hi:]
	}
	return s
}

// foldEqual reports whether text and term begin with the same word, once
// folded and stemmed.
func foldEqual(text, term string) bool {
	a, b := splitWords(text), splitWords(strings.TrimSuffix(term, "*"))
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	return strings.HasPrefix(a[0], b[0]) || string(stemString(a[0])) == string(stemString(b[0]))
}

// findTerm finds the first run of words of s equal to the words of term,
// with a trailing * matching any word ending. It returns byte offsets.
func findTerm(s, term string) (lo, hi int, ok bool) {
	want := splitWords(strings.TrimSuffix(term, "*"))
	prefix := strings.HasSuffix(term, "*")
	if len(want) == 0 {
		return 0, 0, false
	}
	var t tokens
	t.tokenize(0, s)
	toks := t.toks[0]
	for i := 0; i+len(want) <= len(toks); i++ {
		j := 0
		for ; j < len(want); j++ {
			w := string(t.word(0, i+j))
			if w != want[j] && !(prefix && j == len(want)-1 && strings.HasPrefix(w, want[j])) {
				break
			}
		}
		if j == len(want) {
			return int(toks[i].start), int(toks[i+len(want)-1].end), true
		}
	}
	return 0, 0, false
}

// WriteExplanation writes h as text for people: the rule, its score and
// tags, then one line per match with the matched text marked [[like
// this]].
func WriteExplanation(w io.Writer, h Hit) error {
	tags := ""
	if len(h.Tags) > 0 {
		tags = " tags " + strings.Join(h.Tags, ", ")
	}
	if _, err := fmt.Fprintf(w, "rule %s: score %g%s\n", h.Rule, h.Score, tags); err != nil {
		return fmt.Errorf("rules: write explanation: %w", err)
	}
	for _, m := range h.Matches {
		if _, err := fmt.Fprintf(w, "  %-7s %-20q %s\n", m.Field, m.Term, Mark(m, "[[", "]]")); err != nil {
			return fmt.Errorf("rules: write explanation: %w", err)
		}
	}
	return nil
}
