package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error
	}{
		{"misspelt key", "fetch:\n  usr_agent: x\n", []string{`config.yaml:2: unknown key "usr_agent" in fetch; did you mean "user_agent"?`}},
		{"unknown section", "storag:\n  path: x\n", []string{`config.yaml:1: unknown key "storag"`, `"storage"`}},
		{"unknown feed key", "feeds:\n  - url: https://example.org/feed\n    intervall: 5m\n", []string{`config.yaml:3: unknown key "intervall" in a feed`}},
		{"bad duration", "fetch:\n  timeout: soon\n", []string{`config.yaml:2: fetch.timeout: "soon" is not a duration`}},
		{"bad size", "fetch:\n  max_body_bytes: lots\n", []string{`config.yaml:2: fetch.max_body_bytes: "lots" is not a size`}},
		{"bad url", "feeds:\n  - url: ftp://example.org/feed\n", []string{`feeds[1].url: "ftp://example.org/feed" must start with http:// or https://`}},
		{"missing url", "feeds:\n  - name: x\n", []string{`feeds[1].url: missing`}},
		{"duplicate feed", "feeds:\n  - url: https://a.example/f\n  - url: https://a.example/f\n", []string{`listed twice`}},
		{"rule without query", "rules:\n  - name: r\n", []string{`rules[1] (r) has no query`}},
		{"duplicate rule", "rules:\n  - {name: r, query: a}\n  - {name: r, query: b}\n", []string{`name "r" is used twice`}},
		{"bad listen", "server:\n  listen: nowhere\n", []string{`server.listen "nowhere" is not a host:port`}},
		{"bad type", "fetch:\n  host_concurrency: many\n", []string{`config.yaml:2:`, `where a number was expected`}},
		{"syntax", "fetch: [\n", []string{`config.yaml:`, `fix the YAML syntax`}},
		{"bad level", "log:\n  level: loud\n", []string{`log.level "loud"`}},
		{"contact not a URL", "fetch:\n  contact: me@example.org\n", []string{`fetch.contact "me@example.org" is not an absolute http(s) URL`}},
		{"contact relative", "fetch:\n  contact: /about\n", []string{`fetch.contact "/about" is not an absolute http(s) URL`}},
		{"contact mailto", "fetch:\n  contact: mailto:me@example.org\n", []string{`fetch.contact "mailto:me@example.org"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "/etc/newshound/config.yaml")
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want one containing %q", tt.yaml, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) error %v does not wrap ErrInvalid", tt.yaml, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse(%q) error = %q, want it to contain %q", tt.yaml, err, w)
				}
			}
		})
	}
}

func TestParseDefaultsAndPaths(t *testing.T) {
	cfg, err := Parse([]byte("storage:\n  path: data/n.db\nfetch:\n  host_delay: 0s\n"), "/srv/nh/config.yaml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := cfg.Storage.Path, "/srv/nh/data/n.db"; got != want {
		t.Errorf("Storage.Path = %q, want %q", got, want)
	}
	if got := cfg.Fetch.HostDelay.D(); got != 0 {
		t.Errorf("HostDelay = %v, want 0 (explicit 0s kept)", got)
	}
	if cfg.Fetch.Contact != DefaultContact || cfg.Fetch.UserAgent != "" {
		t.Errorf("Contact = %q, UserAgent = %q; want %q and empty (built from the version)", cfg.Fetch.Contact, cfg.Fetch.UserAgent, DefaultContact)
	}
	cfg, err = Parse([]byte("fetch:\n  contact: https://example.org/newshound\n"), "/srv/nh/config.yaml")
	if err != nil || cfg.Fetch.Contact != "https://example.org/newshound" {
		t.Errorf("Parse(contact) = %v, contact %q; want it kept", err, cfg.Fetch.Contact)
	}
	if got, want := cfg.Fetch.Timeout.D(), DefaultTimeout; got != want {
		t.Errorf("Timeout = %v, want %v", got, want)
	}
	if got, want := cfg.Server.Listen, DefaultListen; got != want {
		t.Errorf("Listen = %q, want %q", got, want)
	}
}

func TestParseSizeAndDuration(t *testing.T) {
	sizes := map[string]int64{"10MiB": 10 << 20, "1000": 1000, "2 KiB": 2048, "1GB": 1e9, "5kB": 5000}
	for in, want := range sizes {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v, want %d", in, got, err, want)
		}
	}
	durs := map[string]time.Duration{"7d": 7 * 24 * time.Hour, "90s": 90 * time.Second, "1h30m": 90 * time.Minute}
	for in, want := range durs {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"-1s", "x", "3w"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) = nil error, want one", bad)
		}
	}
}

func TestShippedConfigIsValid(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "..", "..", "config.yaml"))
	if err != nil {
		t.Fatalf("Load(shipped config.yaml) = %v", err)
	}
	found := false
	for _, d := range cfg.RuleDefinitions() {
		if d.Name == "bank-facebook-data-sharing" {
			found = true
			if len(d.ClauseLabels) != 6 {
				t.Errorf("bank-facebook-data-sharing has clause labels %q, want one for each of its 6 clauses", d.ClauseLabels)
			}
		}
	}
	if !found {
		t.Errorf("shipped config has no rule bank-facebook-data-sharing")
	}
	if len(cfg.Feeds) < 5 {
		t.Errorf("shipped config has %d feeds, want at least 5", len(cfg.Feeds))
	}
}

func TestPathAndMissingFile(t *testing.T) {
	t.Setenv(EnvConfig, "/from/env.yaml")
	if got := Path(""); got != "/from/env.yaml" {
		t.Errorf("Path(\"\") = %q, want the env value", got)
	}
	if got := Path("x.yaml"); got != "x.yaml" {
		t.Errorf("Path(\"x.yaml\") = %q, want the flag value", got)
	}
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Load(missing) = %v, want a 'does not exist' error", err)
	}
}

func TestIsLoopback(t *testing.T) {
	for in, want := range map[string]bool{"127.0.0.1:8474": true, "[::1]:80": true, "localhost:1": true, "0.0.0.0:80": false, "10.0.0.1:80": false} {
		if got := IsLoopback(in); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", in, got, want)
		}
	}
}
