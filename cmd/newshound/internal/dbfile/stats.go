package dbfile

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
)

// Stats is what `newshound stats` shows and /api/v1/stats serves.
type Stats struct {
	store.Stats
	// Path is the database file, or for PostgreSQL its name (Where).
	Path string `json:"path"`
	// Outbox counts the webhook deliveries waiting or given up.
	Outbox store.OutboxCounts `json:"webhook_outbox"`
}

// ReadStats counts over an open store.
func ReadStats(ctx context.Context, st store.Backend) (Stats, error) {
	s, err := st.Stats(ctx)
	if err != nil {
		return Stats{}, err
	}
	ob, err := st.Outbox(ctx)
	if err != nil {
		return Stats{}, err
	}
	return Stats{Stats: s, Path: Where(st), Outbox: ob}, nil
}

// StatsViaDaemon reads the counts from the daemon's /api/v1/stats.
func StatsViaDaemon(ctx context.Context, cl *client.Client) (Stats, error) {
	var rep Stats
	err := cl.GetJSON(ctx, "stats", "/api/v1/stats", &rep)
	return rep, err
}

// WriteStats prints the report as aligned text.
func WriteStats(w io.Writer, r Stats) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "database\t%s (%s)\n", r.Path, humanBytes(r.FileSize))
	fmt.Fprintf(tw, "feeds\t%d\n", r.Feeds)
	fmt.Fprintf(tw, "articles\t%d (%d flagged)\n", r.Articles, r.Flagged)
	fmt.Fprintf(tw, "webhook outbox\t%d pending, %d dead\n", r.Outbox.Pending, r.Outbox.Dead)
	rules := make([]string, 0, len(r.FlagsByRule))
	for rule := range r.FlagsByRule {
		rules = append(rules, rule)
	}
	sort.Strings(rules)
	if len(rules) > 0 {
		fmt.Fprintln(tw, "\nflags by rule\t")
	}
	for _, rule := range rules {
		fmt.Fprintf(tw, "  %s\t%d\n", rule, r.FlagsByRule[rule])
	}
	if len(rules) > 0 {
		fmt.Fprintln(tw, "\nflags by day\t")
	}
	for _, rule := range rules {
		days := make([]string, 0, len(r.FlagsByRuleDay[rule]))
		for d := range r.FlagsByRuleDay[rule] {
			days = append(days, d)
		}
		sort.Sort(sort.Reverse(sort.StringSlice(days)))
		for _, d := range days {
			fmt.Fprintf(tw, "  %s  %s\t%d\n", d, rule, r.FlagsByRuleDay[rule][d])
		}
	}
	return tw.Flush()
}

// humanBytes writes n in binary units.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTP"[exp])
}

// LoadStats reads the counts of `newshound stats` from the configured
// storage, read-only, or from the daemon when it holds the bbolt file.
func LoadStats(ctx context.Context, cfg *config.Config) (Stats, error) {
	var rep Stats
	err := ReadFileOrDaemon(ctx, cfg,
		func(st store.Backend) (err error) { rep, err = ReadStats(ctx, st); return err },
		func() (err error) { rep, err = StatsViaDaemon(ctx, client.New(cfg)); return err })
	return rep, err
}

// LoadDeliveries reads the webhook outbox (`newshound webhooks list`),
// pending and dead, from the configured file, or from the daemon's
// /api/v1/webhooks/deliveries when it holds the file.
func LoadDeliveries(ctx context.Context, cfg *config.Config) ([]store.Delivery, error) {
	var ds []store.Delivery
	err := ReadFileOrDaemon(ctx, cfg,
		func(st store.Backend) (err error) { ds, err = st.Deliveries(ctx); return err },
		func() error {
			return client.New(cfg).GetJSON(ctx, "webhooks", "/api/v1/webhooks/deliveries", &ds)
		})
	return ds, err
}
