package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/buildinfo"
	"github.com/newshound/newshound/cmd/newshound/internal/config"

	"github.com/spf13/cobra"
)

// cli is what every command shares: the process's output streams and the
// flags of the root command (--config, --log-level, --log-format).
type cli struct {
	stdout, stderr io.Writer
	cf             commonFlags
	// started is set when a command's own work begins, so that run can
	// tell a command-line mistake caught by cobra (exit 2) from a failure
	// of the work.
	started bool
}

// newRootCommand builds the command tree of newshound. Every command
// accepts its flags before or after its arguments, and -h/--help prints
// its synopsis and its own flags.
func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	return newCLI(stdout, stderr).root()
}

func newCLI(stdout, stderr io.Writer) *cli {
	return &cli{stdout: stdout, stderr: stderr, cf: commonFlags{stderr: stderr}}
}

func (c *cli) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "newshound",
		Short: "newshound watches news feeds and flags the stories that matter for privacy",
		Long: "newshound watches news feeds and flags the stories that matter for privacy.\n\n" +
			"--config defaults to ./config.yaml; NEWSHOUND_CONFIG overrides the default.\n" +
			"Start with: newshound init, then newshound crawl. See README.md and docs/.",
		Version:           buildinfo.Read().String(),
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: true},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.cf.validate(); err != nil {
				return err
			}
			c.started = true
			return nil
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&c.cf.config, "config", "", "configuration file (default ./config.yaml, or $NEWSHOUND_CONFIG)")
	pf.StringVar(&c.cf.logLevel, "log-level", "", "log level: debug, info, warn or error (default from config)")
	pf.StringVar(&c.cf.logFormat, "log-format", "", "log format: text or json (default from config)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return fmt.Errorf("%w: %w", errUsage, err) })
	root.AddGroup(&cobra.Group{ID: "use", Title: "Watching feeds:"}, &cobra.Group{ID: "data", Title: "The archive:"}, &cobra.Group{ID: "tools", Title: "Rules, alerts and set-up:"})
	for _, sub := range []struct {
		group string
		cmd   *cobra.Command
	}{
		{"tools", c.initCommand()},
		{"use", c.crawlCommand()},
		{"use", c.runCommand()},
		{"use", c.feedsCommand()},
		{"data", c.exportCommand()},
		{"data", c.statsCommand()},
		{"data", c.dbCommand()},
		{"data", c.labelCommand()},
		{"tools", c.configCommand()},
		{"tools", c.rulesCommand()},
		{"tools", c.webhooksCommand()},
		{"tools", c.alertsCommand()},
		{"tools", c.evalCommand()},
		{"tools", c.versionCommand()},
	} {
		sub.cmd.GroupID = sub.group
		root.AddCommand(sub.cmd)
	}
	root.SetHelpCommandGroupID("tools")
	root.SetCompletionCommandGroupID("tools")
	return root
}

// parent is a command that only holds subcommands: run without one, or
// with an unknown one, it is a usage error listing the valid ones.
func (c *cli) parent(use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			names := commandNames(cmd)
			if len(args) == 0 {
				return fmt.Errorf("%w: %s needs a subcommand: %s (see newshound %s --help)", errUsage, cmd.Name(), strings.Join(names, ", "), cmd.Name())
			}
			return fmt.Errorf("%w: unknown %s subcommand %q; the %s subcommands are: %s", errUsage, cmd.Name(), args[0], cmd.Name(), strings.Join(names, ", "))
		},
	}
	cmd.AddCommand(subs...)
	return cmd
}

// args returns an argument check that fails with a usage error saying,
// in msg, what the command needs, when it gets fewer than min or more
// than max arguments.
func args(minN, maxN int, msg string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) < minN:
			return fmt.Errorf("%w: %s", errUsage, msg)
		case len(args) > maxN:
			return fmt.Errorf("%w: unexpected argument %q", errUsage, args[maxN])
		}
		return nil
	}
}

// noArgs is the argument check of the commands that take none.
var noArgs = args(0, 0, "")

// run is the whole program behind main, callable from tests.
func run(ctx context.Context, argv []string, stdout, stderr io.Writer) error {
	c := newCLI(stdout, stderr)
	root := c.root()
	root.SetArgs(argv)
	if len(argv) == 0 {
		root.SetOut(stderr)
		root.Usage()
		return fmt.Errorf("%w: no command given", errUsage)
	}
	err := root.ExecuteContext(ctx)
	if err == nil || c.started || errors.Is(err, errUsage) {
		return err
	}
	// cobra's own errors (unknown command or flag) are command-line mistakes.
	if strings.HasPrefix(err.Error(), "unknown command") {
		return fmt.Errorf("%w: %w; the commands are: %s", errUsage, err, strings.Join(commandNames(root), ", "))
	}
	return fmt.Errorf("%w: %w", errUsage, err)
}

// commandNames lists the subcommands of cmd a user may run.
func commandNames(cmd *cobra.Command) []string {
	var names []string
	for _, s := range cmd.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	return names
}

// validate refuses a log level or format that does not exist, rather
// than falling back on a default silently.
func (cf *commonFlags) validate() error {
	if err := config.CheckLogLevel(cf.logLevel); err != nil {
		return fmt.Errorf("%w: --log-level: %w", errUsage, err)
	}
	if err := config.CheckLogFormat(cf.logFormat); err != nil {
		return fmt.Errorf("%w: --log-format: %w", errUsage, err)
	}
	return nil
}

// withConfig is the RunE of a command that needs the configuration: it
// loads it, then runs fn.
func (c *cli) withConfig(fn func(ctx context.Context, cfg *config.Config, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		cfg, err := c.cf.load()
		if err != nil {
			return err
		}
		return fn(cmd.Context(), cfg, args)
	}
}
