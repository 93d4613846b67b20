package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/newshound/newshound/crawler/extract/eval"
)

// cmdEval is `newshound eval extraction --data DIR [--split tune|check|all]`: the
// production extraction path over the shared evaluation pages (or their fixed
// tuning or check part, see eval.Split), with its scores.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "extraction" {
		return fmt.Errorf("%w: eval needs a subcommand: newshound eval extraction [--data DIR] [--split tune|check|all]", errUsage)
	}
	fs, _ := newFlagSet("eval extraction", stderr)
	def := os.Getenv("NEWSHOUND_DATA")
	if def == "" {
		def = "../shared/data"
	}
	data := fs.String("data", def, "the shared data folder (or its extraction/ folder); $NEWSHOUND_DATA sets the default")
	splitName := fs.String("split", "all", "the pages to evaluate: tune (the part tuned on), check (the held-out part) or all")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	split, err := eval.ParseSplit(*splitName)
	if err != nil {
		return fmt.Errorf("%w: --split: %w", errUsage, err)
	}
	if _, err := os.Stat(*data); err != nil {
		return fmt.Errorf("eval: no data folder at %s (pass --data DIR or set NEWSHOUND_DATA to the shared data folder)", *data)
	}
	_, err = eval.Run(ctx, *data, split, stdout)
	return err
}
