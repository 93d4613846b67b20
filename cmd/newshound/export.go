package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/exporter"
	"github.com/newshound/newshound/store/export"
	"github.com/spf13/cobra"
)

// cmdExport is `newshound export`: flagged stories (all with --all),
// newest first, one per story cluster (one per article with
// --no-cluster), as JSON or JSON Lines. --since and --until select by
// when a story was flagged (stored, with --all), --published-since and
// --published-until by its publication date; --state FILE exports only
// the stories flagged since the run that last kept FILE. When a running
// daemon holds the database, the same output comes from its HTTP API.
func (c *cli) exportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "flagged stories (every story with --all) as JSON, JSON Lines or CSV",
		Long: "Flagged stories (every stored story with --all), newest first, one per story cluster\n" +
			"(one per article with --no-cluster). --since and --until select by when a story was\n" +
			"flagged (stored, with --all); --published-since and --published-until by its publication\n" +
			"date; --state FILE exports only what was flagged since the run that last kept FILE.",
		Example: "  newshound export --since 24h --format jsonl\n  newshound export --state export.state --output new.json",
		Args:    noArgs,
	}
	fs, cf := cmd.Flags(), &c.cf
	format := fs.String("format", export.JSON, "output format: json (one array), jsonl (one story per line) or csv")
	var p export.Params
	fs.StringVar(&p.Since, "since", "", "only stories flagged (with --all: stored) since a duration ago (24h, 7d) or an RFC 3339 time")
	fs.StringVar(&p.Until, "until", "", "only stories flagged (with --all: stored) before a duration ago or an RFC 3339 time")
	fs.StringVar(&p.PublishedSince, "published-since", "", "only stories published since a duration ago or an RFC 3339 time")
	fs.StringVar(&p.PublishedUntil, "published-until", "", "only stories published before a duration ago or an RFC 3339 time")
	fs.StringVar(&p.Rule, "rule", "", "only stories flagged by this rule")
	fs.BoolVar(&p.All, "all", false, "every stored story, flagged or not")
	statePath := fs.String("state", "", "only stories flagged since the last export that kept this file, which is then updated (for cron jobs; not with --all)")
	output := fs.String("output", "", "write to this file instead of standard output")
	noCluster := fs.Bool("no-cluster", false, "one entry per article instead of one per story (near-duplicate copies and their sources merged)")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return exportRun(cmd.Context(), cf, p, *format, *statePath, *output, *noCluster, c.stdout, c.stderr)
	}
	return cmd
}

// exportRun is the work of `newshound export` once its flags are parsed.
func exportRun(ctx context.Context, cf *commonFlags, p export.Params, format, statePath, output string, noCluster bool, stdout, stderr io.Writer) error {
	if err := export.CheckFormat(format); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	p.Rule = strings.TrimSpace(p.Rule)
	q, err := p.Query(time.Now())
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if statePath != "" && p.All {
		return fmt.Errorf("%w: export: --state follows flags, so it cannot be combined with --all; drop one of them", errUsage)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	job := &exporter.Job{Config: cfg, Params: p, Query: q, Options: export.Options{Format: format, NoCluster: noCluster}, StatePath: statePath, Stderr: stderr}
	if err := job.Start(); err != nil {
		return err
	}
	if output == "" {
		return job.WriteStdout(ctx, stdout)
	}
	return job.WriteFile(ctx, output)
}
