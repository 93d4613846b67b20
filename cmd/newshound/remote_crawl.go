package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
)

// passSummary is a crawler.Summary as JSON, errors as their sentences:
// the end of the daemon's answer to POST /-/crawl.
type passSummary struct {
	Feeds         []passFeed     `json:"feeds"`
	NewArticles   int            `json:"new_articles"`
	ArticleErrors int            `json:"article_errors"`
	Flagged       map[string]int `json:"flagged"`
	Retried       passRetried    `json:"retried"`
	Duration      time.Duration  `json:"duration_ns"`
	// NewlyFlagged are the stories the pass flagged (by rule), as
	// crawl lists them.
	NewlyFlagged []passFlag `json:"newly_flagged,omitempty"`
}

// passFlag is a story newly flagged by one rule during the pass.
type passFlag struct {
	ID    string `json:"id"`
	Rule  string `json:"rule"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// passFeed is a crawler.FeedResult as printed in the summary.
type passFeed struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	Error string `json:"error,omitempty"`
	// Paused is true when Error is a host's pause (fetch.ErrHostPaused):
	// the feed was not tried.
	Paused bool `json:"paused,omitempty"`
}

// passRetried is a crawler.RetryResult as JSON.
type passRetried struct {
	Due     int            `json:"due"`
	Fetched int            `json:"fetched"`
	Failed  int            `json:"failed"`
	GaveUp  int            `json:"gave_up"`
	Flagged map[string]int `json:"flagged,omitempty"`
	Error   string         `json:"error,omitempty"`
}

func newPassSummary(s *crawler.Summary) *passSummary {
	p := &passSummary{NewArticles: s.NewArticles, ArticleErrors: s.ArticleErrors, Flagged: s.Flagged, Duration: s.Duration,
		Retried: passRetried{Due: s.Retried.Due, Fetched: s.Retried.Fetched, Failed: s.Retried.Failed, GaveUp: s.Retried.GaveUp,
			Flagged: s.Retried.Flagged, Error: errText(s.Retried.Err)}}
	p.Feeds = make([]passFeed, len(s.Feeds))
	for i, f := range s.Feeds {
		p.Feeds[i] = passFeed{URL: f.URL, Title: f.Title, Error: errText(f.Err), Paused: errors.Is(f.Err, fetch.ErrHostPaused)}
	}
	return p
}

// summary is p as the crawler.Summary the command prints.
func (p *passSummary) summary() *crawler.Summary {
	s := &crawler.Summary{NewArticles: p.NewArticles, ArticleErrors: p.ArticleErrors, Flagged: p.Flagged, Duration: p.Duration,
		Retried: crawler.RetryResult{Due: p.Retried.Due, Fetched: p.Retried.Fetched, Failed: p.Retried.Failed, GaveUp: p.Retried.GaveUp,
			Flagged: p.Retried.Flagged, Err: textErr(p.Retried.Error)}}
	if s.Flagged == nil {
		s.Flagged = map[string]int{}
	}
	s.Feeds = make([]crawler.FeedResult, len(p.Feeds))
	for i, f := range p.Feeds {
		s.Feeds[i] = crawler.FeedResult{URL: f.URL, Title: f.Title, Err: textErr(f.Error)}
		if f.Paused && f.Error != "" {
			s.Feeds[i].Err = pausedError(f.Error)
		}
	}
	return s
}

// flagLog is the newly flagged stories as crawl's summary lists them.
func (p *passSummary) flagLog() *pass.FlagLog {
	l := &pass.FlagLog{}
	for _, f := range p.NewlyFlagged {
		l.Add(pass.Story{ID: f.ID, Rule: f.Rule, Title: f.Title, URL: f.URL})
	}
	return l
}

// pausedError is a host's pause as the daemon said it: its sentence,
// wrapping fetch.ErrHostPaused.
type pausedError string

func (e pausedError) Error() string { return string(e) }

// Unwrap returns fetch.ErrHostPaused.
func (e pausedError) Unwrap() error { return fetch.ErrHostPaused }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func textErr(s string) error {
	if s == "" {
		return nil
	}
	return errors.New(s)
}

// maxAnswerLine caps a line of the daemon's NDJSON answers the commands
// read.
const maxAnswerLine = 32 << 20

// passLine is a line of the daemon's answer to POST /-/crawl: feeds
// polled so far (Done) of Total, or, last, the pass's Summary.
type passLine struct {
	Done    int          `json:"done,omitempty"`
	Total   int          `json:"total,omitempty"`
	Summary *passSummary `json:"summary,omitempty"`
}

// crawlViaDaemon has the running daemon poll every feed now, showing its
// progress, and prints the summary of its pass as `crawl` prints its own.
// The daemon stores, flags and applies retention as it always does.
func crawlViaDaemon(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	const what = "crawl"
	resp, err := client.New(cfg).Do(ctx, what, http.MethodPost, "/-/crawl", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return client.New(cfg).AnswerError(what, resp)
	}
	var bar *pass.Progress
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, maxAnswerLine)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue // a beat: the pass goes on
		}
		var l passLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
		}
		switch {
		case l.Summary == nil && l.Done > 0:
			if bar == nil {
				bar = pass.NewProgress(stdout, l.Total)
			}
			bar.Done(crawler.FeedResult{})
		case l.Summary != nil:
			if bar != nil {
				bar.Finish()
			}
			sum := l.Summary.summary()
			pass.WriteSummary(stdout, sum)
			l.Summary.flagLog().Write(stdout)
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("crawl interrupted: %w", err)
			}
			return pass.TotalOutage(sum)
		}
	}
	if bar != nil {
		bar.Finish()
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("crawl interrupted: %w", err)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
	}
	return fmt.Errorf("%s: the daemon at %s ended its answer before the pass's summary; see its log", what, cfg.Server.Listen)
}
