package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/buildinfo"

	"github.com/spf13/cobra"
)

// cmdVersion is `newshound version [--json]`.
func (c *cli) versionCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "version", Short: "the version, commit and Go version of this build", Args: noArgs}
	asJSON := cmd.Flags().Bool("json", false, "print JSON")
	cmd.RunE = func(*cobra.Command, []string) error { return cmdVersion(*asJSON, c.stdout) }
	return cmd
}

func cmdVersion(asJSON bool, stdout io.Writer) error {
	b := buildinfo.Read()
	if asJSON {
		return json.NewEncoder(stdout).Encode(b)
	}
	_, err := fmt.Fprintln(stdout, b)
	return err
}
