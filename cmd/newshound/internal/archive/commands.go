package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// This file holds the commands on the archive as the command line runs
// them: each opens the configured database, or asks the daemon when the
// daemon holds it, and does one thing.

// LabelStory records req (`newshound label`) in the configured database,
// or through the daemon's API when the daemon holds it.
func LabelStory(ctx context.Context, cfg *config.Config, req LabelRequest) (LabelResult, error) {
	if _, err := os.Stat(cfg.Storage.Path); err != nil && !cfg.Postgres() {
		return LabelResult{}, fmt.Errorf("label: database %s does not exist (run newshound crawl once to store stories): %w", cfg.Storage.Path, err)
	}
	st, err := dbfile.OpenWith(ctx, cfg, store.Options{Logger: cfg.Logger, NormalizeURL: urlnorm.Normalize})
	switch {
	case errors.Is(err, store.ErrLocked):
		return LabelViaDaemon(ctx, client.New(cfg), req)
	case err != nil:
		return LabelResult{}, err
	}
	defer st.Close()
	return Label(ctx, st, req)
}

// Write prints what the label command req did, in one line.
func (r LabelResult) Write(w io.Writer, req LabelRequest) {
	story := fmt.Sprintf("story %s (%q)", r.ID, r.Title)
	switch {
	case r.Absent:
		fmt.Fprintf(w, "%s had no label for rule %s; nothing changed\n", story, req.Rule)
	case r.Cleared:
		fmt.Fprintf(w, "cleared the label of %s for rule %s\n", story, req.Rule)
	case req.Relevant:
		fmt.Fprintf(w, "recorded %s as relevant for rule %s\n", story, req.Rule)
	default:
		fmt.Fprintf(w, "recorded %s as irrelevant for rule %s\n", story, req.Rule)
	}
}

// ExplainStory prints why the stored story ref (an id, a unique id prefix
// or the URL) was flagged (`newshound rules explain`), reading the file,
// or asking the daemon when it holds it.
func ExplainStory(ctx context.Context, cfg *config.Config, ref string, w io.Writer) error {
	st, err := dbfile.OpenWith(ctx, cfg, store.Options{Logger: cfg.Logger, ReadOnly: true, NormalizeURL: urlnorm.Normalize})
	var e Explanation
	switch {
	case errors.Is(err, store.ErrLocked):
		e, err = ExplainViaDaemon(ctx, client.New(cfg), ref)
	case err == nil:
		e, err = Explain(ctx, st, ref)
		st.Close()
	}
	if err != nil {
		return err
	}
	return e.Write(w)
}

// ApplyRules re-runs set's rules over the archive and updates the stored
// flags (`newshound rules apply`), in the file, or through the daemon
// when it holds it; then it prints the outcome.
func ApplyRules(ctx context.Context, cfg *config.Config, set *rules.Set, w io.Writer) error {
	st, err := dbfile.Open(ctx, cfg, cfg.Logger)
	var res Applied
	switch {
	case errors.Is(err, store.ErrLocked):
		res, err = ApplyViaDaemon(ctx, client.New(cfg), cfg.Lists, set)
	case err == nil:
		res, err = Apply(ctx, st, set)
		if cerr := st.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		return err
	}
	res.Write(w)
	return nil
}
