package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newshound/newshound/cmd/newshound/internal/daemon"
)

// repoFile reads a file at the repository root (two folders up).
func repoFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(data)
}

// parseUnit reads a systemd unit into section -> key -> values.
func parseUnit(t *testing.T, text string) map[string]map[string][]string {
	t.Helper()
	unit := map[string]map[string][]string{}
	section := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			unit[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("newshound.service:%d: %q is neither a section nor KEY=value", n, line)
			}
			unit[section][k] = append(unit[section][k], v)
		}
	}
	return unit
}

func TestSystemdUnit(t *testing.T) {
	unit := parseUnit(t, repoFile(t, "deploy/newshound.service"))
	tests := []struct {
		section, key string
		want         *regexp.Regexp
	}{
		{"Unit", "After", regexp.MustCompile(`network-online\.target`)},
		{"Service", "ExecStart", regexp.MustCompile(`^/\S*newshound run --config /etc/newshound/config\.yaml$`)},
		{"Service", "ExecReload", regexp.MustCompile(`^/bin/kill -HUP \$MAINPID$`)},
		{"Service", "DynamicUser", regexp.MustCompile(`^yes$`)},
		{"Service", "StateDirectory", regexp.MustCompile(`^newshound$`)},
		{"Service", "WorkingDirectory", regexp.MustCompile(`^/var/lib/newshound$`)},
		{"Service", "Restart", regexp.MustCompile(`^on-failure$`)},
		{"Service", "NoNewPrivileges", regexp.MustCompile(`^yes$`)},
		{"Service", "ProtectSystem", regexp.MustCompile(`^strict$`)},
		{"Service", "ProtectHome", regexp.MustCompile(`^yes$`)},
		{"Service", "PrivateTmp", regexp.MustCompile(`^yes$`)},
		{"Service", "CapabilityBoundingSet", regexp.MustCompile(`^$`)},
		{"Service", "RestrictAddressFamilies", regexp.MustCompile(`^AF_INET AF_INET6 AF_UNIX$`)},
		{"Service", "SystemCallFilter", regexp.MustCompile(`^@system-service$`)},
		{"Install", "WantedBy", regexp.MustCompile(`^multi-user\.target$`)},
	}
	for _, tt := range tests {
		t.Run(tt.section+"."+tt.key, func(t *testing.T) {
			vals, ok := unit[tt.section][tt.key]
			if !ok {
				t.Fatalf("[%s] has no %s", tt.section, tt.key)
			}
			if !slices.ContainsFunc(vals, tt.want.MatchString) {
				t.Errorf("[%s] %s = %q, want one matching %s", tt.section, tt.key, vals, tt.want)
			}
		})
	}
	// The stop timeout must leave the daemon its own grace period.
	if got := unit["Service"]["TimeoutStopSec"]; len(got) != 1 || got[0] != "30s" || daemon.ShutdownGrace.Seconds() >= 30 {
		t.Errorf("TimeoutStopSec = %q with a shutdown grace of %s, want 30s > grace", got, daemon.ShutdownGrace)
	}
}

func TestDockerfile(t *testing.T) {
	lines := map[string][]string{} // instruction -> arguments, in order
	sc := bufio.NewScanner(strings.NewReader(repoFile(t, "Dockerfile")))
	cont := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			cont += s + " "
			continue
		}
		line, cont = cont+line, ""
		instr, args, _ := strings.Cut(line, " ")
		lines[strings.ToUpper(instr)] = append(lines[strings.ToUpper(instr)], strings.TrimSpace(args))
	}
	from := lines["FROM"]
	if len(from) < 2 || !strings.HasSuffix(from[0], " AS build") {
		t.Fatalf("FROM = %q, want a build stage named build and a run stage", from)
	}
	if !strings.HasPrefix(from[len(from)-1], "scratch") {
		t.Errorf("final FROM = %q, want scratch (a static binary needs nothing else)", from[len(from)-1])
	}
	checks := []struct {
		instr string
		want  *regexp.Regexp
	}{
		{"RUN", regexp.MustCompile(`CGO_ENABLED=0 go build .*\./cmd/newshound`)},
		{"RUN", regexp.MustCompile(`newshound config check`)},
		{"COPY", regexp.MustCompile(`^--from=build `)},
		{"USER", regexp.MustCompile(`^[1-9][0-9]*:[1-9][0-9]*$`)},
		{"VOLUME", regexp.MustCompile(`^/data$`)},
		{"ENV", regexp.MustCompile(`^NEWSHOUND_CONFIG=/etc/newshound/config\.yaml$`)},
		{"ENTRYPOINT", regexp.MustCompile(`newshound"\]$`)},
		{"CMD", regexp.MustCompile(`^\["run"\]$`)},
	}
	for _, c := range checks {
		t.Run(c.instr+" "+c.want.String(), func(t *testing.T) {
			if !slices.ContainsFunc(lines[c.instr], c.want.MatchString) {
				t.Errorf("%s lines %q, want one matching %s", c.instr, lines[c.instr], c.want)
			}
		})
	}
	// The build edits the shipped config with sed: its lines must be there.
	cfg := repoFile(t, "config.yaml")
	for _, line := range []string{"  path: newshound.db\n", "  listen: 127.0.0.1:8474\n"} {
		if !strings.Contains(cfg, line) {
			t.Errorf("config.yaml lacks the line %q that the Dockerfile rewrites", line)
		}
	}
}
