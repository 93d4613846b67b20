// Package exporter runs one `newshound export`: the stories selected,
// written from the database or streamed from the running daemon that
// holds it, to standard output or atomically to a file, and, with a
// --state file, only the stories flagged since the last complete run.
package exporter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// Job is one run of `newshound export`.
type Job struct {
	// Config names the database and the daemon.
	Config *config.Config
	// Params are the command's selection, Query the parsed form.
	Params export.Params
	Query  export.Query
	// Options are the format and clustering.
	Options export.Options
	// StatePath is the --state file, "" for none.
	StatePath string
	// Stderr receives the notes on the state file.
	Stderr io.Writer

	state export.State
	// resumed is set by write when statePath is.
	resumed export.Resumed
}

// write writes the export from the database, or from the daemon holding
// it. With a state file, it first marks the run pending in it.
func (j *Job) write(ctx context.Context, w io.Writer) error {
	return dbfile.ReadFileOrDaemon(ctx, j.Config,
		func(st store.Backend) error {
			if err := export.CheckRule(ctx, st, j.Query.Store.Rule, j.Config.RuleNames()); err != nil {
				return err
			}
			if j.StatePath != "" {
				r, err := export.Resume(ctx, st, &j.Query, j.state.Done, time.Now())
				if err != nil {
					return err
				}
				if err := j.begin(r); err != nil {
					return err
				}
			}
			n, err := export.WriteQuery(ctx, w, st, j.Query, j.Options)
			if err != nil && n > 0 {
				return fmt.Errorf("%w after %d stories, ending with an error record (%w); run `newshound db check` to look for damage", ErrIncomplete, n, err)
			}
			return err
		},
		func() error { return j.viaDaemon(ctx, w) })
}

// begin notes in the state file, before any output, that an export from
// its cursor to r.Next has begun, and tells when the last one did not end.
func (j *Job) begin(r export.Resumed) error {
	j.resumed = r
	if p := j.state.Pending; p != nil {
		fmt.Fprintf(j.Stderr, "export: the export begun at %s with the state file %s did not finish; its stories are exported again\n", p.At.Format(time.RFC3339), j.StatePath)
	}
	switch r.Catchup {
	case export.CatchupFirst:
		fmt.Fprintf(j.Stderr, "export: no earlier export kept %s, so every flagged story is exported; the next run exports only those flagged since\n", j.StatePath)
	case export.CatchupPruned:
		fmt.Fprintf(j.Stderr, "export: the flag log no longer reaches back to the last export (%s), so every story flagged since then is exported, and some may repeat\n", j.state.Done.At.Format(time.RFC3339))
	}
	next := r.Next
	j.state.Pending = &next
	return export.WriteState(j.StatePath, j.state)
}

// finish keeps the new cursor in the state file once the output is
// complete.
func (j *Job) finish() error {
	if j.StatePath == "" {
		return nil
	}
	j.state.Done, j.state.Pending = j.resumed.Next, nil
	return export.WriteState(j.StatePath, j.state)
}

// viaDaemon streams the export from the daemon's /api/v1/export, with
// the state file's cursor when there is one.
func (j *Job) viaDaemon(ctx context.Context, w io.Writer) error {
	p := j.Params
	v := url.Values{"format": {j.Options.Format}}
	if j.Options.NoCluster {
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
	if j.StatePath != "" {
		v.Set("after", strconv.FormatUint(j.state.Done.FlagLog, 10))
		if !j.state.Done.At.IsZero() {
			v.Set("after_at", j.state.Done.At.Format(time.RFC3339Nano))
		}
	}
	resp, err := client.New(j.Config).Do(ctx, "export", http.MethodGet, "/api/v1/export?"+v.Encode(), nil)
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
		return client.New(j.Config).StatusError("export", resp)
	}
	if j.StatePath != "" {
		r, err := api.ResumedOf(resp.Header, j.Params.Rule)
		if err != nil {
			return fmt.Errorf("export: the daemon at %s did not say where its export ends (%w); update the daemon to use --state", j.Config.Server.Listen, err)
		}
		if err := j.begin(r); err != nil {
			return err
		}
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("export: the export is incomplete: the connection to the daemon at %s broke (%w); run it again", j.Config.Server.Listen, err)
	}
	if msg := resp.Trailer.Get(api.ExportErrorTrailer); msg != "" {
		return fmt.Errorf("%w: the daemon failed part way (%s) and the output ends with an error record; run `newshound db check` to look for damage", ErrIncomplete, msg)
	}
	return nil
}

// ErrIncomplete is the error of an export cut short.
var ErrIncomplete = errors.New("export: the export is incomplete")

// Start reads the state file, when there is one, and checks that it was
// kept for the same --rule.
func (j *Job) Start() error {
	if j.StatePath == "" {
		return nil
	}
	var err error
	if j.state, err = export.ReadState(j.StatePath); err != nil {
		return err
	}
	return j.state.Done.CheckRule(j.Params.Rule)
}

// WriteStdout writes the export to w, standard output, then keeps the
// new cursor in the state file.
func (j *Job) WriteStdout(ctx context.Context, w io.Writer) error {
	if err := j.write(ctx, w); err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok {
		f.Sync() // flushed to the file when stdout is one; pipes and terminals cannot sync
	}
	return j.finish()
}

// WriteFile writes the export to the file at path, beside it first and
// renamed over it when complete, so that a failed export never leaves a
// half-written file where a good one was; then it keeps the new cursor.
func (j *Job) WriteFile(ctx context.Context, path string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".newshound-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	if err := j.write(ctx, f); err != nil {
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
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return j.finish()
}
