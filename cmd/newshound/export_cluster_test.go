package main

import (
	"testing"
	"time"

	"github.com/newshound/newshound/internal/simweb"
)

// TestExportClusters: a story syndicated to a second site is one entry
// with two sources by default, and two entries with --no-cluster.
func TestExportClusters(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 4, Now: time.Now()})
	orig := f.web.Articles()[0]
	if _, err := f.web.Syndicate(f.web.FeedURLs()[1], orig, simweb.Syndication{Title: "Another headline", Edits: 1, Delay: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatalf("crawl: %v", err)
	}
	total := len(f.web.Articles())
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clustered", []string{"--all"}, total - 1},
		{"no cluster", []string{"--all", "--no-cluster"}, total},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := newshound(t, append([]string{"export", "--config", f.config}, tt.args...)...)
			if err != nil {
				t.Fatalf("export %v: %v", tt.args, err)
			}
			if got := len(decodeArray(t, out)); got != tt.want {
				t.Errorf("export %v gave %d entries, want %d", tt.args, got, tt.want)
			}
		})
	}
}
