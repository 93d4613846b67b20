// Package robots decides whether newshound may fetch a page, from the
// host's robots.txt, fetched once per host and kept in a small cache.
//
// It replaces colly's robots handling, which keeps every robots.txt for
// the life of the process and takes a 5xx answer as "disallow all"
// forever. Here:
//
//   - robots.txt is fetched through the client given (newshound's shared
//     transport, so the per-host limiter and the address guard apply) and
//     kept at most Options.MaxAge (24h);
//   - only the first Options.MaxBytes (512 KiB) are read, as the major
//     search engines do; a cut last line is dropped;
//   - 2xx is parsed with github.com/temoto/robotstxt (a body it cannot
//     parse allows all), any 4xx but 429 allows all;
//   - 5xx, 429, a timeout or any failure to get an answer is "try later":
//     Allowed returns ErrUnavailable for Options.RetryAfter, then asks the
//     host again. It never turns into "disallowed".
//
// Concurrent lookups for one host share one fetch. The cache holds one
// entry per host, never per URL, and drops expired entries once it holds
// Options.MaxHosts.
package robots

import (
	"errors"
	"net/http"
	"time"
)

// Sentinel errors returned (wrapped) by Cache.Allowed.
var (
	// ErrDisallowed: robots.txt disallows the page for our user agent.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrUnavailable: robots.txt could not be read now (5xx, 429, timeout,
	// network error); the page must not be fetched now but may be later.
	ErrUnavailable = errors.New("robots.txt unavailable")
)

// Defaults of Options.
const (
	DefaultMaxAge     = 24 * time.Hour
	DefaultRetryAfter = 5 * time.Minute
	DefaultMaxBytes   = 512 << 10
	DefaultMaxHosts   = 4096
	DefaultAgent      = "newshound"
)

// Options configure a Cache. Zero values take the defaults.
type Options struct {
	// Client fetches robots.txt. Default http.DefaultClient; newshound
	// passes its own, whose transport keeps per-host politeness.
	Client *http.Client
	// Agent is the product token matched against User-agent lines,
	// case-insensitively. Default "newshound".
	Agent string
	// MaxAge is how long a robots.txt (or a 4xx answer) is kept; it is
	// also the most it is kept. Default and maximum 24h.
	MaxAge time.Duration
	// RetryAfter is how long an unavailable robots.txt is remembered as
	// "try later" before the host is asked again. Default 5m.
	RetryAfter time.Duration
	// MaxBytes is how much of a robots.txt is read. Default 512 KiB.
	MaxBytes int64
	// Timeout bounds one robots.txt request. Default 30s.
	Timeout time.Duration
	// MaxHosts is the number of cached hosts past which expired entries
	// are dropped (and, if that is not enough, the oldest half). Default
	// 4096.
	MaxHosts int
	// Now returns the current time. Default time.Now; tests set a clock.
	Now func() time.Time
}

func (o *Options) defaults() {
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	if o.Agent == "" {
		o.Agent = DefaultAgent
	}
	if o.MaxAge <= 0 || o.MaxAge > DefaultMaxAge {
		o.MaxAge = DefaultMaxAge
	}
	if o.RetryAfter <= 0 {
		o.RetryAfter = DefaultRetryAfter
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxHosts <= 0 {
		o.MaxHosts = DefaultMaxHosts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}
