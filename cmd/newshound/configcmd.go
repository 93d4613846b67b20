package main

import (
	"context"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// cmdConfig is `newshound config check`: validate the configuration and
// exit, 0 when valid. It refuses what `run` would refuse to serve.
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
	if err := checkServe(cfg, serverToken(cfg)); err != nil {
		return fmt.Errorf("%w: %s: %w", config.ErrInvalid, cfg.File, err)
	}
	fmt.Fprintf(stdout, "%s is valid: %d feeds, %d rules, database %s\n", cfg.File, len(cfg.Feeds), len(cfg.Rules), cfg.Storage.Path)
	return nil
}

// checkServe is what `run` refuses before serving: a listen address
// beyond loopback without an API token, or a token too short. token is
// NEWSHOUND_TOKEN, else server.token (serverToken).
func checkServe(cfg *config.Config, token string) error {
	if !config.IsLoopback(cfg.Server.Listen) && token == "" {
		return fmt.Errorf("server.listen %s is not a loopback address, so an API token is required: set server.token or NEWSHOUND_TOKEN", cfg.Server.Listen)
	}
	if n := utf8.RuneCountInString(token); token != "" && n < config.MinTokenLength {
		return fmt.Errorf("the API token (NEWSHOUND_TOKEN or server.token) is %d characters long, too short to resist guessing: use at least %d, for example the output of: openssl rand -hex 24", n, config.MinTokenLength)
	}
	return nil
}
