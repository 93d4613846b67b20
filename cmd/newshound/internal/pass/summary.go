// Package pass is one crawl pass as `newshound crawl` tells it: the
// database's failed saves and reads (Saves), the stories newly flagged
// (FlagLog), the summary of feeds, articles and retries, the progress bar,
// and exit status 3 for a pass that fetched no feed at all.
package pass

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/store"
)

// ErrNoFeedFetched is the error of a crawl that fetched no feed at all, a
// total outage that a cron job must see: exit status 3.
var ErrNoFeedFetched = errors.New("crawl: no feed could be fetched")

// ExitStatuses documents the exit statuses of `crawl`, printed by
// `crawl --help` (and written in the README).
const ExitStatuses = `Exit status:
  0  the pass completed; some feeds may have failed, or been left to the
     other newshound processes of a PostgreSQL database (both listed in
     the summary)
  1  the configuration is invalid, a save or read of the database failed,
     or the pass was interrupted
  2  a mistake in the command line
  3  no feed at all could be fetched: every feed failed (a network, DNS or
     proxy outage on this machine, most likely)
`

// ShortIDLen is the length of the id prefix the summary shows; `rules
// explain` takes it as a unique prefix.
const ShortIDLen = 12

// maxListedFlags caps the stories the summary lists; a first crawl of many
// feeds may flag hundreds.
const maxListedFlags = 200

// Story is one story newly flagged by one rule during the pass.
type Story struct {
	ID, Rule, Title, URL string
}

// FlagLog is the crawler's Observer during `crawl`: it keeps every story
// newly flagged, for the summary.
type FlagLog struct {
	mu      sync.Mutex
	stories []Story
}

var _ crawler.FlagObserver = (*FlagLog)(nil)

// PollStarted and the other methods of crawler.Observer do nothing.
func (l *FlagLog) PollStarted()                           {}
func (l *FlagLog) PollDone(crawler.FeedResult)            {}
func (l *FlagLog) FeedFetched(string, time.Duration)      {}
func (l *FlagLog) ArticleFetched(string, time.Duration)   {}
func (l *FlagLog) ArticleExtracted(string, time.Duration) {}

// StoryFlagged keeps the story.
func (l *FlagLog) StoryFlagged(a *store.Article, rule string) {
	l.Add(Story{ID: a.ID, Rule: rule, Title: a.Title, URL: a.URL})
}

// Add keeps s, a story flagged by a pass (the daemon's, told over its API).
func (l *FlagLog) Add(s Story) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stories = append(l.stories, s)
}

// Write lists the stories by rule, then title: the short id, the rule and
// the title, one line each, so that `rules explain ID` can follow.
func (l *FlagLog) Write(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.stories) == 0 {
		return
	}
	slices.SortFunc(l.stories, func(a, b Story) int {
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
	if len(id) > ShortIDLen {
		return id[:ShortIDLen]
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

// FeedFailure is why f failed, in one line that does not repeat its URL
// (the summary names it once, before).
func FeedFailure(f crawler.FeedResult) string {
	msg := f.Err.Error()
	for _, p := range []string{"feed " + f.URL + ": ", `Get "` + f.URL + `": `, f.URL + ": ", f.URL + " "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	return strings.Join(strings.Fields(msg), " ")
}

// TotalOutage returns ErrNoFeedFetched, wrapped, when s tried feeds and
// not one of them was fetched (feeds only held back by a host's pause do
// not count as failed, nor as fetched; nor do feeds left to the other
// processes of the database); nil otherwise.
func TotalOutage(s *crawler.Summary) error {
	failed := s.Failed()
	if tried := len(s.Feeds) - s.Elsewhere(); tried == 0 || len(failed) < tried {
		return nil
	}
	var first *crawler.FeedResult
	for i := range failed {
		if !errors.Is(failed[i].Err, fetch.ErrHostPaused) {
			first = &failed[i]
			break
		}
	}
	if first == nil {
		return nil // every host asked to wait: nothing was tried
	}
	return fmt.Errorf("%w: all %d feeds failed (the first, %s: %s); check this machine's network, DNS and proxy", ErrNoFeedFetched, len(failed), first.URL, FeedFailure(*first))
}

// FlagLogger is the daemon's crawler Observer: its metrics, and one info
// line per story newly flagged (rule, id, title, url), so that the log
// tells what the alerts will.
type FlagLogger struct {
	crawler.Observer
	// Log receives the lines.
	Log *slog.Logger
}

var _ crawler.FlagObserver = FlagLogger{}

// StoryFlagged logs the story.
func (l FlagLogger) StoryFlagged(a *store.Article, rule string) {
	l.Log.Info("story flagged", "rule", rule, "article_id", a.ID, "title", clipLine(a.Title, 200), "article_url", a.URL)
}

// WriteSummary prints the pass: feeds ok and failed (one line each) and
// left to other processes, new articles, articles handed off and taken,
// article retries and the flags by rule.
func WriteSummary(w io.Writer, s *crawler.Summary) { writeSummary(w, s, 0) }

// writeSummary is WriteSummary for a pass that shared the database's
// hosts with as many other processes as others (0: not known).
func writeSummary(w io.Writer, s *crawler.Summary, others int) {
	failed := s.Failed()
	elsewhere := s.Elsewhere()
	fmt.Fprintf(w, "feeds: %d ok, %d failed (%d in all) in %s\n", len(s.Feeds)-len(failed)-elsewhere, len(failed), len(s.Feeds), s.Duration.Round(1e6))
	for _, f := range failed {
		fmt.Fprintf(w, "  failed %s: %s\n", f.URL, FeedFailure(f))
	}
	if elsewhere > 0 {
		verb := "poll them on their schedule"
		if others == 1 {
			verb = "polls them on its schedule"
		}
		fmt.Fprintf(w, "  %s left to %s, which %s\n", plural(elsewhere, "feed was", "feeds were"), othersPhrase(others), verb)
	}
	fmt.Fprintf(w, "new articles: %d", s.NewArticles)
	if s.ArticleErrors > 0 {
		fmt.Fprintf(w, " (%d kept from feed text: page not fetched or extracted)", s.ArticleErrors)
	}
	fmt.Fprintln(w)
	if n := s.HandedOff(); n > 0 {
		fmt.Fprintf(w, "articles handed to the processes owning their hosts: %d\n", n)
	}
	writeHandoffs(w, s.Handoffs)
	writeRetried(w, s.Retried)
	if len(s.Flagged) == 0 {
		fmt.Fprintln(w, "flagged stories: none")
		return
	}
	fmt.Fprintln(w, "flagged stories:")
	for _, r := range s.Rules() {
		fmt.Fprintf(w, "  %-32s %d\n", r, s.Flagged[r])
	}
}

// plural is "n one" or "n many".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// othersPhrase names the other processes of the database, as many as
// others when known (not zero).
func othersPhrase(others int) string {
	if others == 0 {
		return "the other processes of the database"
	}
	return "the " + processes(others) + " of the database"
}

// writeHandoffs prints the articles other processes handed to the pass's
// hosts and it stored (crawler.Crawler.TakeHandoffs).
func writeHandoffs(w io.Writer, r crawler.HandoffResult) {
	if r.Taken == 0 && r.Err == nil {
		return
	}
	fmt.Fprintf(w, "articles handed to this pass: %d taken, %d new", r.Taken, r.New)
	if r.Err != nil {
		fmt.Fprintf(w, " (stopped: %v; the rest wait for their host's owner)", r.Err)
	}
	fmt.Fprintln(w)
	for _, rule := range slices.Sorted(maps.Keys(r.Flagged)) {
		fmt.Fprintf(w, "  flagged from a handoff %-17s %d\n", rule, r.Flagged[rule])
	}
}

// writeRetried prints the pass's second attempts at article pages that
// had failed for a passing reason (crawler.RetryArticles).
func writeRetried(w io.Writer, r crawler.RetryResult) {
	switch {
	case r.Err != nil:
		fmt.Fprintf(w, "article retries: stopped: %v\n", r.Err)
		return
	case r.Due == 0:
		fmt.Fprintln(w, "article retries: none due")
		return
	}
	fmt.Fprintf(w, "article retries: %d due, %d fetched, %d failed again", r.Due, r.Fetched, r.Failed)
	if r.GaveUp > 0 {
		fmt.Fprintf(w, " (%d given up: no attempt left)", r.GaveUp)
	}
	fmt.Fprintln(w)
	rules := make([]string, 0, len(r.Flagged))
	for rule := range r.Flagged {
		rules = append(rules, rule)
	}
	sort.Strings(rules)
	for _, rule := range rules {
		fmt.Fprintf(w, "  flagged on retry %-23s %d\n", rule, r.Flagged[rule])
	}
}

// Progress draws a one-line bar when stdout is a terminal, nothing
// otherwise (cron, CI, pipes).
type Progress struct {
	w     io.Writer
	total int
	n     int
	on    bool
}

// NewProgress returns the bar of a pass over total feeds on w.
func NewProgress(w io.Writer, total int) *Progress {
	f, ok := w.(*os.File)
	on := false
	if ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			on = os.Getenv("TERM") != "dumb"
		}
	}
	return &Progress{w: w, total: total, on: on}
}

// Done moves the bar on by one feed.
func (p *Progress) Done(crawler.FeedResult) {
	p.n++
	if !p.on || p.total == 0 {
		return
	}
	const width = 30
	fill := p.n * width / p.total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d feeds", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), p.n, p.total)
}

// Finish clears the bar.
func (p *Progress) Finish() {
	if p.on && p.total > 0 {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
