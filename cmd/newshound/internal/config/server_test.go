package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestServerErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"short token", "server:\n  token: s3cret\n", "server.token is 6 characters long, too short to resist guessing (use at least 16"},
		{"15 characters", "server:\n  token: 0123456789abcde\n", "server.token is 15 characters long"},
		{"public URL without scheme", "server:\n  public_url: news.example.org\n", `server.public_url "news.example.org" is not an absolute http(s) URL`},
		{"public URL with a path", "server:\n  public_url: https://news.example.org/nh\n", "must be a scheme and a host only"},
		{"public URL ftp", "server:\n  public_url: ftp://news.example.org\n", "is not an absolute http(s) URL"},
		{"read timeout", "server:\n  read_timeout: 10ms\n", "server.read_timeout 10ms is too short (use at least 1s)"},
		{"write timeout", "server:\n  write_timeout: 0.5s\n", "server.write_timeout 500ms is too short"},
		{"idle timeout", "server:\n  idle_timeout: 1ms\n", "server.idle_timeout 1ms is too short"},
		{"connections", "server:\n  max_connections: -1\n", "server.max_connections -1 is out of range (use 1 to 65536)"},
		{"days overflow", "storage:\n  retention: 213504d\n", `config.yaml:2: storage.retention: "213504d" is more days than a duration holds (use at most 106751d)`},
		{"days far overflow", "storage:\n  retention: 9999999999999999999999d\n", "is more days than a duration holds"},
		{"feed URL too long", "feeds:\n  - url: https://a.example/" + strings.Repeat("a", MaxURLBytes) + "\n", "longer than the 8 KiB a URL may have"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "/etc/newshound/config.yaml")
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%.80q) = %v, want an ErrInvalid containing %q", tt.yaml, err, tt.want)
			}
		})
	}
}

func TestServerDefaults(t *testing.T) {
	cfg, err := Parse([]byte("server:\n  token: 0123456789abcdef\n  public_url: https://news.example.org/\n"), "/etc/newshound/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Server
	if s.PublicURL != "https://news.example.org" || s.ReadTimeout.D() != DefaultReadTimeout || s.WriteTimeout.D() != DefaultWriteTimeout ||
		s.IdleTimeout.D() != DefaultIdleTimeout || s.MaxConnections != DefaultMaxConnections {
		t.Errorf("Server = %+v, want the public URL without its slash and the default timeouts and cap", s)
	}
}

func TestParseDurationDays(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7d", 7 * 24 * time.Hour, true},
		{"0d", 0, true},
		{"106751d", 106751 * 24 * time.Hour, true},
		{"106752d", 0, false},
		{"213504d", 0, false}, // wrapped to 25 minutes
		{"9999999999d", 0, false},
		{"-1d", 0, false},
		{"+1d", 0, false},
		{"d", 0, false},
		{"1.5d", 0, false},
		{"90m", 90 * time.Minute, true},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
