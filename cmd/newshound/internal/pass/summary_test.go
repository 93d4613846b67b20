package pass

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

func TestTotalOutage(t *testing.T) {
	down := errors.New(`Get "https://a.example/feed": dial tcp: lookup a.example: no such host`)
	paused := fmt.Errorf("feed https://b.example/feed: %w", fetch.ErrHostPaused)
	tests := []struct {
		name  string
		feeds []crawler.FeedResult
		want  bool
	}{
		{"no feeds", nil, false},
		{"one fetched", []crawler.FeedResult{{URL: "https://a.example/feed", Err: down}, {URL: "https://c.example/feed"}}, false},
		{"all failed", []crawler.FeedResult{{URL: "https://a.example/feed", Err: down}, {URL: "https://a.example/feed", Err: down}}, true},
		{"all paused", []crawler.FeedResult{{URL: "https://b.example/feed", Err: paused}}, false},
	}
	for _, tt := range tests {
		err := TotalOutage(&crawler.Summary{Feeds: tt.feeds})
		if got := errors.Is(err, ErrNoFeedFetched); got != tt.want {
			t.Errorf("%s: TotalOutage = %v, want exit status 3: %v", tt.name, err, tt.want)
		}
		if tt.want && (strings.Count(err.Error(), "https://a.example/feed") != 1 || !strings.Contains(err.Error(), "no such host")) {
			t.Errorf("%s: %q should name the first failed feed once, with why", tt.name, err)
		}
	}
}

// TestFlagLogWrite: by rule then title, with the short id `rules explain`
// takes, capped at maxListedFlags lines.
func TestFlagLogWrite(t *testing.T) {
	var l FlagLog
	l.StoryFlagged(&store.Article{ID: "bbbbbbbbbbbbbbbbbbbb", Title: "Zeta\nstory"}, "r1")
	l.StoryFlagged(&store.Article{ID: "aaaaaaaaaaaaaaaaaaaa", Title: "Alpha"}, "r2")
	l.Add(Story{ID: "cccccccccccccccccccc", Rule: "r1", Title: "Beta"})
	var b strings.Builder
	l.Write(&b)
	want := "newly flagged (newshound rules explain ID says why):\n" +
		"  cccccccccccc  r1  Beta\n" +
		"  bbbbbbbbbbbb  r1  Zeta story\n" +
		"  aaaaaaaaaaaa  r2  Alpha\n"
	if b.String() != want {
		t.Errorf("Write =\n%s\nwant\n%s", b.String(), want)
	}
	var many FlagLog
	for i := range maxListedFlags + 5 {
		many.Add(Story{ID: fmt.Sprintf("%020d", i), Rule: "r", Title: "t"})
	}
	b.Reset()
	many.Write(&b)
	if lines := strings.Count(b.String(), "\n"); lines != maxListedFlags+2 || !strings.Contains(b.String(), "... and 5 more") {
		t.Errorf("Write of %d stories printed %d lines, want %d and the count of the rest", maxListedFlags+5, lines, maxListedFlags+2)
	}
}
