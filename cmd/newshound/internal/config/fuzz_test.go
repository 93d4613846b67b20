package config

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// configSeeds are small configurations, good and bad, of every section.
var configSeeds = []string{
	"",
	"storage:\n  path: data/n.db\n  retention: 30d\n",
	"fetch:\n  user_agent: x\n  timeout: 10s\n  max_body_bytes: 2MiB\n  host_concurrency: 4\n  host_delay: 0s\n  allow_private_networks: true\n",
	"schedule:\n  interval: 15m\n  min_interval: 5m\n  max_interval: 1d\n",
	"server:\n  listen: 127.0.0.1:8474\n  token: s3cret-s3cret-s3cret\n",
	"log:\n  level: debug\n  format: json\n",
	"feeds:\n  - url: https://news.example/rss\n    name: News\n    interval: 1h\n  - {url: 'http://[::1]:80/feed'}\n",
	"lists:\n  banks: [bank, banks, \"card issuers\"]\nrules:\n  - name: r\n    query: '@banks AND (data NEAR/8 share*)'\n    min_score: 1.5\n    tags: [privacy]\n    stem: true\n    prefilter: bank\n",
	"rules:\n  - {name: r, query: '(a AND'}\n  - {name: r, query: '@nolist'}\n",
	"fetch:\n  usr_agent: x\n", "fetch:\n  timeout: soon\n  max_body_bytes: lots\n", "fetch: [\n",
	"feeds: {url: x}\n", "storage: 3\n", "a: &a [*a, *a]\n", "? [a]\n: b\n", "%YAML 1.1\n---\nlog: {}\n...\n",
	"feeds:\n  - url: \"https://x.example/\\n\"\n", "schedule:\n  interval: 1m\n  min_interval: 2h\n",
}

// FuzzParse checks Parse on arbitrary bytes: it never panics; it refuses
// with ErrInvalid and one sentence per line, each naming the file and
// none showing the program's Go types; and what it accepts is complete
// and within the validated limits.
func FuzzParse(f *testing.F) {
	for _, s := range configSeeds {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "config.yaml")); err == nil {
		f.Add(b) // the shipped configuration
	}
	const file = "/etc/newshound/config.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data, file)
		if err != nil {
			checkSentences(t, data, err)
			return
		}
		switch {
		case !filepath.IsAbs(cfg.Storage.Path):
			t.Fatalf("Parse(%q): storage.path %q is not absolute", data, cfg.Storage.Path)
		case cfg.Fetch.Timeout.D() < time.Second, cfg.Fetch.HostDelay == nil, cfg.Fetch.MaxBodyBytes < 1024,
			cfg.Fetch.HostConcurrency < 1, cfg.Fetch.UserAgent == "" && cfg.Fetch.Contact == "":
			t.Fatalf("Parse(%q): fetch %+v is incomplete or out of range", data, cfg.Fetch)
		case cfg.Schedule.Interval.D() < time.Minute, cfg.Schedule.MinInterval > cfg.Schedule.MaxInterval:
			t.Fatalf("Parse(%q): schedule %+v is out of range", data, cfg.Schedule)
		case cfg.Server.Listen == "" || !oneOf(cfg.Log.Level, "debug", "info", "warn", "error") || !oneOf(cfg.Log.Format, "text", "json"):
			t.Fatalf("Parse(%q): server %+v or log %+v is not valid", data, cfg.Server, cfg.Log)
		}
		for i, fd := range cfg.Feeds {
			if err := CheckFeedURL(fd.URL); err != nil {
				t.Fatalf("Parse(%q): feeds[%d] accepted: %v", data, i, err)
			}
		}
	})
}

// quoted matches a Go-quoted string (%q) in an error message.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// checkSentences fails unless err wraps ErrInvalid and reads as one
// sentence per line for a person: each line names the file, and none
// shows a Go type of this package or YAML's tags.
func checkSentences(t *testing.T, data []byte, err error) {
	t.Helper()
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("Parse(%q) error %q does not wrap ErrInvalid", data, err)
	}
	msg, ok := strings.CutPrefix(err.Error(), ErrInvalid.Error()+": ")
	if !ok {
		t.Fatalf("Parse(%q) error %q does not start with %q", data, err, ErrInvalid.Error())
	}
	for _, line := range strings.Split(msg, "\n") {
		if !strings.HasPrefix(line, "config.yaml:") || len(strings.TrimSpace(line)) <= len("config.yaml:") {
			t.Fatalf("Parse(%q) error line %q does not name the file and a problem; error:\n%s", data, line, err)
		}
		ours := quoted.ReplaceAllString(line, `"..."`) // the user's own text may hold anything
		for _, leak := range []string{"config.Config", "config.Feed", "config.Rule", "config.Duration", "config.Size", "!!"} {
			if strings.Contains(ours, leak) {
				t.Fatalf("Parse(%q) error line %q shows %q, a Go or YAML type a user does not know", data, line, leak)
			}
		}
	}
}

// TestParseErrorsFoundByFuzzing pins the sentences for the inputs
// FuzzParse found showing yaml.v3's own wording and Go type names.
func TestParseErrorsFoundByFuzzing(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"0 0:", `config.yaml:1: unknown key "0 0" in the top level (known keys: `},
		{"? !0", `config.yaml:1: unknown key "" in the top level`},
		{"!000", `config.yaml:1: "" is a value tagged "!000" where a mapping was expected`},
		{"feeds: {url: x}\n", `config.yaml:1: a mapping is given where a list was expected`},
		{"? [a]\n: b\n", `config.yaml:1: a list is given where a string was expected`},
		{"fetch:\n  host_concurrency: many\n", `config.yaml:2: "many" is text where a number was expected`},
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "/etc/newshound/config.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tt.yaml, err, tt.want)
			}
		})
	}
}
