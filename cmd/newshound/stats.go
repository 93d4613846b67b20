package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/store"
	"github.com/spf13/cobra"
)

// statsReport is what `newshound stats` shows and /api/v1/stats serves.
type statsReport struct {
	store.Stats
	// Path is the database file.
	Path string `json:"path"`
	// Outbox counts the webhook deliveries waiting or given up.
	Outbox store.OutboxCounts `json:"webhook_outbox"`
}

// readStats counts over an open store.
func readStats(ctx context.Context, st *store.Store) (statsReport, error) {
	s, err := st.Stats(ctx)
	if err != nil {
		return statsReport{}, err
	}
	ob, err := st.Outbox(ctx)
	if err != nil {
		return statsReport{}, err
	}
	return statsReport{Stats: s, Path: st.Path(), Outbox: ob}, nil
}

// cmdStats is `newshound stats`: counts of feeds, articles, flags by rule
// and by day, the webhook outbox and the database size. It reads the
// file read-only, or asks the running daemon when it holds the file.
func (c *cli) statsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "counts of feeds, articles and flags, the outbox and the database size; also while the daemon runs",
		Args:  noArgs,
	}
	asJSON := cmd.Flags().Bool("json", false, "print JSON instead of a table")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return cmdStats(cmd.Context(), &c.cf, *asJSON, c.stdout) }
	return cmd
}

func cmdStats(ctx context.Context, cf *commonFlags, asJSON bool, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	var rep statsReport
	err = dbfile.ReadFileOrDaemon(ctx, cfg,
		func(st *store.Store) (err error) { rep, err = readStats(ctx, st); return err },
		func() (err error) { rep, err = statsViaDaemon(ctx, cfg); return err })
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return writeStats(stdout, rep)
}

// statsViaDaemon reads the counts from the daemon's /api/v1/stats.
func statsViaDaemon(ctx context.Context, cfg *config.Config) (statsReport, error) {
	var rep statsReport
	err := client.New(cfg).GetJSON(ctx, "stats", "/api/v1/stats", &rep)
	return rep, err
}

// writeStats prints the report as aligned text.
func writeStats(w io.Writer, r statsReport) error {
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
