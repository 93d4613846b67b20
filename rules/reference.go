package rules

import (
	"cmp"
	"slices"
	"strings"
)

// Matcher matches stories against a rule set. Both matchers of this
// package implement it: [Set], the indexed matcher for production, and
// [Reference], the plain one that states what matching means. They give
// the same hits, scores and explanations; the tests hold them to it.
type Matcher interface {
	// Match returns a Hit for every rule that flags doc, in rule name
	// order, with its score and the places that made it match.
	Match(doc *Doc) []Hit
	// WantsArticle reports whether some rule wants the full article of
	// a feed item whose own text is doc (see Definition.Prefilter).
	WantsArticle(doc *Doc) bool
}

var (
	_ Matcher = (*Set)(nil)
	_ Matcher = (*Reference)(nil)
)

// Reference is the executable specification of the rule language: a
// matcher written to be read, not to be fast. It shares the parsed and
// compiled queries of a Set (their fields, weights and lists) and nothing
// else: it splits and folds text itself, compares every word of a story
// with every word of a query, and evaluates every rule by walking its
// query. Where it and Set disagree, the package documentation decides
// which one is wrong. reftext.go reads the text; this file finds the
// places of terms and evaluates queries.
//
// It takes time proportional to the story's words times the rules'
// words, and more for NEAR; use it in tests and to check Set, not to
// match a stream of stories.
type Reference struct {
	set *Set
}

// NewReference returns the reference matcher of the rules of s. A nil s
// matches nothing.
func NewReference(s *Set) *Reference { return &Reference{set: s} }

// Match returns a Hit for every rule that flags doc, as Set.Match does.
func (m *Reference) Match(doc *Doc) []Hit {
	if m.set == nil || doc == nil {
		return nil
	}
	d := readDoc(doc, m.set.terms)
	var hits []Hit
	for i := range m.set.rules {
		r := &m.set.rules[i]
		d.stem = r.def.Stem
		if !d.matches(r.q.root) {
			continue
		}
		score, places := d.explain(r.q.root)
		if score < r.def.MinScore {
			continue
		}
		hits = append(hits, Hit{Rule: r.def.Name, Score: score, Tags: slices.Clone(r.def.Tags), Matches: d.describe(places)})
	}
	return hits
}

// WantsArticle reports whether some rule wants the full article of a
// feed item whose own text is doc: a rule without a prefilter always
// does, one with a prefilter when it matches doc.
func (m *Reference) WantsArticle(doc *Doc) bool {
	if m.set == nil || len(m.set.rules) == 0 {
		return false
	}
	if doc == nil {
		doc = &Doc{}
	}
	d := readDoc(doc, m.set.terms)
	for _, r := range m.set.rules {
		d.stem = r.def.Stem
		if r.p.root == nil || d.matches(r.p.root) {
			return true
		}
	}
	return false
}

// refSpan is a place where a clause matches: the words start..end
// (positions in the field, inclusive) of one field, and the term shown
// for it. The place of a NEAR also keeps the places of the words that
// made it (parts), which explanations show instead of the whole pair.
type refSpan struct {
	field, start, end int
	term              string
	parts             []refSpan
}

// leaves are the places an explanation shows for s: s itself, or the
// words of a NEAR's pair.
func (s refSpan) leaves() []refSpan {
	if s.parts == nil {
		return []refSpan{s}
	}
	return s.parts
}

// sortPlaces sorts places by field, start and end, keeping the order of
// equal ones.
func sortPlaces(places []refSpan) {
	slices.SortStableFunc(places, func(a, b refSpan) int {
		return cmp.Or(cmp.Compare(a.field, b.field), cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
}

// samePlace reports whether a and b cover the same words.
func samePlace(a, b refSpan) bool {
	return a.field == b.field && a.start == b.start && a.end == b.end
}

// fieldsOf lists the fields of a field mask, in field order.
func fieldsOf(mask uint8) []int {
	var out []int
	for f := range numFields {
		if mask&(1<<f) != 0 {
			out = append(out, f)
		}
	}
	return out
}

// phrasePlaces returns the places, in document order, where the words
// of a term occur in a row in one of the fields.
func (d *refDoc) phrasePlaces(words []refQueryWord, fields uint8, term string) []refSpan {
	var out []refSpan
	for _, f := range fieldsOf(fields) {
		ws := d.fields[f].words
		for i := 0; i+len(words) <= len(ws); i++ {
			all := true
			for k, q := range words {
				if !q.fits(&ws[i+k]) {
					all = false
					break
				}
			}
			if all {
				out = append(out, refSpan{field: f, start: i, end: i + len(words) - 1, term: term})
			}
		}
	}
	return out
}

// places returns every place of a word, phrase, @list, NEAR or OR of
// them, sorted by field, start and end (equal places in the order of the
// terms of a list or the branches of an OR).
func (d *refDoc) places(n *node) []refSpan {
	var out []refSpan
	switch n.kind {
	case nodeText:
		return d.phrasePlaces(queryWords(n.text, d.stem), n.fields, n.text)
	case nodeList:
		for _, e := range n.list.entries {
			entry := d.terms[e.term] // the entry as written
			out = append(out, d.phrasePlaces(queryWords(entry, d.stem), n.fields, entry)...)
		}
	case nodeOr:
		for _, k := range n.kids {
			out = append(out, d.places(k)...)
		}
	case nodeNear:
		// Pairs covering the same words are one place: the first's.
		for _, p := range d.pairs(n) {
			out = append(out, refSpan{field: p[0].field, start: min(p[0].start, p[1].start), end: max(p[0].end, p[1].end),
				term: n.src, parts: append(p[0].leaves(), p[1].leaves()...)})
		}
		sortPlaces(out)
		return slices.CompactFunc(out, samePlace)
	}
	sortPlaces(out)
	return out
}

// pairs returns the pairs of NEAR node n: each place a of its left side,
// in order, with the place b of its right side closest to it, if any.
// b qualifies when it is in a's field, does not overlap a, comes after a
// (or, for NEAR and not ONEAR, before it) with at most n.dist words
// between a's last word and b's first (or b's last and a's first), and,
// for NEAR/sentence and NEAR/paragraph, when a and b each lie in one
// sentence (paragraph) and it is the same one. Closest is the fewest
// words between them; of several as close, the first in order.
func (d *refDoc) pairs(n *node) [][2]refSpan {
	left, right := d.places(n.kids[0]), d.places(n.kids[1])
	var out [][2]refSpan
	for _, a := range left {
		unit, ok := d.unitOf(a, n.scope)
		if !ok {
			continue
		}
		best, bestGap := -1, 0
		for j, b := range right {
			if b.field != a.field {
				continue
			}
			gap := 0
			switch {
			case b.start > a.end:
				gap = b.start - a.end
			case !n.ordered && b.end < a.start:
				gap = a.start - b.end
			default:
				continue
			}
			if gap > n.dist {
				continue
			}
			if u, ok := d.unitOf(b, n.scope); !ok || u != unit {
				continue
			}
			if best < 0 || gap < bestGap {
				best, bestGap = j, gap
			}
		}
		if best >= 0 {
			out = append(out, [2]refSpan{a, right[best]})
		}
	}
	return out
}

// unitOf returns the sentence (sc is scopeSentence) or paragraph of the
// place s, and false when s spans two; always 0 and true for scopeWords.
func (d *refDoc) unitOf(s refSpan, sc scope) (int, bool) {
	first, last := d.fields[s.field].words[s.start], d.fields[s.field].words[s.end]
	switch sc {
	case scopeSentence:
		return first.sentence, first.sentence == last.sentence
	case scopeParagraph:
		return first.paragraph, first.paragraph == last.paragraph
	}
	return 0, true
}

// count returns at how many places n matches, for n#count: the number of
// sentences (paragraphs) with a place of a NEAR/sentence (NEAR/paragraph),
// else the largest number of its places no two of which share a word.
func (d *refDoc) count(n *node) int {
	places := d.places(n)
	if n.kind == nodeNear && n.scope != scopeWords {
		units := map[[2]int]bool{}
		for _, p := range places {
			u, _ := d.unitOf(p, n.scope)
			units[[2]int{p.field, u}] = true
		}
		return len(units)
	}
	// Take places by their last word, earliest first, skipping those
	// that overlap the last taken: this takes the most.
	slices.SortStableFunc(places, func(a, b refSpan) int {
		return cmp.Or(cmp.Compare(a.field, b.field), cmp.Compare(a.end, b.end))
	})
	count, field, end := 0, -1, -1
	for _, p := range places {
		if p.field != field || p.start > end {
			count++
			field, end = p.field, p.end
		}
	}
	return count
}

// matches reports whether query node n matches the story.
func (d *refDoc) matches(n *node) bool {
	if n.count > 1 {
		return d.count(n) >= n.count
	}
	switch n.kind {
	case nodeAnd:
		for _, k := range n.kids {
			if !d.matches(k) {
				return false
			}
		}
		return true
	case nodeOr:
		for _, k := range n.kids {
			if d.matches(k) {
				return true
			}
		}
		return false
	case nodeNot:
		return !d.matches(n.kids[0])
	}
	return len(d.places(n)) > 0 // a word, phrase, @list or NEAR
}

// Explanation limits of the reference matcher, as documented on Match.
const (
	refClausePlaces = maxClauseMatches // places shown per word, phrase, @list or counted group
	refNearPairs    = maxExplainPairs  // pairs shown per NEAR
	refHitPlaces    = maxHitMatches    // places shown per hit
)

// explain returns the score of n, which matches, and the places that
// show why: the sum of the weights of its positive clauses that matched
// in a satisfied part (every kid of an AND, the matching kids of an OR),
// a counted group or a NEAR once. A word, phrase, @list or counted group
// shows its first places, a NEAR the words of its first pairs.
func (d *refDoc) explain(n *node) (float64, []refSpan) {
	if n.count != 0 && n.kind == nodeOr {
		var shown []refSpan
		for _, p := range firstN(d.places(n), refClausePlaces) {
			shown = append(shown, p.leaves()...)
		}
		return n.eff, shown
	}
	switch n.kind {
	case nodeAnd, nodeOr:
		sum, shown := 0.0, []refSpan(nil)
		for _, k := range n.kids {
			if n.kind == nodeOr && !d.matches(k) {
				continue
			}
			s, places := d.explain(k)
			sum += s
			shown = append(shown, places...)
		}
		return sum, shown
	case nodeText, nodeList:
		return n.eff, firstN(d.places(n), refClausePlaces)
	case nodeNear:
		var shown []refSpan
		for _, p := range firstN(d.pairs(n), refNearPairs) {
			shown = append(shown, p[0].leaves()...)
			shown = append(shown, p[1].leaves()...)
		}
		return n.eff, shown
	}
	return 0, nil // NOT: an absence shows nothing
}

func firstN[T any](s []T, n int) []T { return s[:min(len(s), n)] }

// describe turns the places an explanation shows into Matches: in
// document order, one per place (the first shown of those covering the
// same words), at most refHitPlaces.
func (d *refDoc) describe(places []refSpan) []Match {
	sortPlaces(places)
	places = slices.CompactFunc(places, samePlace)
	var out []Match
	for _, p := range firstN(places, refHitPlaces) {
		out = append(out, d.describePlace(p))
	}
	return out
}

// describePlace is the Match of a place: its offsets, and a snippet of
// the matched text with up to snippetWords words either side, white
// space collapsed around it, "…" where the field goes on. Punctuation
// up to snippetEdgeBytes bytes before the first word or after the last
// is kept.
func (d *refDoc) describePlace(p refSpan) Match {
	f := d.fields[p.field]
	words, text := f.words, f.text
	start, end := words[p.start].start, words[p.end].end
	lo, hi := max(0, p.start-snippetWords), min(len(words)-1, p.end+snippetWords)
	from, to := words[lo].start, words[hi].end
	if lo == 0 && from <= snippetEdgeBytes {
		from = 0
	}
	if hi == len(words)-1 && len(text)-to <= snippetEdgeBytes {
		to = len(text)
	}
	before := CollapseSpace(strings.TrimLeft(text[from:start], " \n\t\r"))
	if lo > 0 {
		before = "… " + before
	}
	after := CollapseSpace(strings.TrimRight(text[end:to], " \n\t\r"))
	if hi < len(words)-1 {
		after += " …"
	}
	return Match{Field: fieldNames[p.field], Term: p.term, Offset: start, Length: end - start,
		Snippet: before + text[start:end] + after, SnippetOffset: len(before)}
}
