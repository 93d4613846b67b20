package corpus

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/newshound/newshound/rules"
)

// Suggestion is a term that would change a rule's figures, tried on the
// stories it was drawn from.
type Suggestion struct {
	// Term is the word or "phrase", as it would be written in a query.
	Term string
	// Exclude is false for a term added as an alternative to Part (a
	// term of missed relevant stories), true for a term the rule would
	// exclude (a term of its false positives).
	Exclude bool
	// Part is the part of the query the term is added to; zero when
	// Exclude is set.
	Part rules.Part
	// Query is the rule's query with the change.
	Query string
	// In is how many of the stories the term is meant for have it (the
	// missed relevant ones lacking Part, or the false positives), and
	// Against how many of the others have it (the irrelevant stories, or
	// the true positives).
	In, Against int
	// Before and After are the rule's figures without and with the change.
	Before, After Figures
}

// Candidates per missing part and for the false positives.
const (
	maxParts         = 3
	candidatesPerSet = 12
)

// Suggest lists candidate terms for rule def: words and phrases frequent in
// the relevant stories it misses and rare in the irrelevant ones, added as
// an alternative to the part of the query those stories most often lack;
// and words and phrases frequent in its false positives and rare in its
// true positives, excluded. Each is tried, and the suggestions come with
// the figures before and after, best F1 first, at most n.
func Suggest(def rules.Definition, lists map[string][]string, stories []Story, n int) ([]Suggestion, error) {
	set, err := rules.Compile([]rules.Definition{def}, lists)
	if err != nil {
		return nil, err
	}
	before, err := Measure(set, def.Name, stories)
	if err != nil {
		return nil, err
	}
	terms := make([]map[string]bool, len(stories))
	index := map[*Story]int{}
	for i := range stories {
		terms[i] = termsOf(&stories[i])
		index[&stories[i]] = i
	}
	var irrelevant, tp []int
	fps := map[int]bool{}
	for _, e := range before.FalsePositives {
		fps[index[e.Story]] = true
	}
	for i := range stories {
		switch {
		case !stories[i].Relevant():
			irrelevant = append(irrelevant, i)
		case !slices.ContainsFunc(before.FalseNegatives, func(e Error) bool { return e.Story == &stories[i] }):
			tp = append(tp, i)
		}
	}

	type trial struct {
		term    string
		exclude bool
		part    rules.Part
		in, ag  int
	}
	var trials []trial
	// The parts of the query that missed stories lack, most often first.
	byPart := map[rules.Part][]int{}
	for _, e := range before.FalseNegatives {
		seen := map[rules.Part]bool{}
		for _, c := range e.Diagnosis.Clauses {
			for _, p := range c.Missing {
				if !seen[p] {
					seen[p] = true
					byPart[p] = append(byPart[p], index[e.Story])
				}
			}
		}
	}
	parts := make([]rules.Part, 0, len(byPart))
	for p := range byPart {
		parts = append(parts, p)
	}
	slices.SortFunc(parts, func(a, b rules.Part) int {
		return cmp.Or(len(byPart[b])-len(byPart[a]), a.Pos-b.Pos)
	})
	for _, p := range parts[:min(len(parts), maxParts)] {
		for _, c := range rank(terms, byPart[p], irrelevant) {
			trials = append(trials, trial{term: c.term, part: p, in: c.in, ag: c.against})
		}
	}
	var fpIdx []int
	for i := range fps {
		fpIdx = append(fpIdx, i)
	}
	slices.Sort(fpIdx)
	for _, c := range rank(terms, fpIdx, tp) {
		trials = append(trials, trial{term: c.term, exclude: true, in: c.in, ag: c.against})
	}

	var out []Suggestion
	for _, t := range trials {
		q := def.Query
		if t.exclude {
			q = "(" + q + ") AND NOT " + t.term
		} else {
			q = q[:t.part.Pos] + "(" + t.part.Src + " OR " + t.term + ")" + q[t.part.Pos+len(t.part.Src):]
		}
		d := def
		d.Query = q
		s, err := rules.Compile([]rules.Definition{d}, lists)
		if err != nil {
			continue // a term the grammar cannot take as written
		}
		after, err := Measure(s, def.Name, stories)
		if err != nil {
			return nil, err
		}
		out = append(out, Suggestion{Term: t.term, Exclude: t.exclude, Part: t.part, Query: q,
			In: t.in, Against: t.ag, Before: before.Figures, After: after.Figures})
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(b.After.F1(), a.After.F1()), cmp.Compare(b.In-b.Against, a.In-a.Against))
	})
	return out[:min(len(out), n)], nil
}

type candidate struct {
	term        string
	in, against int
}

// rank returns the terms most frequent in the stories in and rarest in
// the stories against: at least two of in (one when in is one story),
// ordered by in/(1+against).
func rank(terms []map[string]bool, in, against []int) []candidate {
	if len(in) == 0 {
		return nil
	}
	need := min(2, len(in))
	count := map[string]int{}
	for _, i := range in {
		for t := range terms[i] {
			count[t]++
		}
	}
	var out []candidate
	for t, c := range count {
		if c < need {
			continue
		}
		a := 0
		for _, i := range against {
			if terms[i][t] {
				a++
			}
		}
		out = append(out, candidate{t, c, a})
	}
	score := func(c candidate) float64 { return float64(c.in) / float64(1+c.against) }
	slices.SortFunc(out, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(score(b), score(a)), cmp.Compare(b.in, a.in), strings.Compare(a.term, b.term))
	})
	return out[:min(len(out), candidatesPerSet)]
}

// termsOf returns the words and two-word phrases of a story (of every
// field of its Docs, so a stored story's feed summary too), as query
// terms, without stop words and numbers.
func termsOf(s *Story) map[string]bool {
	out := map[string]bool{}
	var fields []string
	for _, d := range s.Docs() {
		fields = append(fields, d.Title, d.Summary, d.Text)
	}
	for _, field := range fields {
		words := rules.Words(field)
		for i, w := range words {
			if !useful(w) {
				continue
			}
			out[w] = true
			if i+1 < len(words) && useful(words[i+1]) {
				out[`"`+w+" "+words[i+1]+`"`] = true
			}
		}
	}
	return out
}

func useful(w string) bool {
	if len(w) < 3 || stopWords[w] {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// stopWords are English function words, never suggested.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`about above after again against all also and any are because been before
	being below between both but can could did does doing down during each few for from further had has have
	having her here hers herself him himself his how into its itself just more most not now off once only other
	our ours out over own same she should some such than that the their theirs them then there these they this
	those through too under until very was were what when where which while who whom why will with would you
	your yours said says one two new its it's year years last first also may might must shall upon like
	within without per via yet near`) {
		m[w] = true
	}
	return m
}()

// WriteSuggestions prints suggestions, one per line with the figures
// before and after.
func WriteSuggestions(w io.Writer, ss []Suggestion) error {
	var b strings.Builder
	for _, s := range ss {
		what := fmt.Sprintf("add %s to %s", s.Term, oneLine(s.Part.Src, 60))
		counts := fmt.Sprintf("in %d missed relevant stories, %d irrelevant", s.In, s.Against)
		if s.Exclude {
			what = "exclude " + s.Term + " (AND NOT " + s.Term + ")"
			counts = fmt.Sprintf("in %d false positives, %d true positives", s.In, s.Against)
		}
		fmt.Fprintf(&b, "%s\n  %s\n  precision %.3f -> %.3f, recall %.3f -> %.3f, F1 %.3f -> %.3f\n",
			what, counts, s.Before.Precision(), s.After.Precision(), s.Before.Recall(), s.After.Recall(), s.Before.F1(), s.After.F1())
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("corpus: write suggestions: %w", err)
	}
	return nil
}
