package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/archive"
	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/store"
	"github.com/spf13/cobra"
)

const labelUsage = "label needs a STORY and a judgement, as in: newshound label STORY relevant|irrelevant --rule NAME, or newshound label STORY --rule NAME --clear (STORY: an id, at least 6 characters of one, or the story's URL)"

// cmdLabel is `newshound label STORY relevant|irrelevant --rule NAME` and
// `newshound label STORY --rule NAME --clear`: a person's judgement of a
// stored story for a configured rule, kept in the database for measuring
// rules (store.Labels). While the daemon holds the database, it goes
// through the daemon's API.
func (c *cli) labelCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "label STORY (relevant|irrelevant | --clear) --rule NAME",
		Short: "judge a stored story for a rule (STORY: id, unique id prefix or URL), for measuring rules",
		Example: "  newshound label 3f2a9c relevant --rule bank-facebook-data-sharing\n" +
			"  newshound label https://example.org/story --rule bank-facebook-data-sharing --clear",
		Args: cobra.ArbitraryArgs,
	}
	rule := cmd.Flags().String("rule", "", "the configured rule the judgement is about (required)")
	clear := cmd.Flags().Bool("clear", false, "remove the story's label for the rule instead of setting it")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		req, err := parseLabelArgs(pos, *rule, *clear)
		if err != nil {
			return err
		}
		return cmdLabel(cmd.Context(), &c.cf, req, c.stdout)
	}
	return cmd
}

func cmdLabel(ctx context.Context, cf *commonFlags, req archive.LabelRequest, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	known := cfg.RuleNames()
	if !req.Clear && !slices.Contains(known, req.Rule) {
		return unknownRule(cfg, req.Rule, known)
	}
	res, err := applyLabel(ctx, cfg, req)
	if err != nil {
		return err
	}
	if res.Absent && !slices.Contains(known, req.Rule) {
		return unknownRule(cfg, req.Rule, known) // --clear of a rule that is neither configured nor labelled
	}
	story := fmt.Sprintf("story %s (%q)", res.ID, res.Title)
	switch {
	case res.Absent:
		fmt.Fprintf(stdout, "%s had no label for rule %s; nothing changed\n", story, req.Rule)
	case res.Cleared:
		fmt.Fprintf(stdout, "cleared the label of %s for rule %s\n", story, req.Rule)
	default:
		fmt.Fprintf(stdout, "recorded %s as %s for rule %s\n", story, verdict(req.Relevant), req.Rule)
	}
	return nil
}

// parseLabelArgs checks the positional arguments and flags of label.
func parseLabelArgs(pos []string, rule string, clear bool) (archive.LabelRequest, error) {
	req := archive.LabelRequest{Rule: rule, Clear: clear}
	switch {
	case len(pos) == 0:
		return req, fmt.Errorf("%w: %s", errUsage, labelUsage)
	case clear && len(pos) > 1:
		return req, fmt.Errorf("%w: label --clear takes only the STORY, not %q", errUsage, pos[1])
	case !clear && len(pos) == 1:
		return req, fmt.Errorf("%w: label %s needs relevant or irrelevant (or --clear)", errUsage, pos[0])
	case len(pos) > 2:
		return req, fmt.Errorf("%w: unexpected argument %q; %s", errUsage, pos[2], labelUsage)
	case rule == "":
		return req, fmt.Errorf("%w: label needs --rule NAME, the rule the judgement is about", errUsage)
	}
	req.Ref = pos[0]
	if !clear {
		v, ok := map[string]bool{"relevant": true, "irrelevant": false}[pos[1]]
		if !ok {
			return req, fmt.Errorf("%w: label takes relevant or irrelevant, not %q", errUsage, pos[1])
		}
		req.Relevant = v
	}
	return req, nil
}

// unknownRule is the usage error for a --rule the configuration lacks.
func unknownRule(cfg *config.Config, rule string, known []string) error {
	if len(known) == 0 {
		return fmt.Errorf("%w: label --rule %s: %s configures no rules; add the rule there first", errUsage, rule, cfg.File)
	}
	return fmt.Errorf("%w: label --rule %s: no rule of that name in %s; the rules are: %s", errUsage, rule, cfg.File, strings.Join(known, ", "))
}

func verdict(relevant bool) string {
	if relevant {
		return "relevant"
	}
	return "irrelevant"
}

// applyLabel records req in the database, or through the daemon's API
// when the daemon holds it.
func applyLabel(ctx context.Context, cfg *config.Config, req archive.LabelRequest) (archive.LabelResult, error) {
	if _, err := os.Stat(cfg.Storage.Path); err != nil {
		return archive.LabelResult{}, fmt.Errorf("label: database %s does not exist (run newshound crawl once to store stories): %w", cfg.Storage.Path, err)
	}
	st, err := dbfile.OpenFile(ctx, cfg, store.Options{Logger: cfg.Logger, NormalizeURL: urlnorm.Normalize})
	switch {
	case errors.Is(err, store.ErrLocked):
		return archive.LabelViaDaemon(ctx, client.New(cfg), req)
	case err != nil:
		return archive.LabelResult{}, err
	}
	defer st.Close()
	return archive.Label(ctx, st, req)
}
