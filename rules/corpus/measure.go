package corpus

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/newshound/newshound/rules"
)

// Figures are the confusion counts of a rule on some stories.
type Figures struct {
	TP, FP, FN, TN int
}

// Precision is TP/(TP+FP), 1 when the rule flagged nothing.
func (f Figures) Precision() float64 { return ratio(f.TP, f.TP+f.FP) }

// Recall is TP/(TP+FN), 1 when there is nothing relevant.
func (f Figures) Recall() float64 { return ratio(f.TP, f.TP+f.FN) }

// F1 is the harmonic mean of precision and recall.
func (f Figures) F1() float64 {
	p, r := f.Precision(), f.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// String is "precision 0.950 (19/20), recall 0.905 (19/21), F1 0.927".
func (f Figures) String() string {
	return fmt.Sprintf("precision %.3f (%d/%d), recall %.3f (%d/%d), F1 %.3f",
		f.Precision(), f.TP, f.TP+f.FP, f.Recall(), f.TP, f.TP+f.FN, f.F1())
}

func (f *Figures) add(relevant, flagged bool) {
	switch {
	case relevant && flagged:
		f.TP++
	case flagged:
		f.FP++
	case relevant:
		f.FN++
	default:
		f.TN++
	}
}

// Error is a story the rule got wrong.
type Error struct {
	Story *Story
	// Hit explains a false positive: why the rule flagged it.
	Hit rules.Hit
	// Diagnosis is how close a false negative came: which clauses held.
	Diagnosis rules.Diagnosis
}

// Report is a rule measured on a set of stories.
type Report struct {
	Rule string
	Figures
	// ByKind are the figures of the stories of each kind.
	ByKind map[string]Figures
	// FalsePositives and FalseNegatives are the stories the rule got
	// wrong, in corpus order.
	FalsePositives, FalseNegatives []Error
}

// Measure matches the rule named rule of set against every story.
func Measure(set *rules.Set, rule string, stories []Story) (*Report, error) {
	if !hasRule(set, rule) {
		return nil, fmt.Errorf("corpus: the rule set has no rule %q", rule)
	}
	r := &Report{Rule: rule, ByKind: map[string]Figures{}}
	for i := range stories {
		s := &stories[i]
		hit, flagged := flags(set, rule, s.Docs())
		r.Figures.add(s.Relevant(), flagged)
		k := r.ByKind[s.Kind]
		k.add(s.Relevant(), flagged)
		r.ByKind[s.Kind] = k
		switch {
		case flagged && !s.Relevant():
			r.FalsePositives = append(r.FalsePositives, Error{Story: s, Hit: hit})
		case !flagged && s.Relevant():
			docs := s.Docs()
			d, _ := set.Diagnose(rule, &docs[len(docs)-1])
			r.FalseNegatives = append(r.FalseNegatives, Error{Story: s, Diagnosis: d})
		}
	}
	return r, nil
}

func hasRule(set *rules.Set, rule string) bool {
	for _, d := range set.Rules() {
		if d.Name == rule {
			return true
		}
	}
	return false
}

// flags reports whether rule flags one of docs, with its hit.
func flags(set *rules.Set, rule string, docs []rules.Doc) (rules.Hit, bool) {
	for i := range docs {
		for _, h := range set.Match(&docs[i]) {
			if h.Rule == rule {
				return h, true
			}
		}
	}
	return rules.Hit{}, false
}

// Write prints the report: the figures, the figures by kind, each false
// positive with its explanation and each false negative with the clauses
// that held and failed.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s on %d stories: %s\n", r.Rule, r.TP+r.FP+r.FN+r.TN, r.Figures)
	kinds := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		f := r.ByKind[k]
		name := k
		if name == "" {
			name = "(no kind)"
		}
		fmt.Fprintf(&b, "  %-28s %3d stories  flagged %3d  wrong %3d\n", name, f.TP+f.FP+f.FN+f.TN, f.TP+f.FP, f.FP+f.FN)
	}
	if len(r.FalsePositives) > 0 {
		fmt.Fprintf(&b, "\nfalse positives (%d): flagged, labeled irrelevant\n", len(r.FalsePositives))
		for _, e := range r.FalsePositives {
			fmt.Fprintf(&b, "\n- %s %s\n", e.Story.ID, e.Story.Headline)
			if err := rules.WriteExplanation(&b, e.Hit); err != nil {
				return err
			}
		}
	}
	if len(r.FalseNegatives) > 0 {
		fmt.Fprintf(&b, "\nfalse negatives (%d): not flagged, labeled relevant\n", len(r.FalseNegatives))
		for _, e := range r.FalseNegatives {
			fmt.Fprintf(&b, "\n- %s %s\n", e.Story.ID, e.Story.Headline)
			writeDiagnosis(&b, e.Diagnosis)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("corpus: write report: %w", err)
	}
	return nil
}

func writeDiagnosis(b *strings.Builder, d rules.Diagnosis) {
	if d.Matched {
		fmt.Fprintf(b, "  the query matched with score %g, below min_score %g\n", d.Score, d.MinScore)
	}
	for _, c := range d.Clauses {
		mark := "held  "
		if !c.Held {
			mark = "FAILED"
		}
		fmt.Fprintf(b, "  %s %s\n", mark, oneLine(c.Src, 100))
		for _, m := range c.Missing {
			fmt.Fprintf(b, "         no term of %s\n", oneLine(m.Src, 90))
		}
		if !c.Held && len(c.Missing) == 0 {
			fmt.Fprintf(b, "         its terms occur, but not together, not as often as its #n asks, or with an excluded term\n")
		}
	}
}

// oneLine returns s with its white space collapsed, cut to at most n
// bytes (at a character's start) and "…".
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
