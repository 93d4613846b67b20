package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/newshound/newshound/crawler/extract/eval"
	"github.com/spf13/cobra"
)

// cmdEval is `newshound eval extraction --data DIR`: the production
// extraction path over the shared evaluation pages, with its scores.
func (c *cli) evalCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "extraction",
		Short: "extraction quality and speed of the production path on the shared data's pages, and the date on the project's written pages",
		Args:  noArgs,
	}
	def := os.Getenv("NEWSHOUND_DATA")
	if def == "" {
		def = "../shared/data"
	}
	data := cmd.Flags().String("data", def, "the shared data folder (or its extraction/ folder); $NEWSHOUND_DATA sets the default")
	splitName := cmd.Flags().String("split", "all", "the pages to evaluate: tune (the part tuned on), check (the held-out part) or all")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		split, err := eval.ParseSplit(*splitName)
		if err != nil {
			return fmt.Errorf("%w: --split: %w", errUsage, err)
		}
		return cmdEval(cmd.Context(), *data, split, c.stdout)
	}
	return c.parent("eval", "measure newshound on the shared evaluation data", cmd)
}

func cmdEval(ctx context.Context, data string, split eval.Split, stdout io.Writer) error {
	if _, err := os.Stat(data); err != nil {
		return fmt.Errorf("eval: no data folder at %s (pass --data DIR or set NEWSHOUND_DATA to the shared data folder)", data)
	}
	_, err := eval.Run(ctx, data, split, stdout)
	return err
}
