// Package wire turns the configuration into the settings of the parts it
// drives: the rules compiled, the crawler's fetch options and the
// scheduler's polling options.
package wire

import (
	"log/slog"

	"github.com/newshound/newshound/cmd/newshound/internal/buildinfo"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/schedule"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// The store satisfies the crawler's and the exporter's small interfaces.
var (
	_ crawler.Store      = store.Backend(nil)
	_ crawler.RetryStore = store.Backend(nil)
)

// CompileRules compiles the configured rules (already checked at load).
func CompileRules(cfg *config.Config) (*rules.Set, error) {
	return rules.Compile(cfg.RuleDefinitions(), cfg.Lists)
}

// CrawlerOptions are the crawler's settings from fetch:.
func CrawlerOptions(cfg *config.Config, log *slog.Logger) crawler.Options {
	return crawler.Options{
		UserAgent:            UserAgent(cfg),
		Timeout:              cfg.Fetch.Timeout.D(),
		MaxBodyBytes:         int64(cfg.Fetch.MaxBodyBytes),
		HostConcurrency:      cfg.Fetch.HostConcurrency,
		HostDelay:            cfg.Fetch.HostDelay.D(),
		AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
		Logger:               log,
	}
}

// UserAgent is fetch.user_agent when set, else newshound/VERSION
// (+fetch.contact): it names the program, its version and a contact page.
func UserAgent(cfg *config.Config) string {
	if cfg.Fetch.UserAgent != "" {
		return cfg.Fetch.UserAgent
	}
	return "newshound/" + buildinfo.Version + " (+" + cfg.Fetch.Contact + ")"
}

// SchedulerOptions are the daemon's polling settings: adaptive intervals
// clamped to schedule.min_interval and schedule.max_interval, which also
// caps error backoff.
func SchedulerOptions(cfg *config.Config) schedule.Options {
	return schedule.Options{
		Interval:    cfg.Schedule.Interval.D(),
		MinInterval: cfg.Schedule.MinInterval.D(),
		MaxInterval: cfg.Schedule.MaxInterval.D(),
		MaxBackoff:  cfg.Schedule.MaxInterval.D(),
	}
}
