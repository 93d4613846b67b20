package daemon

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"reflect"
	"slices"
	"sync"
	"syscall"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/crawler/schedule"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// daemon is what `newshound run` changes while it runs: the configuration
// in force, and the feeds and rules it drives. A reload (SIGHUP or POST
// /-/reload) and a feed added or removed through the API go through it.
type daemon struct {
	load    func() (*config.Config, error)
	store   store.Backend
	crawler *crawler.Crawler
	sched   *schedule.Scheduler
	finder  *discover.Finder
	log     *slog.Logger

	// afterReload, when set, is called with a newly applied configuration
	// and its rules, for the parts of the daemon outside this struct (the
	// API's rule list, webhook targets); d.mu is held.
	afterReload func(*config.Config, *rules.Set)

	mu   sync.Mutex // serializes reloads and feed changes
	cfg  *config.Config
	urls map[string]bool // the feeds handed to the scheduler

	// stopping is closed when the daemon stops its work (see
	// api.Server.Done); nil never closes.
	stopping <-chan struct{}

	// others are the other daemons of a shared database, told of each
	// reload and feed change made here; nil when there are none.
	others *peers
}

func newDaemon(load func() (*config.Config, error), cfg *config.Config, st store.Backend, c *crawler.Crawler, sched *schedule.Scheduler, log *slog.Logger) *daemon {
	return &daemon{load: load, cfg: cfg, store: st, crawler: c, sched: sched, log: log,
		finder: &discover.Finder{Client: c.Client()}, urls: map[string]bool{}}
}

// ReloadResult is the answer to a reload.
type ReloadResult struct {
	// Feeds is the number of feeds polled now.
	Feeds int `json:"feeds"`
	// Started and Stopped are the feeds that began or ceased to be polled.
	Started []string `json:"started"`
	Stopped []string `json:"stopped"`
	// Rules is the number of rules applied to new stories from now on.
	Rules int `json:"rules"`
	// RestartNeeded lists the changed settings that apply only after a
	// restart (storage, fetch, schedule, server, log).
	RestartNeeded []string `json:"restart_needed,omitempty"`
}

// config returns the configuration in force.
func (d *daemon) config() *config.Config {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg
}

// book returns the feed list under the configuration in force.
func (d *daemon) book() feeds.Book { return feeds.Book{Config: d.config(), Store: d.store} }

// reload reads the configuration file again. A file that does not load,
// or whose rules do not compile, changes nothing: the error, which names
// the key or line, is logged and returned. Otherwise new feeds start,
// removed ones stop, and the new rules apply to stories stored from now
// on; settings that need a restart are logged and listed.
func (d *daemon) reload(ctx context.Context) (ReloadResult, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	fail := func(err error) (ReloadResult, error) {
		d.log.Error("configuration reload failed; the running configuration stays", "config", d.cfg.File, "error", err)
		return ReloadResult{}, err
	}
	cfg, err := d.load()
	if err != nil {
		return fail(&configError{err})
	}
	set, err := wire.CompileRules(cfg)
	if err != nil {
		return fail(&configError{err})
	}
	specs, err := feeds.Book{Config: cfg, Store: d.store}.Specs(ctx)
	if err != nil {
		return fail(err)
	}
	restart := restartKeys(d.cfg, cfg)
	d.crawler.SetMatcher(set)
	res := d.setFeeds(specs)
	d.cfg = cfg
	if d.afterReload != nil {
		d.afterReload(cfg, set)
	}
	res.Rules, res.RestartNeeded = len(cfg.Rules), restart
	d.log.Info("configuration reloaded", "config", cfg.File, "feeds", res.Feeds, "started", len(res.Started), "stopped", len(res.Stopped), "rules", res.Rules)
	for _, k := range restart {
		d.log.Warn("configuration changed where a reload cannot apply it; restart newshound to apply it", "key", k)
	}
	return res, nil
}

// configError is a configuration file that cannot be applied: the
// user's mistake (400 on POST /-/reload), not the daemon's.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// applyFeeds hands the scheduler the feed list again, after a feed was
// added or removed.
func (d *daemon) applyFeeds(ctx context.Context) (ReloadResult, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	specs, err := feeds.Book{Config: d.cfg, Store: d.store}.Specs(ctx)
	if err != nil {
		return ReloadResult{}, err
	}
	res := d.setFeeds(specs)
	d.log.Info("feeds changed", "feeds", res.Feeds, "started", len(res.Started), "stopped", len(res.Stopped))
	return res, nil
}

// setFeeds replaces the scheduler's feeds; d.mu is held.
func (d *daemon) setFeeds(specs []crawler.FeedSpec) ReloadResult {
	res := ReloadResult{Feeds: len(specs), Started: []string{}, Stopped: []string{}}
	now := make(map[string]bool, len(specs))
	for _, s := range specs {
		now[s.URL] = true
		if !d.urls[s.URL] {
			res.Started = append(res.Started, s.URL)
		}
	}
	for u := range d.urls {
		if !now[u] {
			res.Stopped = append(res.Stopped, u)
		}
	}
	slices.Sort(res.Stopped)
	d.sched.SetFeeds(specs)
	d.urls = now
	return res
}

// restartKeys names the sections that differ and that only a restart
// applies: the database, the HTTP client and server, polling defaults,
// logging.
func restartKeys(old, cur *config.Config) []string {
	var keys []string
	for _, c := range []struct {
		key      string
		old, cur any
	}{
		{"storage", old.Storage, cur.Storage},
		{"fetch", old.Fetch, cur.Fetch},
		{"schedule", old.Schedule, cur.Schedule},
		{"server", old.Server, cur.Server},
		{"log", old.Log, cur.Log},
	} {
		if !reflect.DeepEqual(c.old, c.cur) {
			keys = append(keys, c.key)
		}
	}
	return keys
}

// notifyHangup returns the channel SIGHUP arrives on; call signal.Stop
// with it when done.
func notifyHangup() chan os.Signal {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	return hup
}

// watchHangup reloads on every SIGHUP until ctx is done.
func (d *daemon) watchHangup(ctx context.Context, hup <-chan os.Signal) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			d.log.Info("SIGHUP: reloading the configuration")
			if _, err := d.reload(ctx); err == nil { // the outcome is logged
				d.tellOthers(ctx)
			}
		}
	}
}

// tellOthers asks the other daemons of a shared database to reload, after
// a reload or a feed change made here.
func (d *daemon) tellOthers(ctx context.Context) {
	if d.others != nil {
		d.others.notify(ctx)
	}
}
