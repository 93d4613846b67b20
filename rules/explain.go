package rules

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Explanation limits: how many places are reported per clause and per
// hit, and how many words of context a snippet has on each side.
const (
	maxClauseMatches = 5
	maxHitMatches    = 40
	snippetWords     = 8
	snippetEdgeBytes = 16 // punctuation kept before the first and after the last word
)

// explainRoot is explain with the spans of every NEAR kept for the
// story once found (see state.nearMemo): an explanation pairs the NEARs
// of a chain again to show their words (appendLeaves), which would
// otherwise cost the square of the chain's length.
func (st *state) explainRoot(n *node) float64 {
	st.explaining = true
	defer func() { st.explaining = false }()
	return st.explain(n)
}

// explain adds the places where the satisfied positive clauses of n
// matched to st.raw and returns their summed weight. n must match.
func (st *state) explain(n *node) float64 {
	if n.count != 0 && n.kind == nodeOr {
		// A counted group is one clause: its places, its weight once.
		lo := len(st.spans)
		st.spansOf(n, modeAll)
		for i := lo; i < min(len(st.spans), lo+maxClauseMatches); i++ {
			st.appendLeaves(n, st.spans[i])
		}
		st.spans = st.spans[:lo]
		return n.eff
	}
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
		lo, mark := len(st.spans), len(st.raw)
		st.spansOf(n, modeExplain)
		st.spans = st.spans[:lo]
		if hasNear(n.kids[0]) || hasNear(n.kids[1]) {
			// A side's place is itself a NEAR's pair: show its words.
			pairs := slices.Clone(st.raw[mark:])
			st.raw = st.raw[:mark]
			for i := 0; i+1 < len(pairs); i += 2 {
				st.appendLeaves(n.kids[0], pairs[i])
				st.appendLeaves(n.kids[1], pairs[i+1])
			}
		}
		return n.eff
	}
	return 0
}

// appendLeaves appends to st.raw what an explanation shows for sp, a
// place of node n: sp itself, or, when sp is the place of a pair of a
// NEAR in n, the words of that pair (found again by pairing the NEAR
// and taking the first pair that covers sp), so that a nested NEAR is
// marked as its words and not as one run over them.
func (st *state) appendLeaves(n *node, sp span) {
	near := nearOf(n, sp.term)
	if near == nil {
		st.raw = append(st.raw, sp)
		return
	}
	// Only a left span inside sp can be the pair's; its partner is
	// looked for among all the right spans, as when sp was found.
	lo, mark := len(st.spans), len(st.raw)
	st.spansOf(near.kids[0], modeAll)
	m := lo
	for _, a := range st.spans[lo:] {
		if a.field == sp.field && a.start >= sp.start && a.end <= sp.end {
			st.spans[m] = a
			m++
		}
	}
	st.spans = st.spans[:m]
	if m > lo {
		st.spansOf(near.kids[1], modeAll)
		st.pairNear(near, lo, m, modePairs)
	}
	st.spans = st.spans[:lo]
	for i := mark; i+1 < len(st.raw); i += 2 {
		a, b := st.raw[i], st.raw[i+1]
		if a.field == sp.field && min(a.start, b.start) == sp.start && max(a.end, b.end) == sp.end {
			st.raw = st.raw[:mark]
			st.appendLeaves(near.kids[0], a)
			st.appendLeaves(near.kids[1], b)
			return
		}
	}
	st.raw = append(st.raw[:mark], sp)
}

// nearOf returns the NEAR node whose places are those of term among the
// places of n (n itself or a branch of an OR), or nil.
func nearOf(n *node, term int32) *node {
	switch n.kind {
	case nodeNear:
		if n.term == term {
			return n
		}
	case nodeOr:
		for _, k := range n.kids {
			if m := nearOf(k, term); m != nil {
				return m
			}
		}
	}
	return nil
}

// pendingHit is a Hit being built: its matches are pending[lo:hi].
type pendingHit struct {
	r      *rule
	score  float64
	lo, hi int
}

// pendingMatch is a Match whose snippet is snippets[lo:hi] of the state.
type pendingMatch struct {
	m      Match
	lo, hi int
}

// hits scores and explains the matched rules (in rule order): their
// hits share one allocation of matches and one of snippet text.
func (s *Set) hits(st *state, matched []int32) []Hit {
	if len(matched) == 0 {
		return nil
	}
	slices.Sort(matched)
	st.pendHits, st.pendMatches, st.snippets = st.pendHits[:0], st.pendMatches[:0], st.snippets[:0]
	for _, r := range matched {
		s.explainRule(st, &s.rules[r])
	}
	if len(st.pendHits) == 0 {
		return nil
	}
	text := string(st.snippets)
	var ms []Match
	if len(st.pendMatches) > 0 {
		ms = make([]Match, len(st.pendMatches))
		for i, pm := range st.pendMatches {
			ms[i] = pm.m
			ms[i].Snippet = text[pm.lo:pm.hi]
		}
	}
	hits := make([]Hit, len(st.pendHits))
	for i, ph := range st.pendHits {
		hits[i] = Hit{Rule: ph.r.def.Name, Score: ph.score, Tags: slices.Clone(ph.r.def.Tags)}
		if ph.hi > ph.lo {
			hits[i].Matches = ms[ph.lo:ph.hi:ph.hi]
		}
	}
	return hits
}

// explainRule scores rule r, which matched the current document, and
// when the score is enough adds its hit and matches to the pending ones.
func (s *Set) explainRule(st *state, r *rule) {
	st.raw, st.spans = st.raw[:0], st.spans[:0]
	score := st.explainRoot(r.q.root)
	if score < r.def.MinScore {
		return
	}
	sortSpans(st.raw)
	ph := pendingHit{r: r, score: score, lo: len(st.pendMatches)}
	for i, sp := range st.raw {
		if i > 0 && sp.field == st.raw[i-1].field && sp.start == st.raw[i-1].start && sp.end == st.raw[i-1].end {
			continue
		}
		if len(st.pendMatches)-ph.lo == maxHitMatches {
			break
		}
		st.pendMatches = append(st.pendMatches, st.toMatch(sp, s.terms[sp.term]))
	}
	ph.hi = len(st.pendMatches)
	st.pendHits = append(st.pendHits, ph)
}

// toMatch describes a span with its offsets, writing its snippet to
// st.snippets.
func (st *state) toMatch(sp span, term string) pendingMatch {
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
	b := st.snippets
	first := len(b)
	if lo > 0 {
		b = append(b, "… "...)
	}
	b = appendCollapsed(b, trimSpace(text[from:start], true))
	off := len(b) - first
	b = append(b, text[start:end]...)
	b = appendCollapsed(b, trimSpace(text[end:to], false))
	if hi < len(toks)-1 {
		b = append(b, " …"...)
	}
	st.snippets = b
	return pendingMatch{m: Match{Field: fieldNames[sp.field], Term: term, Offset: start, Length: end - start,
		SnippetOffset: off}, lo: first, hi: len(b)}
}

// trimSpace cuts spaces, tabs and line breaks from the start (left) or
// the end of s.
func trimSpace(s string, left bool) string {
	if left {
		for len(s) > 0 && isSpace(s[0]) {
			s = s[1:]
		}
		return s
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// CollapseSpace returns s with every run of white space (and no-break
// space) turned into one space, and invalid UTF-8 into U+FFFD, as
// snippets show text.
func CollapseSpace(s string) string { return string(appendCollapsed(nil, s)) }

// appendCollapsed appends s with every run of white space (and no-break
// space) turned into one space, and invalid UTF-8 into U+FFFD.
func appendCollapsed(b []byte, s string) []byte {
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if isSpace(c) {
				space = true
				i++
				continue
			}
			if space {
				b = append(b, ' ')
				space = false
			}
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && !isSpace(s[j]) {
				j++
			}
			b = append(b, s[i:j]...)
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u00a0' {
			space = true
			i += size
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, r)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	if space {
		b = append(b, ' ')
	}
	return b
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
