package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/store"
	"github.com/spf13/cobra"
)

// feedsCommand is `newshound feeds list|add|remove|import|export`: the
// feeds newshound polls, config.yaml's and those added by command. While
// the daemon holds the database, every subcommand goes through its API,
// and the daemon starts or stops the feeds at once.
func (c *cli) feedsCommand() *cobra.Command {
	list := &cobra.Command{
		Use:   "list",
		Short: "every feed polled: state, last fetch, next due, errors",
		Args:  noArgs,
	}
	asJSON := list.Flags().Bool("json", false, "print JSON instead of a table")
	list.RunE = c.withFeeds(true, func(ctx context.Context, svc feeds.Service, _ []string) error {
		return feedsList(ctx, svc, *asJSON, c.stdout)
	})
	add := &cobra.Command{
		Use:   "add URL",
		Short: "add a feed, or a site whose feed is discovered",
		Args:  args(1, 1, "feeds add needs the URL, as in: newshound feeds add URL"),
	}
	name := add.Flags().String("name", "", "a display name for the feed")
	add.RunE = c.withFeeds(false, func(ctx context.Context, svc feeds.Service, args []string) error {
		return feedsAdd(ctx, svc, feeds.AddRequest{URL: args[0], Name: *name}, c.stdout)
	})
	remove := &cobra.Command{
		Use:   "remove URL",
		Short: "remove a feed added by command (its stored stories stay)",
		Args:  args(1, 1, "feeds remove needs the URL, as in: newshound feeds remove URL"),
		RunE: c.withFeeds(false, func(ctx context.Context, svc feeds.Service, args []string) error {
			return feedsRemove(ctx, svc, args[0], c.stdout)
		}),
	}
	imp := &cobra.Command{
		Use:   "import FILE.opml",
		Short: "add every feed of an OPML list",
		Args:  args(1, 1, "feeds import needs the FILE.opml, as in: newshound feeds import FILE.opml"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := c.cf.load()
			if err != nil {
				return err
			}
			return feedsImport(cmd.Context(), cfg, args[0], c.stdout) // reads the file before touching the database
		},
	}
	exp := &cobra.Command{
		Use:   "export",
		Short: "every feed polled, as OPML 2.0",
		Args:  noArgs,
	}
	output := exp.Flags().String("output", "", "write to this file instead of standard output")
	exp.RunE = c.withFeeds(true, func(ctx context.Context, svc feeds.Service, _ []string) error {
		return feedsExport(ctx, svc, *output, c.stdout)
	})
	return c.parent("feeds", "list, add, remove, import or export the feeds polled", list, add, remove, imp, exp)
}

// withFeeds is the RunE of a feeds subcommand: it loads the configuration
// and opens the feeds (read-only for reading commands), then runs fn.
func (c *cli) withFeeds(readOnly bool, fn func(context.Context, feeds.Service, []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		cfg, err := c.cf.load()
		if err != nil {
			return err
		}
		svc, done, err := openFeeds(cmd.Context(), cfg, readOnly)
		if err != nil {
			return err
		}
		defer done()
		return fn(cmd.Context(), svc, args)
	}
}

// openFeeds opens the database (read-only for reading commands, when it
// exists), or falls back on the daemon's API when the daemon holds it.
func openFeeds(ctx context.Context, cfg *config.Config, readOnly bool) (feeds.Service, func(), error) {
	if _, err := os.Stat(cfg.Storage.Path); err != nil {
		readOnly = false // a first command creates the database
	}
	st, err := dbfile.OpenFile(ctx, cfg, store.Options{Logger: cfg.Logger, ReadOnly: readOnly})
	if errors.Is(err, store.ErrLocked) {
		return feeds.Remote{Client: client.New(cfg)}, func() {}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	finder := &discover.Finder{Client: crawler.NewClient(wire.CrawlerOptions(cfg, slog.New(slog.DiscardHandler)))}
	return feeds.Local{Book: feeds.Book{Config: cfg, Store: st}, Finder: finder, Now: time.Now}, func() { st.Close() }, nil
}

func feedsList(ctx context.Context, svc feeds.Service, asJSON bool, stdout io.Writer) error {
	rows, err := svc.List(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	return feeds.WriteTable(stdout, rows, time.Now())
}

func feedsAdd(ctx context.Context, svc feeds.Service, req feeds.AddRequest, stdout io.Writer) error {
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

func feedsRemove(ctx context.Context, svc feeds.Service, url string, stdout io.Writer) error {
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
	list, err := opml.ReadFile(file) // before touching the database
	if err != nil {
		return err
	}
	svc, done, err := openFeeds(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer done()
	rep, err := svc.Import(ctx, list)
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

func feedsExport(ctx context.Context, svc feeds.Service, output string, stdout io.Writer) error {
	list, err := feeds.OPML(ctx, svc)
	if err != nil {
		return err
	}
	if output == "" {
		return opml.Write(stdout, "newshound feeds", time.Now(), list)
	}
	if err := opml.WriteFile(output, "newshound feeds", time.Now(), list); err != nil {
		return fmt.Errorf("feeds export: %w", err)
	}
	fmt.Fprintf(stdout, "exported %d feeds to %s\n", len(list), output)
	return nil
}
