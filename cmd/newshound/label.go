package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/archive"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
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
	res, err := archive.LabelStory(ctx, cfg, req)
	if err != nil {
		return err
	}
	if res.Absent && !slices.Contains(known, req.Rule) {
		return unknownRule(cfg, req.Rule, known) // --clear of a rule that is neither configured nor labelled
	}
	res.Write(stdout, req)
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
