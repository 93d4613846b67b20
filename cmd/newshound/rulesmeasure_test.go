package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// measureRules is the rule that the measuring commands are tested with:
// it misses stories that say transactions rather than data.
const measureRules = `
rules:
  - name: r
    query: 'facebook AND bank AND data'
`

// measureCorpus is a labeled corpus for measureRules. The ids are chosen
// for their part (see corpus.Part): story-2, story-3 and story-4 are in
// the tuning part, story-1, b and libra-02 in the check part.
const measureCorpus = `{"id": "story-2", "headline": "Facebook got bank data", "text": "A bank sent customer data to Facebook.", "label": "relevant", "kind": "pixel"}
{"id": "story-3", "headline": "Facebook and a bank", "text": "The bank shared card transactions with Facebook.", "label": "relevant", "kind": "pixel"}
{"id": "story-4", "headline": "A bank raised its fees", "text": "Customers complained.", "label": "irrelevant"}
{"id": "story-1", "headline": "Bank data went to Facebook", "text": "Its pixel sent the data.", "label": "relevant", "kind": "pixel"}
{"id": "b", "headline": "Facebook data leak", "text": "A bank was not involved in the leak of data.", "label": "irrelevant", "kind": "privacy"}
{"id": "libra-02", "headline": "Facebook changed its feed", "text": "Nothing about money.", "label": "irrelevant", "kind": "privacy"}
`

// measureFixture is a configuration holding measureRules and a corpus
// folder beside it.
type measureFixture struct {
	config, corpus, db string
}

func newMeasureFixture(t *testing.T) *measureFixture {
	t.Helper()
	dir := t.TempDir()
	f := &measureFixture{config: filepath.Join(dir, "config.yaml"), corpus: filepath.Join(dir, "corpus"), db: filepath.Join(dir, "data", "newshound.db")}
	writeConfig(t, f.config, freeAddr(t), "", false, nil, measureRules)
	if err := os.Mkdir(f.corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(f.corpus, "stories.jsonl"), measureCorpus)
	return f
}

// storeLabeled stores articles in the fixture's database and labels
// them for rule r (relevant true, false), or not at all (absent).
func (f *measureFixture) storeLabeled(t *testing.T, articles []*store.Article, relevant map[string]bool) {
	t.Helper()
	st := testkit.OpenStore(t, f.db, store.Options{})
	for _, a := range articles {
		a.ID = store.ArticleID(a.URL)
		a.Fetched = time.Now().UTC()
		a.Feed = store.FeedRef{URL: "https://news.example/feed"}
		if err := st.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		if rel, ok := relevant[a.URL]; ok {
			if err := st.PutLabel(t.Context(), store.Label{ArticleID: a.ID, Rule: "r", Relevant: rel}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestRulesTestCorpus(t *testing.T) {
	f := newMeasureFixture(t)
	tests := []struct {
		name string
		args []string
		want []string
		not  []string
	}{
		{"every part", []string{"--corpus", f.corpus}, []string{
			"tune  part:   3 stories, precision 1.000 (1/1), recall 0.500 (1/2), F1 0.667\n",
			"check part:   3 stories, precision 0.500 (1/2), recall 1.000 (1/1), F1 0.667\n",
			"all   part:   6 stories, precision 0.667 (2/3), recall 0.667 (2/3), F1 0.667\n",
			"\nall part:\nr on 6 stories: precision 0.667 (2/3), recall 0.667 (2/3), F1 0.667\n",
			"pixel", "privacy", "(no kind)",
			"false positives (1): flagged, labeled irrelevant\n\n- b Facebook data leak\nrule r: score 3\n",
			"false negatives (1): not flagged, labeled relevant\n\n- story-3 Facebook and a bank\n",
			"  held   facebook\n", "  FAILED data\n", "no term of data",
		}, nil},
		{"the check part", []string{"--corpus", f.corpus, "--split", "check"}, []string{
			"tune  part:", "check part:", "all   part:",
			"\ncheck part:\nr on 3 stories: precision 0.500 (1/2), recall 1.000 (1/1), F1 0.667\n",
			"- b Facebook data leak\n",
		}, []string{"false negatives", "story-3"}},
		{"the tuning part", []string{"--corpus", f.corpus, "--split=tune"}, []string{
			"\ntune part:\nr on 3 stories: precision 1.000 (1/1), recall 0.500 (1/2), F1 0.667\n",
			"- story-3 Facebook and a bank\n",
		}, []string{"false positives", "- b "}},
		{"a single file", []string{"--corpus", filepath.Join(f.corpus, "stories.jsonl")}, []string{
			"all   part:   6 stories, precision 0.667 (2/3)",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"rules", "test", "--rule", "r", "--config", f.config}, tt.args...)
			out, _, err := newshound(t, args...)
			if err != nil {
				t.Fatalf("%v: error = %v, want none; output:\n%s", args, err, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("%v printed\n%s\nwant it to contain %q", args, out, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("%v printed\n%s\nwant it without %q", args, out, w)
				}
			}
		})
	}
}

func TestRulesMeasureErrors(t *testing.T) {
	f := newMeasureFixture(t)
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	writeFile(t, bad, `{"id": "x", "text": "t", "label": "maybe"}`+"\n")
	tests := []struct {
		name string
		args []string // after --config
		exit int
		want string
	}{
		{"bogus split", []string{"rules", "test", "--rule", "r", "--corpus", f.corpus, "--split", "bogus"}, 2, `--split is tune, check or all, not "bogus"`},
		{"corpus and labels", []string{"rules", "test", "--rule", "r", "--corpus", f.corpus, "--labels"}, 2, "give --corpus DIR or --labels, not both"},
		{"a query and labels", []string{"rules", "test", "--query", "facebook", "--labels"}, 2, "give --rule NAME with --labels"},
		{"suggest: corpus and labels", []string{"rules", "suggest", "--rule", "r", "--corpus", f.corpus, "--labels"}, 2, "not both"},
		{"suggest: bogus split", []string{"rules", "suggest", "--rule", "r", "--corpus", f.corpus, "--split", "x"}, 2, "--split is tune, check or all"},
		{"suggest without a source", []string{"rules", "suggest", "--rule", "r"}, 2, "rules suggest needs --rule NAME and --corpus DIR or --labels"},
		{"suggest without a rule", []string{"rules", "suggest", "--corpus", f.corpus}, 2, "rules suggest needs --rule NAME"},
		{"unknown rule", []string{"rules", "test", "--rule", "nope", "--corpus", f.corpus}, 1, `no rule named "nope"`},
		{"suggest: unknown rule", []string{"rules", "suggest", "--rule", "nope", "--corpus", f.corpus}, 1, `no rule named "nope"`},
		{"missing corpus", []string{"rules", "test", "--rule", "r", "--corpus", filepath.Join(f.corpus, "nowhere")}, 1, filepath.Join(f.corpus, "nowhere")},
		{"bad corpus", []string{"rules", "test", "--rule", "r", "--corpus", bad}, 1, bad + `:1: story x: label is "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args[:2]...), append([]string{"--config", f.config}, tt.args[2:]...)...)
			out, _, err := newshound(t, args...)
			if err == nil {
				t.Fatalf("%v = nil error, output:\n%s\nwant exit %d with %q", args, out, tt.exit, tt.want)
			}
			if got := exitCode(err); got != tt.exit || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v error = %v (exit %d), want exit %d containing %q", args, err, got, tt.exit, tt.want)
			}
		})
	}
}

// labeledArticles are stored stories for measureRules: a true positive
// found in the feed item's summary alone, one in the article, a missed
// relevant one, a false positive, a true negative, and one unlabeled.
func labeledArticles() ([]*store.Article, map[string]bool) {
	arts := []*store.Article{
		{URL: "https://news.example/summary", Title: "A story", Summary: "Facebook took bank data.", Text: "The page said little."},
		{URL: "https://news.example/article", Title: "Facebook got bank data", Text: "A bank sent customer data to Facebook."},
		{URL: "https://news.example/missed", Title: "Facebook and a bank", Text: "The bank shared card transactions with Facebook."},
		{URL: "https://news.example/leak", Title: "Facebook data leak", Text: "A bank was not involved in the leak of data."},
		{URL: "https://news.example/fees", Title: "A bank raised its fees", Text: "Customers complained."},
		{URL: "https://news.example/unlabeled", Title: "Facebook bank data", Text: "Not judged."},
	}
	return arts, map[string]bool{
		"https://news.example/summary": true,
		"https://news.example/article": true,
		"https://news.example/missed":  true,
		"https://news.example/leak":    false,
		"https://news.example/fees":    false,
	}
}

func TestRulesTestLabels(t *testing.T) {
	f := newMeasureFixture(t)
	arts, labels := labeledArticles()
	f.storeLabeled(t, arts, labels)
	out, _, err := newshound(t, "rules", "test", "--rule", "r", "--labels", "--config", f.config)
	if err != nil {
		t.Fatalf("rules test --labels error = %v, want none; output:\n%s", err, out)
	}
	for _, w := range []string{
		"r on 5 stories: precision 0.667 (2/3), recall 0.667 (2/3), F1 0.667\n",
		"false positives (1)", "Facebook data leak",
		"false negatives (1)", "Facebook and a bank", "FAILED data",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("rules test --labels printed\n%s\nwant it to contain %q", out, w)
		}
	}
	if strings.Contains(out, "part:") || strings.Contains(out, "Not judged") {
		t.Errorf("rules test --labels printed\n%s\nwant no corpus parts and no unlabeled story", out)
	}

	out, _, err = newshound(t, "rules", "suggest", "--rule", "r", "--labels", "--config", f.config)
	if err != nil {
		t.Fatalf("rules suggest --labels error = %v, want none; output:\n%s", err, out)
	}
	for _, w := range []string{"r on 5 stories", "add transactions to data", "precision 0.667 -> "} {
		if !strings.Contains(out, w) {
			t.Errorf("rules suggest --labels printed\n%s\nwant it to contain %q (every label, not a part of them)", out, w)
		}
	}
}

func TestRulesTestNoLabels(t *testing.T) {
	f := newMeasureFixture(t)
	arts, _ := labeledArticles()
	f.storeLabeled(t, arts, nil)
	for _, verb := range []string{"test", "suggest"} {
		t.Run(verb, func(t *testing.T) {
			out, _, err := newshound(t, "rules", verb, "--rule", "r", "--labels", "--config", f.config)
			want := "no stored story is labeled for rule r: label some with `newshound label STORY relevant|irrelevant --rule r`"
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("rules %s --labels with no labels = %q, %v; want an error containing %q", verb, out, err, want)
			}
		})
	}
}

func TestRulesSuggestCorpus(t *testing.T) {
	f := newMeasureFixture(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		// The tuning part by default: story-3 is its missed story.
		{"the tuning part", nil, []string{
			"r on 3 stories (tune part): precision 1.000 (1/1), recall 0.500 (1/2), F1 0.667\n",
			"add transactions to data\n  in 1 missed relevant stories, 0 irrelevant\n  precision 1.000 -> 1.000, recall 0.500 -> 1.000, F1 0.667 -> 1.000\n",
		}},
		{"every story", []string{"--split", "all"}, []string{
			"r on 6 stories (all part): precision 0.667 (2/3)",
			"precision 0.667 -> ",
		}},
		{"one suggestion", []string{"--n", "1"}, []string{"add "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"rules", "suggest", "--rule", "r", "--corpus", f.corpus, "--config", f.config}, tt.args...)
			out, _, err := newshound(t, args...)
			if err != nil {
				t.Fatalf("%v error = %v, want none; output:\n%s", args, err, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("%v printed\n%s\nwant it to contain %q", args, out, w)
				}
			}
			if tt.name == "one suggestion" && strings.Count(out, " -> ") != 3 {
				t.Errorf("%v printed\n%s\nwant one suggestion", args, out)
			}
		})
	}

	// A rule that gets every story right has nothing to suggest.
	writeConfig(t, f.config, freeAddr(t), "", false, nil, "rules:\n  - {name: r, query: 'facebook AND bank AND (data OR transactions) AND NOT leak'}\n")
	out, _, err := newshound(t, "rules", "suggest", "--rule", "r", "--corpus", f.corpus, "--config", f.config)
	if err != nil || !strings.Contains(out, "no suggestion: r gets every one of the 3 stories right") {
		t.Errorf("rules suggest of a perfect rule = %q, %v; want no suggestion", out, err)
	}
}
