package main

import (
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

const labelRule = "bank-facebook-data-sharing"

// labelFixture is a configuration and a database holding three stories:
// story, and two whose ids share their first six characters.
type labelFixture struct {
	config, db string
	listen     string
	story      *store.Article
	twins      [2]*store.Article
}

func newLabelFixture(t *testing.T, token string) *labelFixture {
	t.Helper()
	dir := t.TempDir()
	f := &labelFixture{config: filepath.Join(dir, "config.yaml"), db: filepath.Join(dir, "data", "newshound.db"), listen: freeAddr(t)}
	writeConfig(t, f.config, f.listen, token, false, nil, testkit.BankRules)
	st, err := store.Open(t.Context(), f.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	f.story = &store.Article{URL: "https://news.example/2026/bank-meta", Title: "Bank shared data with Meta", Fetched: now}
	f.twins[0] = &store.Article{ID: "abcdef0000000000000000000000000a", URL: "https://twin.example/a", Title: "Twin A", Fetched: now}
	f.twins[1] = &store.Article{ID: "abcdef0000000000000000000000000b", URL: "https://twin.example/b", Title: "Twin B", Fetched: now}
	for _, a := range []*store.Article{f.story, f.twins[0], f.twins[1]} {
		if err := st.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	// A label of a rule since removed from the configuration.
	if err := st.PutLabel(t.Context(), store.Label{ArticleID: f.twins[0].ID, Rule: "old-rule", Relevant: true}); err != nil {
		t.Fatal(err)
	}
	return f
}

// labels reads the stored labels of id from the store st, or from the
// file when st is nil.
func (f *labelFixture) labels(t *testing.T, st *store.Store, id string) string {
	t.Helper()
	if st == nil {
		var err error
		if st, err = store.Open(t.Context(), f.db, store.Options{ReadOnly: true}); err != nil {
			t.Fatal(err)
		}
		defer st.Close()
	}
	ls, err := st.ArticleLabels(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		v := "irrelevant"
		if l.Relevant {
			v = "relevant"
		}
		out = append(out, l.Rule+"="+v)
	}
	return strings.Join(out, ",")
}

// labelStep is one `newshound label` run and what it leaves.
type labelStep struct {
	name   string
	args   []string // after "label"; --config is added
	exit   int
	want   string // in stdout, or in the error
	id     string // the story whose labels are then checked
	labels string // its labels then, as "rule=verdict" joined by ","
}

// labelSteps are the steps of both tests, run in order on a fresh
// fixture; the remote test runs them through the daemon's API.
func labelSteps(f *labelFixture) []labelStep {
	id, twin := f.story.ID, f.twins[0].ID
	return []labelStep{
		{"full id", []string{id, "relevant", "--rule", labelRule}, 0,
			`recorded story ` + id + ` ("Bank shared data with Meta") as relevant for rule ` + labelRule, id, labelRule + "=relevant"},
		{"prefix, flags first", []string{"--rule", labelRule, id[:8], "irrelevant"}, 0, "as irrelevant for rule", id, labelRule + "=irrelevant"},
		{"URL with a tracking parameter", []string{"https://NEWS.example/2026/bank-meta?utm_source=x", "relevant", "--rule=" + labelRule}, 0, "recorded story " + id, id, labelRule + "=relevant"},
		{"clear", []string{id, "--clear", "--rule", labelRule}, 0, "cleared the label of story " + id + ` ("Bank shared data with Meta") for rule ` + labelRule, id, ""},
		{"clear again", []string{id, "--clear", "--rule", labelRule}, 0, "had no label for rule " + labelRule + "; nothing changed", id, ""},
		{"clear a rule no longer configured", []string{twin, "--rule", "old-rule", "--clear"}, 0, "cleared the label of story " + twin, twin, ""},
		{"clear an unknown rule", []string{twin, "--rule", "old-rule", "--clear"}, 2, "no rule of that name in", twin, ""},
		{"unknown rule", []string{id, "relevant", "--rule", "nope"}, 2, "label --rule nope: no rule of that name in ", id, ""},
		{"ambiguous prefix", []string{"abcdef", "relevant", "--rule", labelRule}, 1, `2 stories have ids starting with "abcdef"`, twin, ""},
		{"unknown story", []string{"ffffff00", "relevant", "--rule", labelRule}, 1, "no story", id, ""},
		{"unknown URL", []string{"https://news.example/other", "relevant", "--rule", labelRule}, 1, "no story", id, ""},
	}
}

func runLabelSteps(t *testing.T, f *labelFixture, st *store.Store) {
	t.Helper()
	for _, s := range labelSteps(f) {
		t.Run(s.name, func(t *testing.T) {
			out, _, err := newshound(t, append(append([]string{"label"}, s.args...), "--config", f.config)...)
			got := out
			if err != nil {
				got = err.Error()
			}
			if exitCode(err) != s.exit || !strings.Contains(got, s.want) {
				t.Errorf("label %v = %q (exit %d), want exit %d containing %q", s.args, got, exitCode(err), s.exit, s.want)
			}
			if s.exit == 0 && strings.Count(out, "\n") != 1 {
				t.Errorf("label %v printed %q, want one line", s.args, out)
			}
			if got := f.labels(t, st, s.id); got != s.labels {
				t.Errorf("after label %v, story %s has labels %q, want %q", s.args, s.id, got, s.labels)
			}
		})
	}
}

func TestLabelCommand(t *testing.T) {
	f := newLabelFixture(t, "")
	runLabelSteps(t, f, nil)
	if out, _, err := newshound(t, "db", "check", "--config", f.config); err != nil {
		t.Errorf("db check after labelling = %q, %v", out, err)
	}
}

// TestLabelCommandThroughDaemon holds the database as the daemon does
// and serves the daemon's API on server.listen, with a token: every step
// goes through PUT and DELETE /api/v1/stories/{id}/labels/{rule}.
func TestLabelCommandThroughDaemon(t *testing.T) {
	const token = "label-test-token"
	f := newLabelFixture(t, token)
	cfg, err := config.Load(f.config)
	if err != nil {
		t.Fatal(err)
	}
	st, err := dbfile.Open(t.Context(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set, err := wire.CompileRules(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: (&api.Server{Store: st, Rules: set, Token: token}).Handler()}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	t.Setenv("NEWSHOUND_TOKEN", "wrong")
	_, _, err = newshound(t, "label", f.story.ID, "relevant", "--rule", labelRule, "--config", f.config)
	if err == nil || !strings.Contains(err.Error(), "401 Unauthorized: missing or wrong bearer token") {
		t.Fatalf("label through the daemon with a wrong token = %v, want the daemon's 401", err)
	}
	if _, err := store.Open(t.Context(), f.db, store.Options{Timeout: 100 * time.Millisecond}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("the test's store does not hold the lock: %v", err)
	}
	t.Setenv("NEWSHOUND_TOKEN", token)
	runLabelSteps(t, f, st.(*store.Store))
}

func TestLabelUsage(t *testing.T) {
	f := newLabelFixture(t, "")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"label"}, "label needs a STORY and a judgement"},
		{[]string{"label", "abcdef"}, "needs relevant or irrelevant (or --clear)"},
		{[]string{"label", "abcdef", "maybe", "--rule", labelRule}, `takes relevant or irrelevant, not "maybe"`},
		{[]string{"label", "abcdef", "relevant"}, "needs --rule NAME"},
		{[]string{"label", "abcdef", "relevant", "--clear", "--rule", labelRule}, "--clear takes only the STORY"},
		{[]string{"label", "abcdef", "relevant", "extra", "--rule", labelRule}, `unexpected argument "extra"`},
		{[]string{"label", "abcdef", "relevant", "--rule="}, "needs --rule NAME"},
		{[]string{"label", "abcdef", "relevant", "--rules", labelRule}, "unknown flag: --rules"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := newshound(t, append(tt.args, "--config", f.config)...)
			if exitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("newshound %v = %v (exit %d), want exit 2 containing %q", tt.args, err, exitCode(err), tt.want)
			}
		})
	}
	_, _, err := newshound(t, "label", "abcdef", "relevant", "--rule", labelRule, "--config", filepath.Join(t.TempDir(), "missing.yaml"))
	if exitCode(err) != 1 {
		t.Errorf("label with a missing config = %v (exit %d), want exit 1", err, exitCode(err))
	}
}
