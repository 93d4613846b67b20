package feeds

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newshound/newshound/store"
)

// Feed states in `feeds list`.
const (
	StateNew     = "new"     // never fetched yet
	StateOK      = "ok"      // the last fetch succeeded
	StateFailing = "failing" // the last fetch failed
	StateBroken  = "broken"  // failing for long: see feedBroken
)

// Sources of a feed in `feeds list`.
const (
	SourceConfig = "config" // config.yaml
	SourceAdded  = "added"  // feeds add or import
	SourceBoth   = "both"   // both; config.yaml's settings win
)

// feedBroken reports whether the scheduler marked the feed broken (its
// error score reached fetch.BrokenScore; it is still retried daily).
func feedBroken(f store.Feed) bool {
	return f.Broken
}

// Row is one line of `feeds list`, and its JSON.
type Row struct {
	URL         string     `json:"url"`
	Name        string     `json:"name,omitempty"`
	Title       string     `json:"title,omitempty"`
	Source      string     `json:"source"`
	State       string     `json:"state"`
	Broken      bool       `json:"broken"`
	LastFetch   *time.Time `json:"last_fetch,omitempty"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
	// NextDue is the stored next poll, or, until the scheduler stores it,
	// the last fetch plus the interval (doubled per consecutive failure,
	// up to schedule.max_interval). Nil for a feed never fetched: it is
	// polled soon after the daemon starts.
	NextDue    *time.Time `json:"next_due,omitempty"`
	Interval   string     `json:"interval"`
	ErrorCount int        `json:"error_count"`
	LastError  string     `json:"last_error,omitempty"`
}

// rows returns one row per polled feed, in polling order.
func (b Book) rows(ctx context.Context) ([]Row, error) {
	subs, err := b.Store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	added := make(map[string]bool, len(subs))
	for _, s := range subs {
		added[s.URL] = true
	}
	specs := unionSpecs(b.Config, subs)
	rows := make([]Row, 0, len(specs))
	for _, sp := range specs {
		st, err := b.Store.Feed(ctx, sp.URL)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		src := SourceAdded
		if b.configFeed(sp.URL) >= 0 {
			src = SourceConfig
			if added[sp.URL] {
				src = SourceBoth
			}
		}
		interval := sp.Interval
		if st.Interval > 0 {
			interval = st.Interval
		} else if interval <= 0 {
			interval = b.Config.Schedule.Interval.D()
		}
		r := Row{URL: sp.URL, Name: sp.Name, Title: st.Title, Source: src, Broken: feedBroken(st),
			Interval: interval.String(), ErrorCount: st.ErrorCount, LastError: st.LastError,
			LastFetch: timePtr(st.LastFetch), LastSuccess: timePtr(st.LastSuccess)}
		switch {
		case r.Broken:
			r.State = StateBroken
		case st.LastFetch.IsZero():
			r.State = StateNew
		case st.ErrorCount > 0:
			r.State = StateFailing
		default:
			r.State = StateOK
		}
		r.NextDue = timePtr(st.NextDue)
		if r.NextDue == nil && !st.LastFetch.IsZero() {
			r.NextDue = timePtr(st.LastFetch.Add(retryDelay(interval, st.ErrorCount, b.Config.Schedule.MaxInterval.D())))
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// retryDelay is the scheduler's delay after a poll: the interval, or after
// n consecutive failures the interval doubled n-1 times, capped.
func retryDelay(interval time.Duration, n int, maxDelay time.Duration) time.Duration {
	if n <= 0 {
		return interval
	}
	d := interval
	for i := 1; i < n && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// WriteTable writes the table of `feeds list`, a feed's last error on the
// line below it.
func WriteTable(w io.Writer, rows []Row, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tERRORS\tLAST FETCH\tNEXT DUE\tINTERVAL\tSOURCE\tFEED")
	for _, r := range rows {
		name, label := r.URL, cmp.Or(r.Name, r.Title)
		if label != "" {
			name += " (" + oneLine(label, 60) + ")"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.State, r.ErrorCount, ago(r.LastFetch, now), until(r.NextDue, now), shortDuration(r.Interval), r.Source, name)
		if r.LastError != "" {
			fmt.Fprintf(tw, "\t\t\t\t\t\t  last error: %s\n", oneLine(r.LastError, 200))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d feeds\n", len(rows))
	return err
}

func ago(t *time.Time, now time.Time) string {
	if t == nil {
		return "never"
	}
	return roughDuration(now.Sub(*t)) + " ago"
}

func until(t *time.Time, now time.Time) string {
	switch {
	case t == nil:
		return "soon"
	case !t.After(now):
		return "now"
	}
	return "in " + roughDuration(t.Sub(now))
}

// roughDuration prints d to the minute (to the second under a minute).
func roughDuration(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	return shortDuration(d.Round(time.Minute).String())
}

// shortDuration drops the zero seconds and minutes Duration.String adds.
func shortDuration(s string) string {
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func oneLine(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return s
}
