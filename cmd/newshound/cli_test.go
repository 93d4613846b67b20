package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpOfEveryCommand: -h and --help of every command print its
// synopsis, one line of what it does and only its own flags, on standard
// output, and exit 0.
func TestHelpOfEveryCommand(t *testing.T) {
	var walk func(cmd *cobra.Command)
	var paths [][]string
	walk = func(cmd *cobra.Command) {
		if !cmd.IsAvailableCommand() && cmd.HasParent() {
			return
		}
		var path []string
		for c := cmd; c.HasParent(); c = c.Parent() {
			path = append([]string{c.Name()}, path...)
		}
		paths = append(paths, path)
		for _, s := range cmd.Commands() {
			walk(s)
		}
	}
	walk(newRootCommand(nil, nil))
	if len(paths) < 25 {
		t.Fatalf("the command tree has %d commands, want every command of newshound (25 or more)", len(paths))
	}
	for _, path := range paths {
		for _, h := range []string{"-h", "--help"} {
			args := append(append([]string{}, path...), h)
			stdout, stderr, err := newshound(t, args...)
			if err != nil || stderr != "" {
				t.Errorf("newshound %s: %v, stderr %q; want exit 0 and nothing on stderr", strings.Join(args, " "), err, stderr)
				continue
			}
			if !strings.Contains(stdout, "Usage:\n  newshound") {
				t.Errorf("newshound %s prints no synopsis:\n%s", strings.Join(args, " "), stdout)
			}
		}
	}
	// Only its own flags: feeds add has --name, not list's --json or export's --output.
	stdout, _, _ := newshound(t, "feeds", "add", "--help")
	if !strings.Contains(stdout, "--name") || strings.Contains(stdout, "--json") || strings.Contains(stdout, "--output") {
		t.Errorf("feeds add --help lists flags that are not its own:\n%s", stdout)
	}
	if !strings.Contains(stdout, "newshound feeds add URL") {
		t.Errorf("feeds add --help has no synopsis with its argument:\n%s", stdout)
	}
}

// TestFlagsBeforeOrAfterArguments: every command takes its flags on
// either side of its arguments, as Go tools do.
func TestFlagsBeforeOrAfterArguments(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/config.yaml", "storage:\n  path: "+dir+"/n.db\n")
	for _, args := range [][]string{
		{"rules", "explain", "--config", dir + "/config.yaml", "abcdef"},
		{"rules", "explain", "abcdef", "--config", dir + "/config.yaml"},
	} {
		_, _, err := newshound(t, args...)
		if err == nil || exitCode(err) == 2 || strings.Contains(err.Error(), "unexpected argument") {
			t.Errorf("newshound %s = %v (exit %d), want the story lookup to run and fail on the missing story", strings.Join(args, " "), err, exitCode(err))
		}
	}
}

// TestCommandLineMistakes: unknown commands list the valid ones, flag
// values are validated, and each is exit status 2.
func TestCommandLineMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "the commands are: alerts, config, crawl"},
		{[]string{"feeds", "frob"}, `unknown feeds subcommand "frob"; the feeds subcommands are: add, export, import, list, remove`},
		{[]string{"rules"}, "rules needs a subcommand: apply, check, explain, suggest, test"},
		{[]string{"stats", "--log-level", "bogus"}, `"bogus" is not a log level`},
		{[]string{"stats", "--log-format", "xml"}, `"xml" is not a log format`},
		{[]string{"stats", "--log-level", "warning"}, `"warning" is not a log level; use one of debug, info, warn, error`}, // as log.level in the file
		{[]string{"stats", "--nosuch"}, "unknown flag: --nosuch"},
		{[]string{"version", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		_, _, err := newshound(t, tt.args...)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("newshound %s = %v (exit %d), want exit 2 containing %q", strings.Join(tt.args, " "), err, exitCode(err), tt.want)
		}
	}
}

// TestLogLevelFromTheFileReachesEveryCommand: log.level in config.yaml
// sets what a command that is neither crawl nor run logs, here the store's
// debug line of feeds list.
func TestLogLevelFromTheFileReachesEveryCommand(t *testing.T) {
	for _, tt := range []struct {
		level string
		want  bool
	}{{"debug", true}, {"error", false}} {
		dir := t.TempDir()
		writeFile(t, dir+"/config.yaml", "storage:\n  path: n.db\nlog:\n  level: "+tt.level+"\n")
		_, stderr, err := newshound(t, "feeds", "list", "--config", dir+"/config.yaml")
		if err != nil {
			t.Fatalf("feeds list: %v", err)
		}
		if got := strings.Contains(stderr, "opened database"); got != tt.want {
			t.Errorf("log.level %s: feeds list logged the debug line %q: %v, want %v; stderr:\n%s", tt.level, "opened database", got, tt.want, stderr)
		}
	}
}
