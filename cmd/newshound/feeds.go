package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/store"
)

// errDaemon is a failure the daemon reported for a request of ours.
var errDaemon = errors.New("daemon error")

const feedsUsage = "feeds needs a subcommand: list [--json], add URL [--name NAME], remove URL, import FILE.opml or export [--output FILE]"

// cmdFeeds is `newshound feeds list|add|remove|import|export`: the feeds
// newshound polls, config.yaml's and those added by command. While the
// daemon holds the database, every subcommand goes through its API, and
// the daemon starts or stops the feeds at once.
func cmdFeeds(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: %s", errUsage, feedsUsage)
	}
	sub, rest := args[0], args[1:]
	fs, cf := newFlagSet("feeds "+sub, stderr)
	var (
		asJSON = fs.Bool("json", false, "list: print JSON instead of a table")
		name   = fs.String("name", "", "add: a display name for the feed")
		output = fs.String("output", "", "export: write to this file instead of standard output")
		arg    string
	)
	switch sub {
	case "list", "export":
	case "add", "remove", "import":
		// The argument may come before or after the flags.
		if err := fs.Parse(rest); err != nil {
			return parseError(err)
		}
		if fs.NArg() == 0 {
			what := map[string]string{"add": "URL", "remove": "URL", "import": "FILE.opml"}[sub]
			return fmt.Errorf("%w: feeds %s needs the %s, as in: newshound feeds %s %s", errUsage, sub, what, sub, what)
		}
		arg, rest = fs.Arg(0), fs.Args()[1:]
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown feeds subcommand %q; %s", errUsage, sub, feedsUsage)
	}
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	cfg, err := cf.load()
	if err != nil {
		return err
	}
	if sub == "import" { // read the file before touching the database
		return feedsImport(ctx, cfg, arg, stdout)
	}
	svc, done, err := openFeeds(ctx, cfg, sub == "list" || sub == "export")
	if err != nil {
		return err
	}
	defer done()
	switch sub {
	case "list":
		return feedsList(ctx, svc, *asJSON, stdout)
	case "export":
		return feedsExport(ctx, svc, *output, stdout)
	case "add":
		return feedsAdd(ctx, svc, addRequest{URL: arg, Name: *name}, stdout)
	default:
		return feedsRemove(ctx, svc, arg, stdout)
	}
}

// openFeeds opens the database (read-only for reading commands, when it
// exists), or falls back on the daemon's API when the daemon holds it.
func openFeeds(ctx context.Context, cfg *config.Config, readOnly bool) (feedService, func(), error) {
	if _, err := os.Stat(cfg.Storage.Path); err != nil {
		readOnly = false // a first command creates the database
	}
	st, err := store.Open(ctx, cfg.Storage.Path, store.Options{Timeout: lockTimeout, ReadOnly: readOnly})
	if errors.Is(err, store.ErrLocked) {
		return daemonFeeds{cfg: cfg}, func() {}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	finder := &discover.Finder{Client: crawler.NewClient(crawlerOptions(cfg, slog.New(slog.DiscardHandler)))}
	return localFeeds{book: feedBook{cfg: cfg, st: st}, finder: finder, now: time.Now}, func() { st.Close() }, nil
}

func feedsList(ctx context.Context, svc feedService, asJSON bool, stdout io.Writer) error {
	rows, err := svc.List(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	return printRows(stdout, rows, time.Now())
}

func feedsAdd(ctx context.Context, svc feedService, req addRequest, stdout io.Writer) error {
	res, err := svc.Add(ctx, req)
	if err != nil {
		return err
	}
	how := map[string]string{discover.ViaDirect: "", discover.ViaLink: " (linked from " + req.URL + ")", discover.ViaPath: " (found beside " + req.URL + ")"}[res.Via]
	fmt.Fprintf(stdout, "added %s%s: %q, %d items\n", res.URL, how, res.Title, res.Items)
	for _, o := range res.Others {
		fmt.Fprintf(stdout, "  the page also links to %s (add it too if wanted)\n", o)
	}
	return nil
}

func feedsRemove(ctx context.Context, svc feedService, url string, stdout io.Writer) error {
	res, err := svc.Remove(ctx, url)
	if err != nil {
		return err
	}
	if res.StillInConfig {
		fmt.Fprintf(stdout, "removed the added feed %s, but it stays polled: config.yaml lists it too (delete it there and reload)\n", url)
		return nil
	}
	fmt.Fprintf(stdout, "removed %s (its stored stories stay)\n", url)
	return nil
}

func feedsImport(ctx context.Context, cfg *config.Config, file string, stdout io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("feeds import: %w", err)
	}
	feeds, err := opml.Parse(f, file)
	f.Close()
	if err != nil {
		return err
	}
	svc, done, err := openFeeds(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer done()
	rep, err := svc.Import(ctx, feeds)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d feeds from %s; %d already polled", len(rep.Added), file, rep.Present)
	if len(rep.Invalid) > 0 {
		fmt.Fprintf(stdout, "; %d refused:", len(rep.Invalid))
		for _, s := range rep.Invalid {
			fmt.Fprintf(stdout, "\n  %s", s)
		}
	}
	fmt.Fprintln(stdout)
	return nil
}

func feedsExport(ctx context.Context, svc feedService, output string, stdout io.Writer) error {
	rows, err := svc.List(ctx)
	if err != nil {
		return err
	}
	feeds := make([]opml.Feed, len(rows))
	for i, r := range rows {
		feeds[i] = opml.Feed{URL: r.URL, Title: cmp.Or(r.Name, r.Title)}
	}
	if output == "" {
		return opml.Write(stdout, "newshound feeds", time.Now(), feeds)
	}
	tmp, err := os.CreateTemp(dirOf(output), ".newshound-feeds-*")
	if err != nil {
		return fmt.Errorf("feeds export: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := opml.Write(tmp, "newshound feeds", time.Now(), feeds); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("feeds export: %w", err)
	}
	if err := os.Rename(tmp.Name(), output); err != nil {
		return fmt.Errorf("feeds export: %w", err)
	}
	fmt.Fprintf(stdout, "exported %d feeds to %s\n", len(feeds), output)
	return nil
}
