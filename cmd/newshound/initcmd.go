package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
	files, err := starterFiles()
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	for _, name := range files {
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Lstat(dst); err == nil {
			return fmt.Errorf("init: %s already exists: newshound init never overwrites a file; remove it or choose another folder", dst)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("init: %w", err)
		}
	}
	for _, name := range files {
		data, err := fs.ReadFile(shipped.Starter, name)
		if err != nil {
			return fmt.Errorf("init: %w", err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("init: %w", err)
		}
		// O_EXCL: a file that appeared since the check above is kept.
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("init: %w", err)
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("init: write %s: %w", dst, werr)
		}
		fmt.Fprintf(stdout, "wrote %s\n", dst)
	}
	cfgPath := filepath.Join(dir, "config.yaml")
	if dir == "." {
		fmt.Fprintln(stdout, "next: newshound crawl   (one pass over the feeds; edit config.yaml first to choose feeds and rules)")
	} else {
		fmt.Fprintf(stdout, "next: newshound crawl --config %s   (one pass over the feeds; edit it first to choose feeds and rules)\n", cfgPath)
	}
	return nil
}

// starterFiles lists the embedded starter files, config.yaml first.
func starterFiles() ([]string, error) {
	files := []string{"config.yaml"}
	lists, err := fs.Glob(shipped.Starter, "lists/*.yaml")
	if err != nil {
		return nil, err
	}
	return append(files, lists...), nil
}
