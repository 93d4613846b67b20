// Command newshound watches news feeds and flags the stories that matter
// for privacy. The command tree is in cli.go; docs/cli.md and
// docs/configuration.md are the references.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "newshound:", err)
	}
	os.Exit(exitCode(err))
}
