package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `newshound watches news feeds and flags the stories that matter for privacy.

Usage:
  newshound init    [DIR]             write a commented starter config.yaml and lists/ (default: here)
  newshound crawl   [--config FILE]   one pass over every feed, then exit
  newshound run     [--config FILE]   the daemon: poll feeds, serve HTTP; SIGHUP reloads the config
  newshound feeds list [--json]                    every feed polled: state, last fetch, next due, errors
  newshound feeds add URL [--name NAME]            add a feed, or a site whose feed is discovered
  newshound feeds remove URL                       remove a feed added by command
  newshound feeds import FILE.opml                 add every feed of an OPML list
  newshound feeds export [--output FILE]           every feed polled, as OPML 2.0
  newshound export  [--config FILE] [--format json|jsonl|csv] [--since D] [--until D] [--published-since D]
                    [--published-until D] [--rule NAME] [--all] [--state FILE] [--no-cluster] [--output FILE]
  newshound db check [FILE] [--config FILE]   check storage.path (through the daemon while it runs), or FILE
  newshound db compact [--config FILE]       needs the file to itself: stop the daemon first
  newshound db backup FILE [--config FILE]   a hot copy, also while the daemon runs
  newshound config check [--config FILE]
  newshound rules check [--config FILE]            lint the rules
  newshound rules explain STORY                    why a stored story was flagged (STORY: id, id prefix or URL)
  newshound rules test (--rule NAME | --query Q) (--url URL | --file FILE | --stored [--since D])
  newshound rules test --rule NAME (--corpus DIR [--split tune|check|all] | --labels)   precision, recall, errors
  newshound rules suggest --rule NAME (--corpus DIR | --labels)   terms that would mend the rule, with figures
  newshound rules apply [--rule NAME]              re-run rules over the archive
  newshound label STORY relevant|irrelevant --rule NAME   judge a stored story for a rule (STORY: id, id prefix or URL)
  newshound label STORY --rule NAME --clear        remove that judgement
  newshound eval extraction [--data DIR] [--split tune|check|all]  extraction quality and speed on the shared data
  newshound stats [--config FILE] [--json]  counts of feeds, articles, flags; also while the daemon runs
  newshound webhooks test [--url U [--secret S]]   send a sample alert, print the answer
  newshound webhooks list [--json]                 deliveries waiting or given up
  newshound alerts test [--alert NAME]             send a sample email digest, print the server's answer
  newshound version [--json]

--config defaults to ./config.yaml; NEWSHOUND_CONFIG overrides the default.
`

// errUsage marks a mistake in the command line; exit code 2.
var errUsage = errors.New("usage")

// exitCode maps run's error to the process exit code: 0 success, 2 a
// command-line mistake, 3 a crawl that fetched no feed at all, 1 anything
// else.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		return 2
	case errors.Is(err, errNoFeedFetched):
		return 3
	}
	return 1
}

// run is the whole program behind main, callable from tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "crawl":
		return cmdCrawl(ctx, rest, stdout, stderr)
	case "run":
		return cmdRun(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, stdout, stderr)
	case "feeds":
		return cmdFeeds(ctx, rest, stdout, stderr)
	case "db":
		return cmdDB(ctx, rest, stdout, stderr)
	case "config":
		return cmdConfig(ctx, rest, stdout, stderr)
	case "rules":
		return cmdRules(ctx, rest, stdout, stderr)
	case "label":
		return cmdLabel(ctx, rest, stdout, stderr)
	case "eval":
		return cmdEval(ctx, rest, stdout, stderr)
	case "version", "--version":
		return cmdVersion(ctx, rest, stdout, stderr)
	case "stats":
		return cmdStats(ctx, rest, stdout, stderr)
	case "webhooks":
		return cmdWebhooks(ctx, rest, stdout, stderr)
	case "alerts":
		return cmdAlerts(ctx, rest, stdout, stderr)
	case "init":
		return cmdInit(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// commonFlags are the flags every command that reads the config takes.
type commonFlags struct {
	config    string
	logLevel  string
	logFormat string
}

func newFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *commonFlags) {
	fs := flag.NewFlagSet("newshound "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cf := &commonFlags{}
	fs.StringVar(&cf.config, "config", "", "configuration file (default ./config.yaml, or $NEWSHOUND_CONFIG)")
	fs.StringVar(&cf.logLevel, "log-level", "", "log level: debug, info, warn or error (default from config)")
	fs.StringVar(&cf.logFormat, "log-format", "", "log format: text or json (default from config)")
	return fs, cf
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

// load reads the configuration named by the flags.
func (cf *commonFlags) load() (*config.Config, error) {
	cfg, err := config.Load(config.Path(cf.config))
	if err != nil {
		return nil, err
	}
	if cf.logLevel != "" {
		cfg.Log.Level = cf.logLevel
	}
	if cf.logFormat != "" {
		cfg.Log.Format = cf.logFormat
	}
	return cfg, nil
}

// newLogger builds the one logger of the process.
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
