package main

import (
	"fmt"
	"io"
	"path/filepath"

	shipped "github.com/newshound/newshound"
	"github.com/spf13/cobra"
)

// cmdInit writes the starter configuration (the shipped config.yaml and
// its lists) into DIR, the working folder by default, and prints the next
// command. It never overwrites a file: an existing config.yaml or list is
// an error naming it.
func (c *cli) initCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "write a commented starter config.yaml and lists/ into DIR (default: here)",
		Long: "Writes a commented starter config.yaml (the shipped feeds, lists and rules)\n" +
			"and its lists/ into DIR (default: the working folder). Existing files are\nnever overwritten.",
		Args: args(0, 1, ""),
		RunE: func(_ *cobra.Command, args []string) error { return cmdInit(firstOr(args, "."), c.stdout) },
	}
}

func cmdInit(dir string, stdout io.Writer) error {
	written, err := shipped.WriteStarter(dir)
	for _, f := range written {
		fmt.Fprintf(stdout, "wrote %s\n", f)
	}
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if dir == "." {
		fmt.Fprintln(stdout, "next: newshound crawl   (one pass over the feeds; edit config.yaml first to choose feeds and rules)")
	} else {
		fmt.Fprintf(stdout, "next: newshound crawl --config %s   (one pass over the feeds; edit it first to choose feeds and rules)\n", filepath.Join(dir, "config.yaml"))
	}
	return nil
}
