package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
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
		res, err := svc.Add(ctx, feeds.AddRequest{URL: args[0], Name: *name})
		if err == nil {
			res.Write(c.stdout, args[0])
		}
		return err
	})
	remove := &cobra.Command{
		Use:   "remove URL",
		Short: "remove a feed added by command (its stored stories stay)",
		Args:  args(1, 1, "feeds remove needs the URL, as in: newshound feeds remove URL"),
		RunE: c.withFeeds(false, func(ctx context.Context, svc feeds.Service, args []string) error {
			res, err := svc.Remove(ctx, args[0])
			if err == nil {
				res.Write(c.stdout, args[0])
			}
			return err
		}),
	}
	imp := &cobra.Command{
		Use:   "import FILE.opml",
		Short: "add every feed of an OPML list",
		Args:  args(1, 1, "feeds import needs the FILE.opml, as in: newshound feeds import FILE.opml"),
		RunE: c.withConfig(func(ctx context.Context, cfg *config.Config, args []string) error {
			return feedsImport(ctx, cfg, args[0], c.stdout) // reads the file before touching the database
		}),
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
	return c.withConfig(func(ctx context.Context, cfg *config.Config, args []string) error {
		svc, done, err := feeds.Open(ctx, cfg, readOnly)
		if err != nil {
			return err
		}
		defer done()
		return fn(ctx, svc, args)
	})
}

func feedsList(ctx context.Context, svc feeds.Service, asJSON bool, stdout io.Writer) error {
	rows, err := svc.List(ctx)
	switch {
	case err != nil:
		return err
	case asJSON:
		return writeJSON(stdout, rows)
	}
	return feeds.WriteTable(stdout, rows, time.Now())
}

func feedsImport(ctx context.Context, cfg *config.Config, file string, stdout io.Writer) error {
	list, err := opml.ReadFile(file) // before touching the database
	if err != nil {
		return err
	}
	svc, done, err := feeds.Open(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer done()
	rep, err := svc.Import(ctx, list)
	if err != nil {
		return err
	}
	rep.Write(stdout, file)
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
