package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// cmdExport is `newshound export`: flagged stories (all with --all),
// newest first, one per story cluster (one per article with
// --no-cluster), as JSON or JSON Lines. When a running daemon holds the
// database, the same output comes from its HTTP API.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, cf := newFlagSet("export", stderr)
	format := fs.String("format", export.JSON, "output format: json (one array) or jsonl (one story per line)")
	since := fs.String("since", "", "only stories since a duration ago (24h, 7d) or an RFC 3339 time")
	rule := fs.String("rule", "", "only stories flagged by this rule")
	all := fs.Bool("all", false, "every stored story, flagged or not")
	output := fs.String("output", "", "write to this file instead of standard output")
	noCluster := fs.Bool("no-cluster", false, "one entry per article instead of one per story (near-duplicate copies and their sources merged)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := export.CheckFormat(*format); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	q, err := export.ParseQuery(*since, *rule, *all)
	if err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	if *output == "" {
		return writeExport(ctx, cfg, stdout, q, export.Options{Format: *format, NoCluster: *noCluster}, *since, *rule, *all)
	}
	// Write beside the target and rename, so a failed export never leaves
	// a half-written file where a good one was.
	f, err := os.CreateTemp(dirOf(*output), ".newshound-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	if err := writeExport(ctx, cfg, f, q, export.Options{Format: *format, NoCluster: *noCluster}, *since, *rule, *all); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return os.Rename(f.Name(), *output)
}

// writeExport writes from the database, or from the daemon holding it.
func writeExport(ctx context.Context, cfg *config.Config, w io.Writer, q store.Query, o export.Options, since, rule string, all bool) error {
	return readFileOrDaemon(ctx, cfg,
		func(st *store.Store) error {
			n, err := export.WriteWith(ctx, w, st, q, o)
			if err != nil && n > 0 {
				return fmt.Errorf("%w after %d stories, ending with an error record (%w); run `newshound db check` to look for damage", errExportIncomplete, n, err)
			}
			return err
		},
		func() error { return exportViaDaemon(ctx, cfg, w, o, since, rule, all) })
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, os.PathSeparator); i >= 0 {
		return path[:i+1]
	}
	return "."
}

// exportViaDaemon streams the export from the daemon's /api/v1/export.
func exportViaDaemon(ctx context.Context, cfg *config.Config, w io.Writer, o export.Options, since, rule string, all bool) error {
	v := url.Values{"format": {o.Format}}
	if o.NoCluster {
		v.Set("cluster", "false")
	}
	if since != "" {
		v.Set("since", since)
	}
	if rule != "" {
		v.Set("rule", rule)
	}
	if all {
		v.Set("all", "true")
	}
	resp, err := daemonDo(ctx, cfg, "export", http.MethodGet, "/api/v1/export?"+v.Encode(), nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return daemonStatusError(cfg, "export", resp)
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("export: the export is incomplete: the connection to the daemon at %s broke (%w); run it again", cfg.Server.Listen, err)
	}
	if msg := resp.Trailer.Get(api.ExportErrorTrailer); msg != "" {
		return fmt.Errorf("%w: the daemon failed part way (%s) and the output ends with an error record; run `newshound db check` to look for damage", errExportIncomplete, msg)
	}
	return nil
}

// errExportIncomplete is the error of an export cut short.
var errExportIncomplete = errors.New("export: the export is incomplete")

// serverToken is the API token: $NEWSHOUND_TOKEN, else server.token.
func serverToken(cfg *config.Config) string {
	if t := os.Getenv("NEWSHOUND_TOKEN"); t != "" {
		return t
	}
	return cfg.Server.Token
}
