package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
)

// errNoFeedFetched is the error of a crawl that fetched no feed at all, a
// total outage that a cron job must see: exit status 3.
var errNoFeedFetched = errors.New("crawl: no feed could be fetched")

// crawlExitStatuses documents the exit statuses of `crawl`, printed by
// `crawl --help` (and written in the README).
const crawlExitStatuses = `Exit status:
  0  the pass completed; some feeds may have failed (listed in the summary)
  1  the configuration is invalid, a save or read of the database failed,
     or the pass was interrupted
  2  a mistake in the command line
  3  no feed at all could be fetched: every feed failed (a network, DNS or
     proxy outage on this machine, most likely)
`

// shortIDLen is the length of the id prefix the summary shows; `rules
// explain` takes it as a unique prefix.
const shortIDLen = 12

// maxListedFlags caps the stories the summary lists; a first crawl of many
// feeds may flag hundreds.
const maxListedFlags = 200

// flaggedStory is one story newly flagged by one rule during the pass.
type flaggedStory struct {
	ID, Rule, Title, URL string
}

// flagLog is the crawler's Observer during `crawl`: it keeps every story
// newly flagged, for the summary.
type flagLog struct {
	mu      sync.Mutex
	stories []flaggedStory
}

var _ crawler.FlagObserver = (*flagLog)(nil)

func (l *flagLog) PollStarted()                           {}
func (l *flagLog) PollDone(crawler.FeedResult)            {}
func (l *flagLog) FeedFetched(string, time.Duration)      {}
func (l *flagLog) ArticleFetched(string, time.Duration)   {}
func (l *flagLog) ArticleExtracted(string, time.Duration) {}

// StoryFlagged keeps the story.
func (l *flagLog) StoryFlagged(a *store.Article, rule string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stories = append(l.stories, flaggedStory{ID: a.ID, Rule: rule, Title: a.Title, URL: a.URL})
}

// print lists the stories by rule, then title: the short id, the rule and
// the title, one line each, so that `rules explain ID` can follow.
func (l *flagLog) print(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.stories) == 0 {
		return
	}
	slices.SortFunc(l.stories, func(a, b flaggedStory) int {
		return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID))
	})
	width := 0
	for _, s := range l.stories {
		width = max(width, utf8.RuneCountInString(s.Rule))
	}
	fmt.Fprintln(w, "newly flagged (newshound rules explain ID says why):")
	for i, s := range l.stories {
		if i == maxListedFlags {
			fmt.Fprintf(w, "  ... and %d more (newshound export --since 1h lists them all)\n", len(l.stories)-maxListedFlags)
			break
		}
		fmt.Fprintf(w, "  %s  %-*s  %s\n", shortID(s.ID), width, s.Rule, clipLine(s.Title, 100))
	}
}

func shortID(id string) string {
	if len(id) > shortIDLen {
		return id[:shortIDLen]
	}
	return id
}

// clipLine is s on one line, cut to at most n characters.
func clipLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// feedFailure is why f failed, in one line that does not repeat its URL
// (the summary names it once, before).
func feedFailure(f crawler.FeedResult) string {
	msg := f.Err.Error()
	for _, p := range []string{"feed " + f.URL + ": ", `Get "` + f.URL + `": `, f.URL + ": ", f.URL + " "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return strings.Join(strings.Fields(msg), " ")
}

// totalOutage returns errNoFeedFetched, wrapped, when s has feeds and not
// one of them was fetched (feeds only held back by a host's pause do not
// count as failed, nor as fetched); nil otherwise.
func totalOutage(s *crawler.Summary) error {
	failed := s.Failed()
	if len(s.Feeds) == 0 || len(failed) < len(s.Feeds) {
		return nil
	}
	var first *crawler.FeedResult
	for i := range failed {
		if !errors.Is(failed[i].Err, crawler.ErrHostPaused) {
			first = &failed[i]
			break
		}
	}
	if first == nil {
		return nil // every host asked to wait: nothing was tried
	}
	return fmt.Errorf("%w: all %d feeds failed (the first, %s: %s); check this machine's network, DNS and proxy", errNoFeedFetched, len(failed), first.URL, feedFailure(*first))
}

// crawlLogger is the logger of `crawl`. The summary tells what info logs
// and a feed's failure would, so unless a level was asked for (--log-level
// or log.level in the file) it logs warnings and errors only, and not the
// "feed failed" warning, which the summary prints as one line.
func crawlLogger(w io.Writer, level, format string, asked bool) *slog.Logger {
	if asked {
		return newLogger(w, level, format)
	}
	log := newLogger(w, "warn", format)
	return slog.New(dropMessage{Handler: log.Handler(), msg: "feed failed"})
}

// dropMessage is a slog.Handler that drops the records of one message.
type dropMessage struct {
	slog.Handler
	msg string
}

func (h dropMessage) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h dropMessage) WithAttrs(as []slog.Attr) slog.Handler {
	return dropMessage{Handler: h.Handler.WithAttrs(as), msg: h.msg}
}

func (h dropMessage) WithGroup(name string) slog.Handler {
	return dropMessage{Handler: h.Handler.WithGroup(name), msg: h.msg}
}

// flagLogger is the daemon's crawler Observer: its metrics, and one info
// line per story newly flagged (rule, id, title, url), so that the log
// tells what the alerts will.
type flagLogger struct {
	crawler.Observer
	log *slog.Logger
}

var _ crawler.FlagObserver = flagLogger{}

// StoryFlagged logs the story.
func (l flagLogger) StoryFlagged(a *store.Article, rule string) {
	l.log.Info("story flagged", "rule", rule, "article_id", a.ID, "title", clipLine(a.Title, 200), "article_url", a.URL)
}
