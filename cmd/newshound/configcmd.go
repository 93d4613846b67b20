package main

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/spf13/cobra"
)

// cmdConfig is `newshound config check`: validate the configuration and
// exit, 0 when valid. It refuses what `run` would refuse to serve.
func (c *cli) configCommand() *cobra.Command {
	return c.parent("config", "check the configuration", &cobra.Command{
		Use:   "check",
		Short: "validate the configuration (every error, with file:line) and exit 0 when it is valid",
		Args:  noArgs,
		RunE:  func(*cobra.Command, []string) error { return configCheck(&c.cf, c.stdout) },
	})
}

func configCheck(cf *commonFlags, stdout io.Writer) error {
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	if err := checkServe(cfg, cfg.APIToken()); err != nil {
		return fmt.Errorf("%w: %s: %w", config.ErrInvalid, cfg.File, err)
	}
	fmt.Fprintf(stdout, "%s is valid: %d feeds, %d rules, database %s\n", cfg.File, len(cfg.Feeds), len(cfg.Rules), cfg.Storage.Path)
	return nil
}

// checkServe is what `run` refuses before serving: a listen address
// beyond loopback without an API token, or a token too short. token is
// NEWSHOUND_TOKEN, else server.token (config.Config.APIToken).
func checkServe(cfg *config.Config, token string) error {
	if !config.IsLoopback(cfg.Server.Listen) && token == "" {
		return fmt.Errorf("server.listen %s is not a loopback address, so an API token is required: set server.token or NEWSHOUND_TOKEN", cfg.Server.Listen)
	}
	if n := utf8.RuneCountInString(token); token != "" && n < config.MinTokenLength {
		return fmt.Errorf("the API token (NEWSHOUND_TOKEN or server.token) is %d characters long, too short to resist guessing: use at least %d, for example the output of: openssl rand -hex 24", n, config.MinTokenLength)
	}
	return nil
}
