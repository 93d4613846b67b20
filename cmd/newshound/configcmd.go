package main

import (
	"context"
	"fmt"
	"io"
)

// cmdConfig is `newshound config check`: validate the configuration and
// exit, 0 when valid.
func cmdConfig(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return fmt.Errorf("%w: config needs a subcommand: newshound config check [--config FILE]", errUsage)
	}
	fs, cf := newFlagSet("config check", stderr)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is valid: %d feeds, %d rules, database %s\n", cfg.File, len(cfg.Feeds), len(cfg.Rules), cfg.Storage.Path)
	return nil
}
