// Package buildinfo says which newshound this is: the version set at
// build time and what Go recorded in the binary.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Version is set at build time with
// -ldflags "-X github.com/newshound/newshound/cmd/newshound/internal/buildinfo.Version=...".
var Version = "0.1.0-dev"

// Info says which newshound this is.
type Info struct {
	// Version is the package's Version.
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

// Read reads the build information of the running binary.
func Read() Info {
	b := Info{Version: Version, Go: runtime.Version()}
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
func (b Info) String() string {
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
