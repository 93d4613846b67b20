package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/store"
)

func TestExportFormatsAndFilters(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 3, ArticlesPerHost: 8, Now: time.Now()})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("crawl: %v", err)
	}
	flagged := f.flaggedURLs()
	total := len(f.web.Articles())
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	tests := []struct {
		name  string
		args  []string
		lines bool
		want  int
		check func(t *testing.T, a store.Article)
	}{
		{"json flagged", nil, false, len(flagged), nil},
		{"jsonl flagged", []string{"--format", "jsonl"}, true, len(flagged), nil},
		{"all", []string{"--all"}, false, total, nil},
		{"all jsonl", []string{"--all", "--format", "jsonl"}, true, total, nil},
		{"by rule", []string{"--rule", "bank-facebook-data-sharing"}, false, len(flagged), nil},
		{"since duration", []string{"--since", "30d"}, false, len(flagged), nil},
		{"since future time", []string{"--since", future, "--all"}, false, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := newshound(t, append([]string{"export", "--config", f.config}, tt.args...)...)
			if err != nil {
				t.Fatalf("export %v: %v", tt.args, err)
			}
			var arts []store.Article
			if tt.lines {
				arts = decodeLines(t, out)
			} else {
				arts = decodeArray(t, out)
			}
			if len(arts) != tt.want {
				t.Fatalf("export %v gave %d stories, want %d", tt.args, len(arts), tt.want)
			}
			checkStories(t, arts, flagged)
		})
	}
}

// checkStories asserts the schema promises of every exported story.
func checkStories(t *testing.T, arts []store.Article, flagged map[string]bool) {
	t.Helper()
	for i, a := range arts {
		if a.ID == "" || a.URL == "" || a.Title == "" || a.Feed.URL == "" || a.Fetched.IsZero() {
			t.Errorf("story %d lacks a required field: %+v", i, a)
		}
		if a.ID != store.ArticleID(a.URL) {
			t.Errorf("story %d id %s is not ArticleID(url)", i, a.ID)
		}
		if got := len(a.Flags) > 0; got != flagged[a.URL] {
			t.Errorf("story %s flagged = %v, want %v", a.URL, got, flagged[a.URL])
		}
		for _, fl := range a.Flags {
			if fl.Rule == "" || fl.Score <= 0 || len(fl.Matches) == 0 {
				t.Errorf("story %s has an incomplete flag %+v", a.URL, fl)
			}
			for _, m := range fl.Matches {
				if m.Field == "" || m.Term == "" || m.Snippet == "" {
					t.Errorf("story %s has an incomplete match %+v", a.URL, m)
				}
			}
		}
		if i > 0 && sortTime(arts[i]).After(sortTime(arts[i-1])) {
			t.Errorf("story %d is newer than story %d: export is not newest first", i, i-1)
		}
	}
}

func sortTime(a store.Article) time.Time {
	if a.Published != nil {
		return *a.Published
	}
	return a.Fetched
}

func TestExportToFile(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 4})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.json")
	out, _, err := newshound(t, "export", "--config", f.config, "--all", "--output", path)
	if err != nil || out != "" {
		t.Fatalf("export --output = %q, %v; want nothing on stdout", out, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(decodeArray(t, string(data))); got != 8 {
		t.Errorf("exported file has %d stories, want 8", got)
	}
}
