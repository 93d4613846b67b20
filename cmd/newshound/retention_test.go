package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/internal/simweb"
	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// seedOld stores an unflagged and a flagged article fetched 30 days ago
// and returns their ids.
func seedOld(t *testing.T, path string) (unflagged, flagged string) {
	t.Helper()
	st, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	old := time.Now().Add(-30 * 24 * time.Hour).UTC()
	for _, a := range []*store.Article{
		{URL: "https://old.example/plain", Title: "old plain", Fetched: old},
		{URL: "https://old.example/flagged", Title: "old flagged", Fetched: old, Flags: []store.Flag{{Rule: "r", Score: 1}}},
	} {
		a.ID = store.ArticleID(a.URL)
		a.Feed = store.FeedRef{URL: "https://old.example/feed"}
		if err := st.PutArticle(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	return store.ArticleID("https://old.example/plain"), store.ArticleID("https://old.example/flagged")
}

func TestApplyRetention(t *testing.T) {
	tests := []struct {
		name      string
		retention time.Duration
		wantGone  bool
	}{
		{"zero keeps everything", 0, false},
		{"longer than the age keeps it", 60 * 24 * time.Hour, false},
		{"shorter than the age removes unflagged", 7 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "n.db")
			plain, flagged := seedOld(t, path)
			st, err := store.Open(t.Context(), path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			cfg := &config.Config{Storage: config.Storage{Retention: config.Duration(tt.retention)}}
			n, err := dbfile.ApplyRetention(t.Context(), st, cfg, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 1, false: 0}[tt.wantGone]; n != want {
				t.Errorf("applyRetention removed %d, want %d", n, want)
			}
			if _, err := st.Article(t.Context(), plain); errors.Is(err, store.ErrNotFound) != tt.wantGone {
				t.Errorf("unflagged old article: Article err %v, want gone = %v", err, tt.wantGone)
			}
			if _, err := st.Article(t.Context(), flagged); err != nil {
				t.Errorf("flagged old article: %v, want it kept", err)
			}
		})
	}
}

func TestCrawlAppliesRetention(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 1, ArticlesPerHost: 3})
	data, err := os.ReadFile(f.config)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, f.config, strings.Replace(string(data), "storage:\n", "storage:\n  retention: 7d\n", 1))
	db := filepath.Join(f.dir, "data", "newshound.db")
	if err := os.MkdirAll(filepath.Dir(db), 0o755); err != nil {
		t.Fatal(err)
	}
	seedOld(t, db)
	out, _, err := newshound(t, "crawl", "--config", f.config)
	if err != nil || !strings.Contains(out, "retention: removed 1 unflagged") {
		t.Fatalf("crawl with retention 7d = %q, %v; want one old article removed", out, err)
	}
	if got, want := countStories(t, db), len(f.web.Articles())+1; got != want {
		t.Errorf("database holds %d stories after retention, want %d (new ones and the old flagged one)", got, want)
	}
}

// TestRetentionLoop: the daemon's loop prunes at once, again every
// interval, and returns when its context ends.
func TestRetentionLoop(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "n.db")
	plain, _ := seedOld(t, path)
	st, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := &config.Config{Storage: config.Storage{Retention: config.Duration(7 * 24 * time.Hour)}}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		dbfile.RetentionLoop(ctx, st, cfg, 20*time.Millisecond, slog.New(slog.DiscardHandler))
	}()
	testkit.WaitFor(t, "the old article pruned", 60*time.Second, func() bool {
		_, err := st.Article(t.Context(), plain)
		return errors.Is(err, store.ErrNotFound)
	})
	// A second old article appears later: the next round removes it.
	later := &store.Article{URL: "https://old.example/later", Title: "later", Fetched: time.Now().Add(-30 * 24 * time.Hour)}
	later.ID, later.Feed = store.ArticleID(later.URL), store.FeedRef{URL: "https://old.example/feed"}
	if err := st.PutArticle(t.Context(), later); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, "the later article pruned", 60*time.Second, func() bool {
		_, err := st.Article(t.Context(), later.ID)
		return errors.Is(err, store.ErrNotFound)
	})
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("retentionLoop did not return after cancel")
	}
}
