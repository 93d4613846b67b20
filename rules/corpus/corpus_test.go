package corpus

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newshound/newshound/rules"
)

// writeCorpus writes files (name -> content) into a new temporary folder
// and returns it.
func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		"b.jsonl": `{"id": "b1", "headline": "B one", "text": "first", "label": "relevant", "kind": "pixel", "reason": "why"}` + "\n\n" +
			`{"id": "b2", "text": "second", "label": "irrelevant"}` + "\n",
		"a.json": `{"id": "a1", "headline": "A one", "label": "irrelevant"}`,
		"c.json": "[\n" +
			`  {"id": "c1", "headline": "C one", "label": "relevant"},` + "\n" +
			`  {"id": "c2", "headline": "C two", "label": "irrelevant"}` + "\n]\n",
		"notes.txt":     "not a story",
		"sub/d.jsonl":   `{"id": "d1", "text": "in a subfolder", "label": "relevant"}`,
		"README.md":     "# about this corpus",
		"e.jsonl.saved": `{"id": "e1", "text": "a backup", "label": "relevant"}`,
	})
	got, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q) error = %v, want none", dir, err)
	}
	want := []Story{
		{ID: "a1", Headline: "A one", Label: LabelIrrelevant, Source: filepath.Join(dir, "a.json") + ":1"},
		{ID: "b1", Headline: "B one", Text: "first", Label: LabelRelevant, Kind: "pixel", Reason: "why", Source: filepath.Join(dir, "b.jsonl") + ":1"},
		{ID: "b2", Text: "second", Label: LabelIrrelevant, Source: filepath.Join(dir, "b.jsonl") + ":3"},
		{ID: "c1", Headline: "C one", Label: LabelRelevant, Source: filepath.Join(dir, "c.json") + ":2"},
		{ID: "c2", Headline: "C two", Label: LabelIrrelevant, Source: filepath.Join(dir, "c.json") + ":3"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load(%q) =\n  %+v\nwant\n  %+v", dir, got, want)
	}

	// A single file is a corpus too.
	one := filepath.Join(dir, "b.jsonl")
	got, err = Load(one)
	if err != nil || len(got) != 2 || got[0].ID != "b1" || got[1].ID != "b2" {
		t.Errorf("Load(%q) = %+v, %v; want b1 and b2", one, got, err)
	}
	if !got[0].Relevant() || got[1].Relevant() {
		t.Errorf("Relevant() of b1, b2 = %v, %v; want true, false", got[0].Relevant(), got[1].Relevant())
	}
	if docs := got[0].Docs(); !reflect.DeepEqual(docs, []rules.Doc{{Title: "B one", Text: "first"}}) {
		t.Errorf("Docs() = %+v, want the headline and text as one document", docs)
	}
}

func TestLoadErrors(t *testing.T) {
	const ok = `{"id": "ok", "text": "fine", "label": "relevant"}`
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error; "DIR" is the folder
	}{
		{"unknown key", map[string]string{"a.jsonl": ok + "\n" + `{"id": "x", "text": "t", "lable": "relevant"}`},
			[]string{"DIR/a.jsonl:2: not a story", `unknown field "lable"`, "keys are id, headline, text, label"}},
		{"bad label", map[string]string{"a.jsonl": `{"id": "x", "text": "t", "label": "maybe"}`},
			[]string{"DIR/a.jsonl:1: story x: label is \"maybe\", want \"relevant\" or \"irrelevant\""}},
		{"no label", map[string]string{"a.jsonl": `{"id": "x", "text": "t"}`},
			[]string{"DIR/a.jsonl:1: story x: label is \"\""}},
		{"missing id", map[string]string{"a.jsonl": ok + "\n\n" + `{"text": "t", "label": "relevant"}`},
			[]string{"DIR/a.jsonl:3: the story has no id"}},
		{"blank id", map[string]string{"a.json": `{"id": "  ", "text": "t", "label": "relevant"}`},
			[]string{"DIR/a.json:1: the story has no id"}},
		{"no headline or text", map[string]string{"a.jsonl": `{"id": "x", "label": "relevant"}`},
			[]string{"DIR/a.jsonl:1: story x has neither headline nor text"}},
		{"duplicate id across files", map[string]string{"a.jsonl": ok, "b.jsonl": "\n" + ok},
			[]string{`DIR/b.jsonl:2: id "ok" is also at DIR/a.jsonl:1`}},
		{"duplicate id in an array", map[string]string{"a.json": "[\n" + ok + ",\n" + ok + "\n]"},
			[]string{`DIR/a.json:3: id "ok" is also at DIR/a.json:2`}},
		{"bad element of an array", map[string]string{"a.json": "[\n" + ok + ",\n" + `{"id": "x", "text": "t", "label": "maybe"}` + "\n]"},
			[]string{`DIR/a.json:3: story x: label is "maybe"`}},
		{"broken array", map[string]string{"a.json": "[\n" + ok + ",\n" + `{"id": "x",` + "\n]"},
			[]string{"DIR/a.json:4: invalid character ']'"}},
		{"broken element over lines", map[string]string{"a.json": "[\n" + ok + ",\n{\n  \"id\": \"x\",\n  \"text\" \"t\"\n}\n]"},
			[]string{"DIR/a.json:5: invalid character"}},
		{"value after an array", map[string]string{"a.json": "[\n" + ok + "\n]\n" + ok},
			[]string{"DIR/a.json:4: invalid character"}},
		{"object after blank lines", map[string]string{"a.json": "\n\n" + `{"id": "x", "text": "t", "label": "maybe"}`},
			[]string{`DIR/a.json:3: story x: label is "maybe"`}},
		{"empty folder", map[string]string{},
			[]string{"DIR holds no stories"}},
		{"only other files", map[string]string{"notes.txt": ok},
			[]string{"DIR holds no stories"}},
		{"only blank lines", map[string]string{"a.jsonl": "\n\n"},
			[]string{"DIR holds no stories"}},
		{"not JSON", map[string]string{"a.jsonl": ok + "\n" + "id: x, label: relevant"},
			[]string{"DIR/a.jsonl:2: not a story"}},
		{"two values on a line", map[string]string{"a.jsonl": `{"id": "x", "text": "t", "label": "relevant"} {"id": "y", "text": "t", "label": "relevant"}`},
			[]string{"DIR/a.jsonl:1: more than one JSON value on the line"}},
		{"every problem reported", map[string]string{"a.jsonl": `{"id": "x", "text": "t", "label": "maybe"}` + "\n" + `{"text": "t", "label": "relevant"}`},
			[]string{"DIR/a.jsonl:1: story x", "DIR/a.jsonl:2: the story has no id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeCorpus(t, tt.files)
			got, err := Load(dir)
			if err == nil {
				t.Fatalf("Load(%q) = %d stories, nil error; want an error containing %q", dir, len(got), tt.want)
			}
			if got != nil {
				t.Errorf("Load(%q) = %d stories with the error, want none", dir, len(got))
			}
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "DIR", dir)
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Load(%q) error = %v, want it to contain %q", dir, err, w)
				}
			}
		})
	}
	t.Run("missing path", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "nowhere")
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Load(%q) error = %v, want one naming the path", path, err)
		}
	})
}

func TestPart(t *testing.T) {
	// Pinned: a change of hash or threshold moves stories between parts,
	// which would make old check figures meaningless.
	pinned := map[string]string{
		"pixel-taxact-01": PartTune,
		"story-1":         PartCheck,
		"story-2":         PartTune,
		"story-3":         PartTune,
		"b":               PartCheck,
		"libra-02":        PartCheck,
		"fraud-data-07":   PartTune,
	}
	for id, want := range pinned {
		if got := Part(id); got != want {
			t.Errorf("Part(%q) = %q, want %q", id, got, want)
		}
		if got := Part(id); got != Part(id) {
			t.Errorf("Part(%q) is not stable", id)
		}
	}

	tune := 0
	const n = 1000
	for i := range n {
		if Part(fmt.Sprintf("story-%04d", i)) == PartTune {
			tune++
		}
	}
	if frac := float64(tune) / n; frac < 0.55 || frac > 0.65 {
		t.Errorf("Part puts %d of %d ids in the tuning part (%.3f), want 0.55..0.65", tune, n, frac)
	}
}

func TestSelect(t *testing.T) {
	var stories []Story
	for _, id := range []string{"pixel-taxact-01", "story-1", "story-2", "b", "story-3"} {
		stories = append(stories, Story{ID: id})
	}
	ids := func(ss []Story) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		part, want string
	}{
		{PartTune, "pixel-taxact-01,story-2,story-3"},
		{PartCheck, "story-1,b"},
		{"all", "pixel-taxact-01,story-1,story-2,b,story-3"},
		{"", "pixel-taxact-01,story-1,story-2,b,story-3"},
	}
	for _, tt := range tests {
		t.Run(tt.part, func(t *testing.T) {
			if got := ids(Select(stories, tt.part)); got != tt.want {
				t.Errorf("Select(stories, %q) = %s, want %s", tt.part, got, tt.want)
			}
		})
	}
}

func TestFigures(t *testing.T) {
	tests := []struct {
		f        Figures
		p, r, f1 float64
		str      string
		name     string
	}{
		{Figures{TP: 3, FP: 1, FN: 1, TN: 5}, 0.75, 0.75, 0.75, "precision 0.750 (3/4), recall 0.750 (3/4), F1 0.750", "all kinds"},
		{Figures{TP: 1, FP: 3, FN: 0}, 0.25, 1, 0.4, "precision 0.250 (1/4), recall 1.000 (1/1), F1 0.400", "imprecise"},
		{Figures{}, 1, 1, 1, "precision 1.000 (0/0), recall 1.000 (0/0), F1 1.000", "nothing flagged, nothing relevant"},
		{Figures{FN: 2, TN: 4}, 1, 0, 0, "precision 1.000 (0/0), recall 0.000 (0/2), F1 0.000", "nothing flagged"},
		{Figures{FP: 2, TN: 4}, 0, 1, 0, "precision 0.000 (0/2), recall 1.000 (0/0), F1 0.000", "nothing relevant"},
		{Figures{FP: 2, FN: 3}, 0, 0, 0, "precision 0.000 (0/2), recall 0.000 (0/3), F1 0.000", "all wrong"},
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Precision(); !near(got, tt.p) {
				t.Errorf("%+v.Precision() = %v, want %v", tt.f, got, tt.p)
			}
			if got := tt.f.Recall(); !near(got, tt.r) {
				t.Errorf("%+v.Recall() = %v, want %v", tt.f, got, tt.r)
			}
			if got := tt.f.F1(); !near(got, tt.f1) {
				t.Errorf("%+v.F1() = %v, want %v", tt.f, got, tt.f1)
			}
			if got := tt.f.String(); got != tt.str {
				t.Errorf("%+v.String() = %q, want %q", tt.f, got, tt.str)
			}
		})
	}
}

// measureRule is the rule of the measure tests: it misses stories that
// say transactions rather than data.
var measureRule = rules.Definition{Name: "r", Query: "facebook AND @banks AND data", Tags: []string{"privacy"}}

var measureLists = map[string][]string{"banks": {"bank", "banks", "lender"}}

func measureStories() []Story {
	return []Story{
		{ID: "tp", Headline: "Facebook got bank data", Text: "The bank sent customer data to Facebook.", Label: LabelRelevant, Kind: "pixel"},
		{ID: "fn", Headline: "Facebook and a bank", Text: "The bank shared transactions with Facebook.", Label: LabelRelevant, Kind: "pixel"},
		{ID: "fp", Headline: "Facebook data leak", Text: "A lender's rival was not involved in the Facebook leak of data.", Label: LabelIrrelevant, Kind: "privacy"},
		{ID: "tn", Headline: "Facebook changed its feed", Text: "Nothing about money.", Label: LabelIrrelevant, Kind: "privacy"},
		{ID: "tn2", Headline: "A bank raised its fees", Text: "Customers complained.", Label: LabelIrrelevant},
	}
}

func compileRule(t *testing.T, def rules.Definition, lists map[string][]string) *rules.Set {
	t.Helper()
	set, err := rules.Compile([]rules.Definition{def}, lists)
	if err != nil {
		t.Fatalf("rules.Compile(%q) error = %v", def.Query, err)
	}
	return set
}

func TestMeasure(t *testing.T) {
	set := compileRule(t, measureRule, measureLists)
	stories := measureStories()
	r, err := Measure(set, "r", stories)
	if err != nil {
		t.Fatalf("Measure error = %v", err)
	}
	if want := (Figures{TP: 1, FP: 1, FN: 1, TN: 2}); r.Figures != want {
		t.Errorf("Measure figures = %+v, want %+v", r.Figures, want)
	}
	if got, want := r.Precision(), 0.5; got != want {
		t.Errorf("Precision() = %v, want %v", got, want)
	}
	if got, want := r.Recall(), 0.5; got != want {
		t.Errorf("Recall() = %v, want %v", got, want)
	}
	if got, want := r.F1(), 0.5; got != want {
		t.Errorf("F1() = %v, want %v", got, want)
	}
	wantKinds := map[string]Figures{"pixel": {TP: 1, FN: 1}, "privacy": {FP: 1, TN: 1}, "": {TN: 1}}
	if !reflect.DeepEqual(r.ByKind, wantKinds) {
		t.Errorf("ByKind = %+v, want %+v", r.ByKind, wantKinds)
	}

	if len(r.FalsePositives) != 1 || r.FalsePositives[0].Story != &stories[2] {
		t.Fatalf("FalsePositives = %+v, want story fp", r.FalsePositives)
	}
	hit := r.FalsePositives[0].Hit
	if hit.Rule != "r" || hit.Score != 3 || !reflect.DeepEqual(hit.Tags, []string{"privacy"}) {
		t.Errorf("false positive Hit = %+v, want rule r, score 3, tags [privacy]", hit)
	}
	terms := map[string]bool{}
	for _, m := range hit.Matches {
		terms[m.Term] = true
	}
	for _, want := range []string{"facebook", "lender", "data"} {
		if !terms[want] {
			t.Errorf("false positive Hit matches %+v, want one of term %q", hit.Matches, want)
		}
	}

	if len(r.FalseNegatives) != 1 || r.FalseNegatives[0].Story != &stories[1] {
		t.Fatalf("FalseNegatives = %+v, want story fn", r.FalseNegatives)
	}
	wantDiag := rules.Diagnosis{Rule: "r", Clauses: []rules.Clause{
		{Src: "facebook", Held: true},
		{Src: "@banks", Held: true},
		{Src: "data", Missing: []rules.Part{{Src: "data", Pos: 24}}},
	}}
	if got := r.FalseNegatives[0].Diagnosis; !reflect.DeepEqual(got, wantDiag) {
		t.Errorf("false negative Diagnosis = %+v, want %+v", got, wantDiag)
	}

	if _, err := Measure(set, "nope", stories); err == nil || !strings.Contains(err.Error(), `no rule "nope"`) {
		t.Errorf("Measure(nope) error = %v, want one naming the rule", err)
	}
	if r, err := Measure(set, "r", nil); err != nil || r.Figures != (Figures{}) {
		t.Errorf("Measure(no stories) = %+v, %v; want zero figures", r, err)
	}
}

func TestMeasureStages(t *testing.T) {
	set := compileRule(t, rules.Definition{Name: "r", Query: "facebook AND bank"}, nil)
	both := rules.Doc{Title: "Facebook and a bank"}
	none := rules.Doc{Title: "Nothing here", Text: "Facebook alone"}
	tests := []struct {
		name    string
		stages  []rules.Doc
		flagged bool
	}{
		{"the feed stage matches", []rules.Doc{both, none}, true},
		{"the article stage matches", []rules.Doc{none, both}, true},
		{"both match", []rules.Doc{both, both}, true},
		{"neither matches", []rules.Doc{none, none}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The headline and text would flag it; Stages replace them.
			s := []Story{{ID: "s", Headline: "Facebook and a bank", Label: LabelRelevant, Stages: tt.stages}}
			r, err := Measure(set, "r", s)
			if err != nil {
				t.Fatal(err)
			}
			want := Figures{TP: 1}
			if !tt.flagged {
				want = Figures{FN: 1}
			}
			if r.Figures != want {
				t.Errorf("Measure(stages %+v) = %+v, want %+v", tt.stages, r.Figures, want)
			}
			if !tt.flagged {
				// Diagnosed on the last stage, the article.
				d := r.FalseNegatives[0].Diagnosis
				if len(d.Clauses) != 2 || !d.Clauses[0].Held || d.Clauses[1].Held {
					t.Errorf("Diagnosis = %+v, want facebook held and bank failed", d)
				}
			}
		})
	}
}

func TestReportWrite(t *testing.T) {
	def := measureRule
	set := compileRule(t, def, measureLists)
	stories := measureStories()
	r, err := Measure(set, "r", stories)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatalf("Write error = %v", err)
	}
	out := b.String()
	for _, want := range []string{
		"r on 5 stories: precision 0.500 (1/2), recall 0.500 (1/2), F1 0.500\n",
		"(no kind)",
		"pixel                          2 stories  flagged   1  wrong   1",
		"privacy                        2 stories  flagged   1  wrong   1",
		"false positives (1): flagged, labeled irrelevant",
		"- fp Facebook data leak\nrule r: score 3 tags privacy\n",
		"[[Facebook]]",
		"false negatives (1): not flagged, labeled relevant",
		"- fn Facebook and a bank\n",
		"  held   facebook\n",
		"  held   @banks\n",
		"  FAILED data\n",
		"         no term of data\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Write() = \n%s\nwant it to contain %q", out, want)
		}
	}

	// A NEAR whose terms occur apart, and a score below min_score.
	near := rules.Definition{Name: "near", Query: "facebook NEAR/2 bank"}
	low := rules.Definition{Name: "low", Query: "facebook OR bank", MinScore: 2}
	for _, tt := range []struct {
		def  rules.Definition
		want string
	}{
		{near, "its terms occur, but not together, not as often as its #n asks, or with an excluded term"},
		{low, "the query matched with score 1, below min_score 2"},
	} {
		t.Run(tt.def.Name, func(t *testing.T) {
			set := compileRule(t, tt.def, nil)
			s := []Story{{ID: "s", Text: "Facebook said on Tuesday that a bank had asked.", Label: LabelRelevant}}
			if tt.def.Name == "low" {
				s[0].Text = "Facebook said on Tuesday."
			}
			r, err := Measure(set, tt.def.Name, s)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := r.Write(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("Write() = \n%s\nwant it to contain %q", b.String(), tt.want)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"a  b\n c", 10, "a b c"},
		{"abcdef", 6, "abcdef"},
		{"abcdef", 3, "abc…"},
		{"ab€cd", 3, "ab…"}, // € is three bytes: never cut inside it
		{"ab€cd", 5, "ab€…"},
		{"€", 1, "…"},
	} {
		got := oneLine(tt.in, tt.n)
		if got != tt.want || !utf8.ValidString(got) {
			t.Errorf("oneLine(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
