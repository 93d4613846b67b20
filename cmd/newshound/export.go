package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/store"
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
	job := &exportJob{cfg: cfg, params: p, q: q, o: export.Options{Format: format, NoCluster: noCluster}, statePath: statePath, stderr: stderr}
	if statePath != "" {
		if job.state, err = export.ReadState(statePath); err != nil {
			return err
		}
		if err := job.state.Done.CheckRule(p.Rule); err != nil {
			return err
		}
	}
	if output == "" {
		if err := job.write(ctx, stdout); err != nil {
			return err
		}
		if f, ok := stdout.(*os.File); ok {
			f.Sync() // flushed to the file when stdout is one; pipes and terminals cannot sync
		}
		return job.finish()
	}
	// Write beside the target and rename, so a failed export never leaves
	// a half-written file where a good one was.
	f, err := os.CreateTemp(dirOf(output), ".newshound-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	if err := job.write(ctx, f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(f.Name(), output); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return job.finish()
}

// exportJob is one run of `newshound export`.
type exportJob struct {
	cfg       *config.Config
	params    export.Params
	q         export.Query
	o         export.Options
	statePath string
	state     export.State
	stderr    io.Writer
	// resumed is set by write when statePath is.
	resumed export.Resumed
}

// write writes the export from the database, or from the daemon holding
// it. With a state file, it first marks the run pending in it.
func (j *exportJob) write(ctx context.Context, w io.Writer) error {
	return dbfile.ReadFileOrDaemon(ctx, j.cfg,
		func(st *store.Store) error {
			if err := export.CheckRule(ctx, st, j.q.Store.Rule, configuredRules(j.cfg)); err != nil {
				return err
			}
			if j.statePath != "" {
				r, err := export.Resume(ctx, st, &j.q, j.state.Done, time.Now())
				if err != nil {
					return err
				}
				if err := j.begin(r); err != nil {
					return err
				}
			}
			n, err := export.WriteQuery(ctx, w, st, j.q, j.o)
			if err != nil && n > 0 {
				return fmt.Errorf("%w after %d stories, ending with an error record (%w); run `newshound db check` to look for damage", errExportIncomplete, n, err)
			}
			return err
		},
		func() error { return j.viaDaemon(ctx, w) })
}

// begin notes in the state file, before any output, that an export from
// its cursor to r.Next has begun, and tells when the last one did not end.
func (j *exportJob) begin(r export.Resumed) error {
	j.resumed = r
	if p := j.state.Pending; p != nil {
		fmt.Fprintf(j.stderr, "export: the export begun at %s with the state file %s did not finish; its stories are exported again\n", p.At.Format(time.RFC3339), j.statePath)
	}
	switch r.Catchup {
	case export.CatchupFirst:
		fmt.Fprintf(j.stderr, "export: no earlier export kept %s, so every flagged story is exported; the next run exports only those flagged since\n", j.statePath)
	case export.CatchupPruned:
		fmt.Fprintf(j.stderr, "export: the flag log no longer reaches back to the last export (%s), so every story flagged since then is exported, and some may repeat\n", j.state.Done.At.Format(time.RFC3339))
	}
	next := r.Next
	j.state.Pending = &next
	return export.WriteState(j.statePath, j.state)
}

// finish keeps the new cursor in the state file once the output is
// complete.
func (j *exportJob) finish() error {
	if j.statePath == "" {
		return nil
	}
	j.state.Done, j.state.Pending = j.resumed.Next, nil
	return export.WriteState(j.statePath, j.state)
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, os.PathSeparator); i >= 0 {
		return path[:i+1]
	}
	return "."
}

// viaDaemon streams the export from the daemon's /api/v1/export, with
// the state file's cursor when there is one.
func (j *exportJob) viaDaemon(ctx context.Context, w io.Writer) error {
	p := j.params
	v := url.Values{"format": {j.o.Format}}
	if j.o.NoCluster {
		v.Set("cluster", "false")
	}
	for k, s := range map[string]string{"since": p.Since, "until": p.Until, "published_since": p.PublishedSince, "published_until": p.PublishedUntil, "rule": p.Rule} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if p.All {
		v.Set("all", "true")
	}
	if j.statePath != "" {
		v.Set("after", strconv.FormatUint(j.state.Done.FlagLog, 10))
		if !j.state.Done.At.IsZero() {
			v.Set("after_at", j.state.Done.At.Format(time.RFC3339Nano))
		}
	}
	resp, err := client.New(j.cfg).Do(ctx, "export", http.MethodGet, "/api/v1/export?"+v.Encode(), nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusBadRequest {
		var e struct{ Error string }
		if json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&e) == nil && e.Error != "" {
			return errors.New(e.Error) // the daemon's sentence, as a local export says it
		}
	}
	if resp.StatusCode != http.StatusOK {
		return client.New(j.cfg).StatusError("export", resp)
	}
	if j.statePath != "" {
		r, err := api.ResumedOf(resp.Header, j.params.Rule)
		if err != nil {
			return fmt.Errorf("export: the daemon at %s did not say where its export ends (%w); update the daemon to use --state", j.cfg.Server.Listen, err)
		}
		if err := j.begin(r); err != nil {
			return err
		}
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("export: the export is incomplete: the connection to the daemon at %s broke (%w); run it again", j.cfg.Server.Listen, err)
	}
	if msg := resp.Trailer.Get(api.ExportErrorTrailer); msg != "" {
		return fmt.Errorf("%w: the daemon failed part way (%s) and the output ends with an error record; run `newshound db check` to look for damage", errExportIncomplete, msg)
	}
	return nil
}

// errExportIncomplete is the error of an export cut short.
var errExportIncomplete = errors.New("export: the export is incomplete")
