package feeds

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/store"
)

// TestBook: config.yaml's feeds come first and win over an added copy; a
// feed polled already cannot be added again; only added feeds can be
// removed; an OPML import adds what is new and counts the rest.
func TestBook(t *testing.T) {
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "n.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := &config.Config{File: "/etc/newshound/config.yaml", Feeds: []config.Feed{
		{URL: "https://a.example/feed", Name: "A"},
		{URL: "https://b.example/feed"},
	}}
	b := Book{Config: cfg, Store: st}
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)

	if err := b.add(ctx, store.Subscription{URL: "https://c.example/feed", Added: now}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ url, want string }{
		{"https://b.example/feed", "is already in /etc/newshound/config.yaml (feeds[2], counted from 1"},
		{"https://c.example/feed", "was already added on 2026-12-02"},
	} {
		if err := b.add(ctx, store.Subscription{URL: tt.url, Added: now}); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("add %s = %v, want a conflict saying %q", tt.url, err, tt.want)
		}
	}
	rep, err := b.importFeeds(ctx, []opml.Feed{
		{URL: "https://a.example/feed"}, {URL: "https://d.example/feed", Title: "D"},
		{URL: "https://d.example/feed"}, {URL: "ftp://e.example/feed", Title: "E"},
	}, now)
	if err != nil || !slices.Equal(rep.Added, []string{"https://d.example/feed"}) || rep.Present != 2 || len(rep.Invalid) != 1 {
		t.Errorf("importFeeds = %+v, %v; want d added, 2 present, the ftp address refused", rep, err)
	}
	specs, err := b.Specs(ctx)
	var urls []string
	for _, s := range specs {
		urls = append(urls, s.URL)
	}
	if want := []string{"https://a.example/feed", "https://b.example/feed", "https://c.example/feed", "https://d.example/feed"}; err != nil || !slices.Equal(urls, want) {
		t.Errorf("Specs = %v, %v; want %v (config.yaml's first, then the added by URL)", urls, err, want)
	}

	if _, err := b.remove(ctx, "https://a.example/feed"); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "delete it there") {
		t.Errorf("remove of a config.yaml feed = %v, want the conflict and the fix", err)
	}
	if _, err := b.remove(ctx, "https://z.example/feed"); !errors.Is(err, ErrUnknown) {
		t.Errorf("remove of an unknown feed = %v, want ErrUnknown", err)
	}
	if res, err := b.remove(ctx, "https://c.example/feed"); err != nil || res.StillInConfig {
		t.Errorf("remove of an added feed = %+v, %v; want it removed", res, err)
	}
}
