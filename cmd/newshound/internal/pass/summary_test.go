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
		{"all elsewhere", []crawler.FeedResult{{URL: "https://c.example/feed", Elsewhere: true}}, false},
		{"one fetched, one elsewhere", []crawler.FeedResult{{URL: "https://c.example/feed"}, {URL: "https://d.example/feed", Elsewhere: true}}, false},
		{"all owned failed", []crawler.FeedResult{{URL: "https://a.example/feed", Err: down}, {URL: "https://d.example/feed", Elsewhere: true}}, true},
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

// TestWriteSummaryElsewhere: feeds left to the other processes are not
// counted ok nor failed, and are told in one line naming the processes;
// the articles handed off and taken have their lines; a pass that shared
// nothing prints none of them.
func TestWriteSummaryElsewhere(t *testing.T) {
	sum := &crawler.Summary{Feeds: []crawler.FeedResult{
		{URL: "https://a.example/feed", HandedOff: 2},
		{URL: "https://b.example/feed", Elsewhere: true},
		{URL: "https://c.example/feed", Elsewhere: true},
	}, Flagged: map[string]int{}, Handoffs: crawler.HandoffResult{Taken: 3, New: 1, Flagged: map[string]int{"r": 1}}}
	tests := []struct {
		others int
		want   string
	}{
		{0, "  2 feeds were left to the other processes of the database, which poll them on their schedule\n"},
		{1, "  2 feeds were left to the 1 other process of the database, which polls them on its schedule\n"},
		{2, "  2 feeds were left to the 2 other processes of the database, which poll them on their schedule\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		writeSummary(&b, sum, tt.others)
		for _, want := range []string{"feeds: 1 ok, 0 failed (3 in all)", tt.want,
			"articles handed to the processes owning their hosts: 2\n", "articles handed to this pass: 3 taken, 1 new\n"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("writeSummary(others %d) =\n%s\nwant it to hold %q", tt.others, b.String(), want)
			}
		}
	}
	var b strings.Builder
	WriteSummary(&b, &crawler.Summary{Feeds: []crawler.FeedResult{{URL: "https://a.example/feed"}}, Flagged: map[string]int{}})
	for _, no := range []string{"left to", "handed"} {
		if strings.Contains(b.String(), no) {
			t.Errorf("WriteSummary of a pass alone =\n%s\nwant no %q", b.String(), no)
		}
	}
}
