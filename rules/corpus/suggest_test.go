package corpus

import (
	"strings"
	"testing"

	"github.com/newshound/newshound/rules"
)

// loopStories are labeled stories for a rule that wants "data": three
// relevant ones say it, three say "transactions" instead, and the
// irrelevant ones name Facebook and a bank without either word.
func loopStories() []Story {
	rel := func(id, text string) Story { return Story{ID: id, Text: text, Label: LabelRelevant} }
	irr := func(id, text string) Story { return Story{ID: id, Text: text, Label: LabelIrrelevant} }
	return []Story{
		rel("hit-1", "Facebook received customer data from a bank through its pixel."),
		rel("hit-2", "A bank sent account data to Facebook for advertising."),
		rel("hit-3", "Regulators asked why the bank gave Facebook data about clients."),
		rel("miss-1", "Facebook collected card transactions from a bank in Ohio."),
		rel("miss-2", "The bank passed transactions of savers to Facebook quietly."),
		rel("miss-3", "Facebook matched payment transactions that one bank supplied."),
		irr("other-1", "Facebook opened an office next to a bank downtown."),
		irr("other-2", "The bank advertised its mortgages on Facebook this spring."),
		irr("other-3", "Facebook changed how groups show events."),
		irr("other-4", "A bank raised fees on overdrafts."),
	}
}

// measureDef compiles def and measures it on stories.
func measureDef(t *testing.T, def rules.Definition, lists map[string][]string, stories []Story) Figures {
	t.Helper()
	r, err := Measure(compileRule(t, def, lists), def.Name, stories)
	if err != nil {
		t.Fatalf("Measure(%q) error = %v", def.Query, err)
	}
	return r.Figures
}

// find returns the position of the suggestion of term among ss, -1 when
// it is not there.
func find(ss []Suggestion, term string, exclude bool) int {
	for i, s := range ss {
		if s.Term == term && s.Exclude == exclude {
			return i
		}
	}
	return -1
}

func TestSuggestLoop(t *testing.T) {
	def := rules.Definition{Name: "r", Query: "facebook AND bank AND data"}
	stories := loopStories()
	before := measureDef(t, def, nil, stories)
	if want := (Figures{TP: 3, FN: 3, TN: 4}); before != want {
		t.Fatalf("before: Measure(%q) = %+v, want %+v", def.Query, before, want)
	}

	ss, err := Suggest(def, nil, stories, 5)
	if err != nil {
		t.Fatalf("Suggest(%q) error = %v", def.Query, err)
	}
	if len(ss) == 0 || len(ss) > 5 {
		t.Fatalf("Suggest(%q, n=5) = %d suggestions, want 1..5", def.Query, len(ss))
	}
	i := find(ss, "transactions", false)
	if i < 0 || i > 2 {
		t.Fatalf("Suggest(%q) = %+v, want transactions among the first three", def.Query, ss)
	}
	s := ss[i]
	if want := "facebook AND bank AND (data OR transactions)"; s.Query != want {
		t.Errorf("suggestion Query = %q, want %q", s.Query, want)
	}
	if want := (rules.Part{Src: "data", Pos: 22}); s.Part != want {
		t.Errorf("suggestion Part = %+v, want %+v", s.Part, want)
	}
	if s.In != 3 || s.Against != 0 {
		t.Errorf("suggestion In, Against = %d, %d; want 3, 0", s.In, s.Against)
	}
	if s.Before != before {
		t.Errorf("suggestion Before = %+v, want the figures measured, %+v", s.Before, before)
	}
	if s.After.F1() <= s.Before.F1() || s.After.Recall() <= s.Before.Recall() || s.After.Precision() < s.Before.Precision() {
		t.Errorf("suggestion After = %v, want better than Before = %v", s.After, s.Before)
	}
	for j := 1; j < len(ss); j++ {
		if ss[j].After.F1() > ss[j-1].After.F1() {
			t.Errorf("suggestion %d has F1 %.3f > suggestion %d's %.3f, want best F1 first", j, ss[j].After.F1(), j-1, ss[j-1].After.F1())
		}
	}

	// Close the loop: the rule with the suggested query measures as the
	// suggestion said.
	def.Query = s.Query
	if got := measureDef(t, def, nil, stories); got != s.After {
		t.Errorf("after: Measure(%q) = %+v, want the suggestion's After %+v", def.Query, got, s.After)
	}
	if want := (Figures{TP: 6, TN: 4}); s.After != want {
		t.Errorf("suggestion After = %+v, want %+v", s.After, want)
	}
}

func TestSuggestExclude(t *testing.T) {
	rel := func(id, text string) Story { return Story{ID: id, Text: text, Label: LabelRelevant} }
	irr := func(id, text string) Story { return Story{ID: id, Text: text, Label: LabelIrrelevant} }
	stories := []Story{
		rel("tp-1", "Facebook received customer data from a bank."),
		rel("tp-2", "A bank sent account records to Facebook."),
		rel("tp-3", "The bank let Facebook see what clients bought."),
		irr("fp-1", "Facebook streamed the football final a bank sponsored."),
		irr("fp-2", "A bank put football tickets up as prizes on Facebook."),
		irr("fp-3", "The bank and Facebook both backed football clubs for girls."),
		irr("tn-1", "Facebook changed how groups show events."),
		irr("tn-2", "A bank raised fees on overdrafts."),
	}
	def := rules.Definition{Name: "r", Query: "facebook AND bank"}
	before := measureDef(t, def, nil, stories)
	if want := (Figures{TP: 3, FP: 3, TN: 2}); before != want {
		t.Fatalf("before: Measure(%q) = %+v, want %+v", def.Query, before, want)
	}
	ss, err := Suggest(def, nil, stories, 10)
	if err != nil {
		t.Fatalf("Suggest(%q) error = %v", def.Query, err)
	}
	i := find(ss, "football", true)
	if i != 0 {
		t.Fatalf("Suggest(%q) = %+v, want excluding football first", def.Query, ss)
	}
	s := ss[i]
	if want := "(facebook AND bank) AND NOT football"; s.Query != want {
		t.Errorf("suggestion Query = %q, want %q", s.Query, want)
	}
	if s.Part != (rules.Part{}) || s.In != 3 || s.Against != 0 {
		t.Errorf("suggestion Part, In, Against = %+v, %d, %d; want none, 3, 0", s.Part, s.In, s.Against)
	}
	if s.After.Precision() <= s.Before.Precision() || s.After.Recall() != s.Before.Recall() {
		t.Errorf("suggestion After = %v, want better precision, same recall than Before = %v", s.After, s.Before)
	}
	def.Query = s.Query
	if got := measureDef(t, def, nil, stories); got != s.After || got != (Figures{TP: 3, TN: 5}) {
		t.Errorf("after: Measure(%q) = %+v, want the suggestion's After %+v = {TP:3 TN:5}", def.Query, got, s.After)
	}
}

func TestSuggestEdges(t *testing.T) {
	stories := loopStories()
	t.Run("a rule that gets every story right", func(t *testing.T) {
		def := rules.Definition{Name: "r", Query: "facebook AND bank AND (data OR transactions)"}
		ss, err := Suggest(def, nil, stories, 5)
		if err != nil || len(ss) != 0 {
			t.Errorf("Suggest(%q) = %+v, %v; want none", def.Query, ss, err)
		}
	})
	t.Run("n limits the suggestions", func(t *testing.T) {
		def := rules.Definition{Name: "r", Query: "facebook AND bank AND data"}
		ss, err := Suggest(def, nil, stories, 1)
		if err != nil || len(ss) != 1 {
			t.Errorf("Suggest(n=1) = %d suggestions, %v; want 1", len(ss), err)
		}
	})
	t.Run("a list part", func(t *testing.T) {
		def := rules.Definition{Name: "r", Query: "facebook AND bank AND @data"}
		lists := map[string][]string{"data": {"data", "records"}}
		ss, err := Suggest(def, lists, stories, 3)
		if err != nil {
			t.Fatalf("Suggest(%q) error = %v", def.Query, err)
		}
		i := find(ss, "transactions", false)
		if i < 0 || ss[i].Query != "facebook AND bank AND (@data OR transactions)" {
			t.Fatalf("Suggest(%q) = %+v, want transactions added to @data", def.Query, ss)
		}
		d := def
		d.Query = ss[i].Query
		if got := measureDef(t, d, lists, stories); got != ss[i].After {
			t.Errorf("Measure(%q) = %+v, want the suggestion's After %+v", d.Query, got, ss[i].After)
		}
	})
	t.Run("a rule that does not compile", func(t *testing.T) {
		def := rules.Definition{Name: "r", Query: "facebook bank"}
		if ss, err := Suggest(def, nil, stories, 5); err == nil {
			t.Errorf("Suggest(%q) = %+v, nil error; want the compile error", def.Query, ss)
		}
	})
}

func TestWriteSuggestions(t *testing.T) {
	before := Figures{TP: 3, FP: 3, FN: 1, TN: 2}
	ss := []Suggestion{
		{Term: "transactions", Part: rules.Part{Src: "data", Pos: 22}, In: 3, Against: 1, Before: before, After: Figures{TP: 4, FP: 3, TN: 2}},
		{Term: "football", Exclude: true, In: 2, Against: 0, Before: before, After: Figures{TP: 3, FP: 1, FN: 1, TN: 4}},
	}
	var b strings.Builder
	if err := WriteSuggestions(&b, ss); err != nil {
		t.Fatalf("WriteSuggestions error = %v", err)
	}
	want := "add transactions to data\n" +
		"  in 3 missed relevant stories, 1 irrelevant\n" +
		"  precision 0.500 -> 0.571, recall 0.750 -> 1.000, F1 0.600 -> 0.727\n" +
		"exclude football (AND NOT football)\n" +
		"  in 2 false positives, 0 true positives\n" +
		"  precision 0.500 -> 0.750, recall 0.750 -> 0.750, F1 0.600 -> 0.750\n"
	if got := b.String(); got != want {
		t.Errorf("WriteSuggestions() =\n%s\nwant\n%s", got, want)
	}
}

func TestSuggestStages(t *testing.T) {
	// Stored stories carry their feed item and article as Stages; the
	// terms of both count, the feed summary's included.
	stage := func(id, label, summary, text string) Story {
		return Story{ID: id, Headline: "A story", Text: text, Label: label,
			Stages: []rules.Doc{{Title: "A story", Summary: summary}, {Title: "A story", Text: text}}}
	}
	stories := []Story{
		stage("tp-1", LabelRelevant, "Facebook took bank data through its football app.", "The page said little."),
		stage("tp-2", LabelRelevant, "", "Facebook got bank data."),
		stage("fp-1", LabelIrrelevant, "", "Facebook showed bank data about football."),
		stage("fp-2", LabelIrrelevant, "Facebook bank football data.", "Nothing."),
	}
	def := rules.Definition{Name: "r", Query: "facebook AND bank AND data"}
	ss, err := Suggest(def, nil, stories, 20)
	if err != nil {
		t.Fatal(err)
	}
	i := find(ss, "football", true)
	if i < 0 {
		t.Fatalf("Suggest = %+v, want football excluded", ss)
	}
	if s := ss[i]; s.In != 2 || s.Against != 1 {
		t.Errorf("exclude football: In, Against = %d, %d; want 2, 1 (tp-1 says it in its feed summary)", s.In, s.Against)
	}
}
