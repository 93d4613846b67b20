package main

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/logging"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
)

// errUsage marks a mistake in the command line; exit code 2.
var errUsage = errors.New("usage")

// exitCode maps run's error to the process exit code: 0 success, 2 a
// command-line mistake, 3 a crawl that fetched no feed at all, 1 anything
// else.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, pass.ErrNoFeedFetched):
		return 3
	}
	return 1
}

// commonFlags are the flags every command that reads the config takes.
type commonFlags struct {
	// stderr receives the logs of the logger load builds.
	stderr    io.Writer
	config    string
	logLevel  string
	logFormat string
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
	if cf.stderr != nil {
		cfg.Logger = logging.New(cf.stderr, cfg.Log.Level, cfg.Log.Format)
	}
	return cfg, nil
}

// writeJSON prints v as indented JSON, the --json output of the commands.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
