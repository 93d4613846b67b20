package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// The store satisfies the crawler's and the exporter's small interfaces.
var (
	_ crawler.Store      = (*store.Store)(nil)
	_ crawler.RetryStore = (*store.Store)(nil)
)

// lockTimeout is how long a command waits for the database lock before
// saying another newshound process holds it.
const lockTimeout = 1500 * time.Millisecond

// openStore opens the database read-write; new flags enqueue deliveries
// to the configured webhooks (sent by the daemon), and story URLs given
// to ResolveArticle (the API's label routes) are normalized as the
// crawler normalizes them.
func openStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.Storage.Path, store.Options{Timeout: lockTimeout, Logger: log, NormalizeURL: urlnorm.Normalize})
	if err == nil {
		st.SetAlertTargets(cfg.WebhookTargets)
	}
	return st, err
}

// compileRules compiles the configured rules (already checked at load).
func compileRules(cfg *config.Config) (*rules.Set, error) {
	return rules.Compile(cfg.RuleDefinitions(), cfg.Lists)
}

func crawlerOptions(cfg *config.Config, log *slog.Logger) crawler.Options {
	return crawler.Options{
		UserAgent:            userAgent(cfg),
		Timeout:              cfg.Fetch.Timeout.D(),
		MaxBodyBytes:         int64(cfg.Fetch.MaxBodyBytes),
		HostConcurrency:      cfg.Fetch.HostConcurrency,
		HostDelay:            cfg.Fetch.HostDelay.D(),
		AllowPrivateNetworks: cfg.Fetch.AllowPrivateNetworks,
		Logger:               log,
	}
}

// userAgent is fetch.user_agent when set, else newshound/VERSION
// (+fetch.contact): it names the program, its version and a contact page.
func userAgent(cfg *config.Config) string {
	if cfg.Fetch.UserAgent != "" {
		return cfg.Fetch.UserAgent
	}
	return "newshound/" + version + " (+" + cfg.Fetch.Contact + ")"
}

// schedulerOptions are the daemon's polling settings: adaptive intervals
// clamped to schedule.min_interval and schedule.max_interval, which also
// caps error backoff.
func schedulerOptions(cfg *config.Config) crawler.SchedulerOptions {
	return crawler.SchedulerOptions{
		Interval:    cfg.Schedule.Interval.D(),
		MinInterval: cfg.Schedule.MinInterval.D(),
		MaxInterval: cfg.Schedule.MaxInterval.D(),
		MaxBackoff:  cfg.Schedule.MaxInterval.D(),
	}
}

// readFileOrDaemon opens the database read-only and runs local on it, or,
// when a running daemon holds the file, runs remote, which asks the
// daemon's API instead.
func readFileOrDaemon(ctx context.Context, cfg *config.Config, local func(*store.Store) error, remote func() error) error {
	st, err := store.Open(ctx, cfg.Storage.Path, store.Options{Timeout: lockTimeout, Logger: cfg.Logger, ReadOnly: true})
	switch {
	case errors.Is(err, store.ErrLocked):
		return remote()
	case err != nil:
		return err
	}
	defer st.Close()
	return local(st)
}
