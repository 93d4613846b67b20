package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func (c *Config) applyDefaults() {
	dir := filepath.Dir(c.File)
	if c.Storage.Backend == "" {
		c.Storage.Backend = BackendBbolt
	}
	if c.Storage.Path == "" {
		c.Storage.Path = DefaultStoragePath
	}
	if !filepath.IsAbs(c.Storage.Path) {
		c.Storage.Path = filepath.Join(dir, c.Storage.Path)
	}
	if c.Fetch.Contact == "" {
		c.Fetch.Contact = DefaultContact
	}
	if c.Fetch.Timeout == 0 {
		c.Fetch.Timeout = Duration(DefaultTimeout)
	}
	if c.Fetch.MaxBodyBytes == 0 {
		c.Fetch.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.Fetch.HostConcurrency == 0 {
		c.Fetch.HostConcurrency = DefaultHostConcurrency
	}
	if c.Fetch.HostDelay == nil {
		d := Duration(DefaultHostDelay)
		c.Fetch.HostDelay = &d
	}
	if c.Schedule.Interval == 0 {
		c.Schedule.Interval = Duration(DefaultInterval)
	}
	if c.Schedule.MinInterval == 0 {
		c.Schedule.MinInterval = Duration(min(DefaultMinInterval, c.Schedule.Interval.D()))
	}
	if c.Schedule.MaxInterval == 0 {
		c.Schedule.MaxInterval = Duration(max(DefaultMaxInterval, c.Schedule.Interval.D()))
	}
	if c.Server.Listen == "" {
		c.Server.Listen = DefaultListen
	}
	if c.Server.ReadTimeout == 0 {
		c.Server.ReadTimeout = Duration(DefaultReadTimeout)
	}
	if c.Server.WriteTimeout == 0 {
		c.Server.WriteTimeout = Duration(DefaultWriteTimeout)
	}
	if c.Server.IdleTimeout == 0 {
		c.Server.IdleTimeout = Duration(DefaultIdleTimeout)
	}
	if c.Server.MaxConnections == 0 {
		c.Server.MaxConnections = DefaultMaxConnections
	}
	c.Log.levelSet = c.Log.Level != ""
	if c.Log.Level == "" {
		c.Log.Level = DefaultLogLevel
	}
	if c.Log.Format == "" {
		c.Log.Format = DefaultLogFormat
	}
}

// validate returns one sentence per problem, each naming the key.
func (c *Config) validate() []string {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }

	errs = append(errs, c.validateStorage()...)
	if err := checkContact(c.Fetch.Contact); err != nil {
		add("fetch.contact %s", err)
	}
	if c.Fetch.Timeout.D() < time.Second {
		add("fetch.timeout %s is too short (use at least 1s)", c.Fetch.Timeout.D())
	}
	if c.Fetch.MaxBodyBytes < 1024 {
		add("fetch.max_body_bytes %d is too small (use at least 1KiB)", c.Fetch.MaxBodyBytes)
	}
	if c.Fetch.HostConcurrency < 1 || c.Fetch.HostConcurrency > 64 {
		add("fetch.host_concurrency %d is out of range (use 1 to 64)", c.Fetch.HostConcurrency)
	}
	if c.Schedule.Interval.D() < time.Minute {
		add("schedule.interval %s is too short (use at least 1m)", c.Schedule.Interval.D())
	}
	if c.Schedule.MinInterval > c.Schedule.MaxInterval {
		add("schedule.min_interval %s is longer than schedule.max_interval %s (swap them)", c.Schedule.MinInterval.D(), c.Schedule.MaxInterval.D())
	}
	if _, _, err := net.SplitHostPort(c.Server.Listen); err != nil {
		add("server.listen %q is not a host:port address (write it like 127.0.0.1:8474)", c.Server.Listen)
	}
	errs = append(errs, c.validateServer()...)
	if !slices.Contains(LogLevels, c.Log.Level) {
		add("log.level %q is not one of %s", c.Log.Level, strings.Join(LogLevels, ", "))
	}
	if !slices.Contains(LogFormats, c.Log.Format) {
		add("log.format %q is not one of %s", c.Log.Format, strings.Join(LogFormats, ", "))
	}
	seen := map[string]bool{}
	for i, f := range c.Feeds {
		if err := CheckFeedURL(f.URL); err != nil {
			add("feeds[%d].url: %s", i+1, err)
		} else if seen[f.URL] {
			add("feeds[%d].url %q is listed twice (remove one)", i+1, f.URL)
		}
		seen[f.URL] = true
		if f.Interval != 0 && f.Interval.D() < time.Minute {
			add("feeds[%d].interval %s is too short (use at least 1m)", i+1, f.Interval.D())
		}
	}
	names := map[string]int{} // name -> 1-based position of its first rule
	for i, r := range c.Rules {
		switch first, dup := names[r.Name]; {
		case strings.TrimSpace(r.Name) == "":
			add("rules[%d] has no name (add name: followed by a short identifier)", i+1)
		case dup:
			add("rules[%d].name %q is used twice, by rules[%d] too (rename one: rule names must be unique)", i+1, r.Name, first)
		default:
			names[r.Name] = i + 1
		}
		if strings.TrimSpace(r.Query) == "" {
			add("rules[%d] (%s) has no query (add query: with a boolean query)", i+1, r.Name)
		}
	}
	errs = append(errs, c.validateWebhooks()...)
	errs = append(errs, c.validateAlerts()...)
	return errs
}

// CheckFeedURL reports why raw is not usable as a feed URL, or nil.
func CheckFeedURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return fmt.Errorf("missing (add url: https://...)")
	case err != nil:
		return fmt.Errorf("%q is not a URL: %w", raw, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%q must start with http:// or https://", raw)
	case u.Host == "":
		return fmt.Errorf("%q has no host name", raw)
	case len(raw) > MaxURLBytes:
		return fmt.Errorf("%.60q... is %d bytes long, longer than the 8 KiB a URL may have", raw, len(raw))
	}
	return nil
}

// checkContact reports why raw is not an absolute http(s) URL, or nil.
func checkContact(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(raw, " ()") {
		return fmt.Errorf("%q is not an absolute http(s) URL (write the address of a page about your crawler, like https://example.org/newshound)", raw)
	}
	return nil
}

// IsLoopback reports whether listen is a loopback address (127.0.0.0/8,
// ::1 or localhost), which the server may serve without a token.
func IsLoopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

func oneOf(s string, opts ...string) bool {
	for _, o := range opts {
		if s == o {
			return true
		}
	}
	return false
}

// LogLevels and LogFormats are the values log.level and log.format (and
// the --log-level and --log-format flags) take.
var (
	LogLevels  = []string{"debug", "info", "warn", "error"}
	LogFormats = []string{"text", "json"}
)

// CheckLogLevel accepts what log.level in the file accepts, or nothing
// (the command line's --log-level left unset).
func CheckLogLevel(s string) error {
	if s != "" && !slices.Contains(LogLevels, s) {
		return fmt.Errorf("%q is not a log level; use one of %s", s, strings.Join(LogLevels, ", "))
	}
	return nil
}

// CheckLogFormat accepts what log.format in the file accepts, or nothing.
func CheckLogFormat(s string) error {
	if s != "" && !slices.Contains(LogFormats, s) {
		return fmt.Errorf("%q is not a log format; use one of %s", s, strings.Join(LogFormats, ", "))
	}
	return nil
}
