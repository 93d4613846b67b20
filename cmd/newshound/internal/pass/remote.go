package pass

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
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/fetch"
)

// Wire is a crawler.Summary as JSON, errors as their sentences:
// the end of the daemon's answer to POST /-/crawl.
type Wire struct {
	Feeds         []wireFeed     `json:"feeds"`
	NewArticles   int            `json:"new_articles"`
	ArticleErrors int            `json:"article_errors"`
	Flagged       map[string]int `json:"flagged"`
	Retried       wireRetried    `json:"retried"`
	Duration      time.Duration  `json:"duration_ns"`
	// NewlyFlagged are the stories the pass flagged (by rule), as
	// crawl lists them.
	NewlyFlagged []WireFlag `json:"newly_flagged,omitempty"`
}

// WireFlag is a story newly flagged by one rule during the pass.
type WireFlag struct {
	ID    string `json:"id"`
	Rule  string `json:"rule"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// wireFeed is a crawler.FeedResult as printed in the summary.
type wireFeed struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	Error string `json:"error,omitempty"`
	// Paused is true when Error is a host's pause (fetch.ErrHostPaused):
	// the feed was not tried.
	Paused bool `json:"paused,omitempty"`
	// Elsewhere is true when another process of the database owns the
	// feed's host and polls it (crawler.FeedResult.Elsewhere).
	Elsewhere bool `json:"elsewhere,omitempty"`
}

// wireRetried is a crawler.RetryResult as JSON.
type wireRetried struct {
	Due     int            `json:"due"`
	Fetched int            `json:"fetched"`
	Failed  int            `json:"failed"`
	GaveUp  int            `json:"gave_up"`
	Flagged map[string]int `json:"flagged,omitempty"`
	Error   string         `json:"error,omitempty"`
}

// NewWire is s as the daemon sends it.
func NewWire(s *crawler.Summary) *Wire {
	p := &Wire{NewArticles: s.NewArticles, ArticleErrors: s.ArticleErrors, Flagged: s.Flagged, Duration: s.Duration,
		Retried: wireRetried{Due: s.Retried.Due, Fetched: s.Retried.Fetched, Failed: s.Retried.Failed, GaveUp: s.Retried.GaveUp,
			Flagged: s.Retried.Flagged, Error: errText(s.Retried.Err)}}
	p.Feeds = make([]wireFeed, len(s.Feeds))
	for i, f := range s.Feeds {
		p.Feeds[i] = wireFeed{URL: f.URL, Title: f.Title, Error: errText(f.Err), Paused: errors.Is(f.Err, fetch.ErrHostPaused),
			Elsewhere: f.Elsewhere}
	}
	return p
}

// summary is p as the crawler.Summary the command prints.
func (p *Wire) summary() *crawler.Summary {
	s := &crawler.Summary{NewArticles: p.NewArticles, ArticleErrors: p.ArticleErrors, Flagged: p.Flagged, Duration: p.Duration,
		Retried: crawler.RetryResult{Due: p.Retried.Due, Fetched: p.Retried.Fetched, Failed: p.Retried.Failed, GaveUp: p.Retried.GaveUp,
			Flagged: p.Retried.Flagged, Err: textErr(p.Retried.Error)}}
	if s.Flagged == nil {
		s.Flagged = map[string]int{}
	}
	s.Feeds = make([]crawler.FeedResult, len(p.Feeds))
	for i, f := range p.Feeds {
		s.Feeds[i] = crawler.FeedResult{URL: f.URL, Title: f.Title, Err: textErr(f.Error), Elsewhere: f.Elsewhere}
		if f.Paused && f.Error != "" {
			s.Feeds[i].Err = pausedError(f.Error)
		}
	}
	return s
}

// flagLog is the newly flagged stories as crawl's summary lists them.
func (p *Wire) flagLog() *FlagLog {
	l := &FlagLog{}
	for _, f := range p.NewlyFlagged {
		l.Add(Story{ID: f.ID, Rule: f.Rule, Title: f.Title, URL: f.URL})
	}
	return l
}

// pausedError is a host's pause as the daemon said it: its sentence,
// wrapping fetch.ErrHostPaused.
type pausedError string

// Error returns the sentence.
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

// wireLine is a line of the daemon's answer to POST /-/crawl: feeds
// polled so far (Done) of Total, or, last, the pass's Summary.
type wireLine struct {
	Done    int   `json:"done,omitempty"`
	Total   int   `json:"total,omitempty"`
	Summary *Wire `json:"summary,omitempty"`
}

// ViaDaemon has the running daemon poll every feed now, showing its
// progress, and prints the summary of its pass as `crawl` prints its own.
// The daemon stores, flags and applies retention as it always does.
func ViaDaemon(ctx context.Context, cl *client.Client, stdout io.Writer) error {
	const what = "crawl"
	resp, err := cl.Do(ctx, what, http.MethodPost, "/-/crawl", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return cl.AnswerError(what, resp)
	}
	var bar *Progress
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, maxAnswerLine)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue // a beat: the pass goes on
		}
		var l wireLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("%s: reading the daemon's answer: %w", what, err)
		}
		switch {
		case l.Summary == nil && l.Done > 0:
			if bar == nil {
				bar = NewProgress(stdout, l.Total)
			}
			bar.Done(crawler.FeedResult{})
		case l.Summary != nil:
			if bar != nil {
				bar.Finish()
			}
			sum := l.Summary.summary()
			WriteSummary(stdout, sum)
			l.Summary.flagLog().Write(stdout)
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("crawl interrupted: %w", err)
			}
			return TotalOutage(sum)
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
	return fmt.Errorf("%s: the daemon at %s ended its answer before the pass's summary; see its log", what, cl.Listen)
}
