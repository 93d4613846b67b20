package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildInfo says which newshound this is.
type buildInfo struct {
	// Version is main.version, set with -ldflags "-X main.version=...".
	Version string `json:"version"`
	// Module is the module version Go recorded: a tag for `go install
	// ...@vX`, "(devel)" for a build from a checkout.
	Module string `json:"module,omitempty"`
	// Revision, Time and Modified come from the version control system
	// when the binary was built in a checkout without -buildvcs=false.
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	// Go is the toolchain that built the binary.
	Go string `json:"go"`
}

// readBuildInfo reads the build information of the running binary.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Module = info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is the one line `newshound version` prints.
func (b buildInfo) String() string {
	s := "newshound " + b.Version
	if b.Module != "" && b.Module != "(devel)" && b.Module != b.Version {
		s += " (module " + b.Module + ")"
	}
	if b.Revision != "" {
		rev := b.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		s += ", revision " + rev
		if b.Modified {
			s += " (modified)"
		}
		if b.Time != "" {
			s += " of " + b.Time
		}
	}
	return s + ", built with " + b.Go
}

// cmdVersion is `newshound version [--json]`.
func (c *cli) versionCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "version", Short: "the version, commit and Go version of this build", Args: noArgs}
	asJSON := cmd.Flags().Bool("json", false, "print JSON")
	cmd.RunE = func(*cobra.Command, []string) error { return cmdVersion(*asJSON, c.stdout) }
	return cmd
}

func cmdVersion(asJSON bool, stdout io.Writer) error {
	b := readBuildInfo()
	if asJSON {
		return json.NewEncoder(stdout).Encode(b)
	}
	_, err := fmt.Fprintln(stdout, b)
	return err
}
