package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/newshound/newshound/crawler/extract/eval"
)

// cmdEval is `newshound eval extraction --data DIR`: the production
// extraction path over the shared evaluation pages, with its scores.
func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "extraction" {
		return fmt.Errorf("%w: eval needs a subcommand: newshound eval extraction [--data DIR]", errUsage)
	}
	fs, _ := newFlagSet("eval extraction", stderr)
	def := os.Getenv("NEWSHOUND_DATA")
	if def == "" {
		def = "../shared/data"
	}
	data := fs.String("data", def, "the shared data folder (or its extraction/ folder); $NEWSHOUND_DATA sets the default")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if _, err := os.Stat(*data); err != nil {
		return fmt.Errorf("eval: no data folder at %s (pass --data DIR or set NEWSHOUND_DATA to the shared data folder)", *data)
	}
	_, err := eval.Run(ctx, *data, stdout)
	return err
}
