package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/store"
	"github.com/spf13/cobra"
)

// cmdCrawl is `newshound crawl`: one pass over every feed, a summary, exit.
// It exits 0 when the pass completed, even with some feeds failing, 1 when
// the database failed a save or a read, and 3 when no feed at all could be
// fetched (crawlExitStatuses).
func (c *cli) crawlCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "crawl",
		Short: "one pass over every feed, a summary of it, then exit",
		Long:  "One pass over every feed, a summary of it (with each newly flagged story), then exit.\nWhile the daemon runs, it asks the daemon for the pass.\n\n" + crawlExitStatuses,
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmdCrawl(cmd.Context(), &c.cf, c.stdout, c.stderr)
		},
	}
}

func cmdCrawl(ctx context.Context, cf *commonFlags, stdout, stderr io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	log := crawlLogger(stderr, cfg.Log.Level, cfg.Log.Format, cf.logLevel != "" || cfg.Log.LevelSet())
	st, err := openStore(ctx, cfg, log)
	if errors.Is(err, store.ErrLocked) {
		return crawlViaDaemon(ctx, cfg, stdout) // the daemon's pass, and its summary
	} else if err != nil {
		return err
	}
	defer st.Close()
	warnDamage(ctx, st, log)
	return crawlOnce(ctx, cfg, newSaveCounter(st), stdout, log)
}

// crawlOnce is the pass of `crawl` over the open database: it exits
// non-zero, after the summary, when a save or read of the database failed.
func crawlOnce(ctx context.Context, cfg *config.Config, sc *saveCounter, stdout io.Writer, log *slog.Logger) error {
	set, err := compileRules(cfg)
	if err != nil {
		return err
	}
	opts := crawlerOptions(cfg, log)
	flags := &flagLog{}
	opts.Observer = flags
	c, err := crawler.New(ctx, opts, sc, set)
	if err != nil {
		return err
	}
	feeds, err := feeds.Book{Config: cfg, Store: sc.Store}.Specs(ctx)
	if err != nil {
		return err
	}
	bar := newProgress(stdout, len(feeds))
	sum := c.Crawl(ctx, feeds, bar.done)
	bar.finish()
	printSummary(stdout, sum)
	flags.print(stdout)
	sc.print(stdout)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("crawl interrupted: %w", err)
	}
	if err := sc.err(); err != nil {
		return err
	}
	if err := reportRetention(ctx, stdout, sc.Store, cfg); err != nil {
		return err
	}
	return totalOutage(sum)
}

func printSummary(w io.Writer, s *crawler.Summary) {
	failed := s.Failed()
	fmt.Fprintf(w, "feeds: %d ok, %d failed (%d in all) in %s\n", len(s.Feeds)-len(failed), len(failed), len(s.Feeds), s.Duration.Round(1e6))
	for _, f := range failed {
		fmt.Fprintf(w, "  failed %s: %s\n", f.URL, feedFailure(f))
	}
	fmt.Fprintf(w, "new articles: %d", s.NewArticles)
	if s.ArticleErrors > 0 {
		fmt.Fprintf(w, " (%d kept from feed text: page not fetched or extracted)", s.ArticleErrors)
	}
	fmt.Fprintln(w)
	printRetried(w, s.Retried)
	if len(s.Flagged) == 0 {
		fmt.Fprintln(w, "flagged stories: none")
		return
	}
	fmt.Fprintln(w, "flagged stories:")
	for _, r := range s.Rules() {
		fmt.Fprintf(w, "  %-32s %d\n", r, s.Flagged[r])
	}
}

// printRetried prints the pass's second attempts at article pages that
// had failed for a passing reason (crawler.RetryArticles).
func printRetried(w io.Writer, r crawler.RetryResult) {
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

// progress draws a one-line bar when stdout is a terminal, nothing
// otherwise (cron, CI, pipes).
type progress struct {
	w     io.Writer
	total int
	n     int
	on    bool
}

func newProgress(w io.Writer, total int) *progress {
	f, ok := w.(*os.File)
	on := false
	if ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			on = os.Getenv("TERM") != "dumb"
		}
	}
	return &progress{w: w, total: total, on: on}
}

func (p *progress) done(crawler.FeedResult) {
	p.n++
	if !p.on || p.total == 0 {
		return
	}
	const width = 30
	fill := p.n * width / p.total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d feeds", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), p.n, p.total)
}

func (p *progress) finish() {
	if p.on && p.total > 0 {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
