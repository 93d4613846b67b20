package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxURLBytes is the longest URL newshound accepts as a feed, a webhook or
// server.public_url: the API refuses longer request URLs too (414), and
// the database could not hold such a key.
const MaxURLBytes = 8 << 10

// validateServer checks the server section: the token's length, the public
// URL's form, the timeouts and the connection cap.
func (c *Config) validateServer() []string {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	s := &c.Server
	if n := utf8.RuneCountInString(s.Token); s.Token != "" && n < MinTokenLength {
		add("server.token is %d characters long, too short to resist guessing (use at least %d, for example the output of: openssl rand -hex 24)", n, MinTokenLength)
	}
	if s.PublicURL != "" {
		if msg := checkPublicURL(s.PublicURL); msg != "" {
			add("server.public_url %s", msg)
		}
		s.PublicURL = strings.TrimSuffix(s.PublicURL, "/")
	}
	for _, d := range []struct {
		key string
		v   Duration
	}{{"read_timeout", s.ReadTimeout}, {"write_timeout", s.WriteTimeout}, {"idle_timeout", s.IdleTimeout}} {
		if d.v.D() < time.Second {
			add("server.%s %s is too short (use at least 1s)", d.key, d.v.D())
		}
	}
	if s.MaxConnections < 1 || s.MaxConnections > 65536 {
		add("server.max_connections %d is out of range (use 1 to 65536)", s.MaxConnections)
	}
	return errs
}

// checkPublicURL says what is wrong with raw as server.public_url, or "".
func checkPublicURL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Sprintf("%q is not an absolute http(s) URL (write it like https://news.example.org)", raw)
	case u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return fmt.Sprintf("%q must be a scheme and a host only, with no path, query or user (write it like https://news.example.org)", raw)
	case len(raw) > MaxURLBytes:
		return "is longer than 8 KiB"
	}
	return ""
}
