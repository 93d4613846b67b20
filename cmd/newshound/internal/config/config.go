// Package config loads and validates newshound's configuration file.
//
// A configuration is decoded strictly: an unknown or misspelt key is an
// error naming the key and its line. Every value is validated once, at load,
// and defaults are applied then, so the rest of the program receives a
// complete Config and never consults the file or a global again.
package config

import (
	"log/slog"
	"os"
	"time"

	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/crawler/schedule"
)

// Default values applied by Load when a key is absent.
const (
	DefaultStoragePath     = "newshound.db"
	DefaultContact         = "https://github.com/newshound/newshound"
	DefaultTimeout         = fetch.DefaultTimeout
	DefaultMaxBodyBytes    = fetch.DefaultMaxBodyBytes
	DefaultHostConcurrency = fetch.DefaultHostConcurrency
	DefaultHostDelay       = 1 * time.Second
	DefaultInterval        = schedule.DefaultInterval
	DefaultMinInterval     = schedule.DefaultMinInterval
	DefaultMaxInterval     = schedule.DefaultMaxInterval
	DefaultListen          = "127.0.0.1:8474"
	DefaultReadTimeout     = 1 * time.Minute
	DefaultWriteTimeout    = 2 * time.Minute
	DefaultIdleTimeout     = 2 * time.Minute
	DefaultMaxConnections  = 256
	DefaultLogLevel        = "info"
	DefaultLogFormat       = "text"
)

// MinTokenLength is the shortest server.token (or NEWSHOUND_TOKEN) the
// daemon accepts.
const MinTokenLength = 16

// Config is a loaded, defaulted and validated configuration.
type Config struct {
	// File is the absolute path of the file the configuration was read
	// from; relative paths inside it were resolved against its folder.
	File string `yaml:"-"`
	// Logger is the process's logger, built by the command that loaded
	// the file from Log and the command line; nil discards.
	Logger *slog.Logger `yaml:"-"`

	Storage  Storage             `yaml:"storage"`
	Fetch    Fetch               `yaml:"fetch"`
	Schedule Schedule            `yaml:"schedule"`
	Server   Server              `yaml:"server"`
	Log      Log                 `yaml:"log"`
	Feeds    []Feed              `yaml:"feeds"`
	Lists    map[string][]string `yaml:"lists"`
	// ListsFiles are files of named lists (see ListEntry), relative to
	// the configuration's folder; their lists join Lists.
	ListsFiles []string  `yaml:"lists_files"`
	Rules      []Rule    `yaml:"rules"`
	Webhooks   []Webhook `yaml:"webhooks"`
	Alerts     Alerts    `yaml:"alerts"`
}

// Storage configures the database.
type Storage struct {
	// Backend is where the archive is kept: BackendBbolt (the default),
	// one file that one process holds, or BackendPostgres, a PostgreSQL
	// database that several processes and commands share.
	Backend string `yaml:"backend"`
	// Path is the bbolt database file; relative to the config file's
	// folder. Default "newshound.db". Unused by BackendPostgres.
	Path string `yaml:"path"`
	// DSN is the PostgreSQL connection string of BackendPostgres, a
	// postgres:// URL or libpq's key=value pairs. $NEWSHOUND_DATABASE_URL,
	// when set, replaces it (see Config.DatabaseURL), which keeps the
	// password out of the file.
	DSN Secret `yaml:"dsn"`
	// Retention, when non-zero, removes unflagged articles older than it.
	Retention Duration `yaml:"retention"`
}

// Fetch configures every HTTP request newshound makes.
type Fetch struct {
	// UserAgent, when set, is sent verbatim with every request. Empty
	// (the default) sends "newshound/VERSION (+CONTACT)", built from the
	// program's version and Contact.
	UserAgent string `yaml:"user_agent"`
	// Contact is a page (absolute http or https URL) where site owners
	// learn about newshound and reach its operator; it is named in the
	// user agent. Default DefaultContact.
	Contact string `yaml:"contact"`
	// Timeout bounds one request, body included. Default 30s.
	Timeout Duration `yaml:"timeout"`
	// MaxBodyBytes caps a response body after decompression; a larger
	// body is an error, never silently truncated. Default 10 MiB.
	MaxBodyBytes Size `yaml:"max_body_bytes"`
	// HostConcurrency is the most requests in flight to one host.
	// Default 2.
	HostConcurrency int `yaml:"host_concurrency"`
	// HostDelay is the least time between two requests to one host.
	// Default 1s; "0s" disables it.
	HostDelay *Duration `yaml:"host_delay"`
	// AllowPrivateNetworks lets newshound connect to loopback, private
	// and link-local addresses. Default false.
	AllowPrivateNetworks bool `yaml:"allow_private_networks"`
}

// Schedule configures polling.
type Schedule struct {
	// Interval is the default time between two polls of a feed.
	// Default 30m.
	Interval Duration `yaml:"interval"`
	// MinInterval and MaxInterval clamp adaptive intervals; MaxInterval
	// also caps error backoff and what a feed may ask for. Defaults 5m
	// and 3h: a story in a feed that publishes once a week is then
	// flagged within about 3h of its appearance, not up to a day later.
	MinInterval Duration `yaml:"min_interval"`
	MaxInterval Duration `yaml:"max_interval"`
}

// Server configures the daemon's HTTP server.
type Server struct {
	// Listen is the address to serve on. Default "127.0.0.1:8474".
	Listen string `yaml:"listen"`
	// Token is the bearer token required when Listen is not a loopback
	// address; NEWSHOUND_TOKEN overrides it. At least MinTokenLength
	// characters when set.
	Token string `yaml:"token"`
	// PublicURL is the address people and feed readers reach the daemon
	// at, such as "https://news.example.org" behind a reverse proxy: its
	// host is accepted in the Host header besides Listen and localhost,
	// Atom links are built on it, and an https one makes the session
	// cookie Secure. Scheme and host only (no path). Default none.
	PublicURL string `yaml:"public_url"`
	// ReadTimeout bounds reading one request, headers and body (headers
	// alone get at most 10s). Default 1m.
	ReadTimeout Duration `yaml:"read_timeout"`
	// WriteTimeout bounds writing one answer; the streaming answers
	// (export, backup) have no overall bound, but each of their writes
	// must complete within it. Default 2m.
	WriteTimeout Duration `yaml:"write_timeout"`
	// IdleTimeout is how long a kept-alive connection may wait for its
	// next request. Default 2m.
	IdleTimeout Duration `yaml:"idle_timeout"`
	// MaxConnections caps the connections served at once; further ones
	// wait in the kernel's queue until one ends. Default 256.
	MaxConnections int `yaml:"max_connections"`
}

// Log configures logging.
type Log struct {
	// Level is debug, info, warn or error. Default info.
	Level string `yaml:"level"`
	// Format is text or json. Default text.
	Format string `yaml:"format"`

	levelSet bool // Level was in the file
}

// LevelSet reports whether the file set the level (rather than leaving it
// to the default), so that a command quieter by default still obeys it.
func (l Log) LevelSet() bool { return l.levelSet }

// Feed is one configured feed.
type Feed struct {
	// URL is the feed's address (http or https). Required.
	URL string `yaml:"url"`
	// Name is a display name; the feed's own title is used when empty.
	Name string `yaml:"name"`
	// Interval overrides Schedule.Interval for this feed when non-zero.
	Interval Duration `yaml:"interval"`
}

// Rule is one configured rule; see package rules for the query grammar.
type Rule struct {
	// Name identifies the rule. Required and unique.
	Name string `yaml:"name"`
	// Query is the rule's boolean query. Required.
	Query string `yaml:"query"`
	// MinScore is the least score that flags. Default 0.
	MinScore float64 `yaml:"min_score"`
	// Tags are copied onto every flag the rule raises.
	Tags []string `yaml:"tags"`
	// Stem turns on English stemming for this rule.
	Stem bool `yaml:"stem"`
	// Prefilter, when set, is a cheap query on the feed item's own title
	// and summary: the article page is fetched for this rule only when it
	// matches. Empty means always fetch.
	Prefilter string `yaml:"prefilter"`
	// ClauseLabels name the query's top-level clauses (the parts its
	// outermost AND joins) for people, in order: the story page heads
	// each clause's evidence with its label. Empty means none; otherwise
	// one per clause.
	ClauseLabels []string `yaml:"clause_labels"`
}

// APIToken is the API token: $NEWSHOUND_TOKEN, else server.token.
func (c *Config) APIToken() string {
	if t := os.Getenv("NEWSHOUND_TOKEN"); t != "" {
		return t
	}
	return c.Server.Token
}
