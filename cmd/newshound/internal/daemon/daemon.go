// Package daemon is `newshound run`: the scheduler, the HTTP API and web
// pages, webhooks, alerts and retention over one open database, run in one
// group with one shutdown path, and the reloads (SIGHUP, POST /-/reload)
// and feed changes that reach them while they run.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"time"
	"unicode/utf8"

	"github.com/newshound/newshound/alertpolicy"
	"github.com/newshound/newshound/cmd/newshound/internal/alerts"
	"github.com/newshound/newshound/cmd/newshound/internal/buildinfo"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/metrics"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/schedule"
	"github.com/newshound/newshound/rules"
	"golang.org/x/net/netutil"
	"golang.org/x/sync/errgroup"
)

// ShutdownGrace bounds how long the daemon waits for in-flight work and
// HTTP requests after SIGINT/SIGTERM.
const ShutdownGrace = 10 * time.Second

// Run is `newshound run`: the daemon over cfg. It polls every feed on
// its interval and serves HTTP until ctx is cancelled (SIGINT/SIGTERM),
// then stops scheduling, cancels in-flight work, and closes the database.
// SIGHUP or POST /-/reload reloads the configuration with load (see
// daemon.reload).
func Run(ctx context.Context, cfg *config.Config, load func() (*config.Config, error)) error {
	log := cfg.Logger
	token := cfg.APIToken()
	if err := CheckServe(cfg, token); err != nil {
		return err
	}
	st, err := dbfile.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	dbfile.WarnDamage(ctx, st, log)
	set, err := wire.CompileRules(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Server.Listen)
	if err != nil {
		return fmt.Errorf("server: cannot listen on %s (%w); change server.listen or stop what uses it", cfg.Server.Listen, err)
	}
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	var sched *schedule.Scheduler
	m := metrics.New(metrics.Options{Store: st, Due: func() int { return sched.Due() },
		Size: func(ctx context.Context) (int64, error) { return dbfile.Size(ctx, st) }})
	others, err := joinPeers(ctx, st, cfg, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer others.close() // after the scheduler stopped: its hosts go to the others
	copts := wire.CrawlerOptions(cfg, log)
	copts.Observer = pass.FlagLogger{Observer: m, Log: log.With("component", "crawler")}
	if others.coord != nil {
		copts.Coordinator = others.coord
	}
	c, err := crawler.New(workCtx, copts, st, set)
	if err != nil {
		ln.Close()
		return err
	}
	sched = schedule.New(c, wire.SchedulerOptions(cfg))
	hooks := newWebhookWorker(cfg, st, m, log)
	d := newDaemon(load, cfg, st, c, sched, log)
	d.stopping = workCtx.Done()
	d.others = others
	apiSrv := newAPIServer(d, set, m.Handler(), token, cfg.Server.PublicURL, cfg.Server.WriteTimeout.D())
	d.afterReload = func(cfg *config.Config, set *rules.Set) {
		apiSrv.SetRules(set)
		st.SetAlertPolicy(alertpolicy.New(cfg.WebhookTargets))
		hooks.SetTargets(webhookTargets(cfg))
	}
	if _, err := d.applyFeeds(ctx); err != nil {
		ln.Close()
		return err
	}
	srv := newHTTPServer(cfg, ln, apiSrv.Handler(), log)
	ln = netutil.LimitListener(ln, cfg.Server.MaxConnections)
	hup := notifyHangup()
	defer signal.Stop(hup)
	defer alerts.Start(workCtx, cfg, st, log)() // email digests and spikes; stopped before the store closes
	log.Info("newshound running", "listen", ln.Addr().String(), "feeds", sched.Len(), "webhooks", len(cfg.Webhooks), "database", dbfile.Where(st), "version", buildinfo.Version)
	err = serve(ctx, cancelWork, log, func(g *errgroup.Group) {
		g.Go(func() error {
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("server: %w", err)
			}
			return nil
		})
		g.Go(func() error { return sched.Run(workCtx) })
		g.Go(func() error { return hooks.Run(workCtx) })
		g.Go(func() error { dbfile.RetentionLoop(workCtx, st, cfg, dbfile.PruneInterval, log); return nil })
		g.Go(func() error { d.watchHangup(workCtx, hup); return nil })
		others.run(workCtx, g, d)
	}, func(ctx context.Context) error { return srv.Shutdown(ctx) })
	if err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// serve runs the daemon's goroutines, which start launches, in one group
// with one shutdown path: when ctx is cancelled (SIGINT, SIGTERM) or one
// of them fails, it stops the work (stopWork), shuts the HTTP server down
// (shutdown), and waits for every goroutine, at most ShutdownGrace, after
// which it returns so that the database is closed anyway. It returns the
// first goroutine's error, or nil after a signal.
func serve(ctx context.Context, stopWork context.CancelFunc, log *slog.Logger, launch func(*errgroup.Group), shutdown func(context.Context) error) error {
	g, gctx := errgroup.WithContext(ctx)
	late := make(chan struct{}) // closed once the grace has passed
	g.Go(func() error {
		<-gctx.Done()
		if ctx.Err() != nil {
			log.Info("stopping")
		}
		stopWork()
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownGrace)
		defer cancel()
		time.AfterFunc(ShutdownGrace, func() { close(late) })
		if err := shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("http shutdown", "error", err)
		}
		return nil
	})
	launch(g)
	done := make(chan error, 1)
	go func() { done <- g.Wait() }()
	select {
	case err := <-done:
		return err
	case <-late:
		log.Warn("the daemon's work did not stop in time; closing the database anyway")
		return nil
	}
}

// CheckServe is what `run` refuses before serving: a listen address
// beyond loopback without an API token, or a token too short. token is
// NEWSHOUND_TOKEN, else server.token (config.Config.APIToken).
func CheckServe(cfg *config.Config, token string) error {
	if !config.IsLoopback(cfg.Server.Listen) && token == "" {
		return fmt.Errorf("server.listen %s is not a loopback address, so an API token is required: set server.token or NEWSHOUND_TOKEN", cfg.Server.Listen)
	}
	if n := utf8.RuneCountInString(token); token != "" && n < config.MinTokenLength {
		return fmt.Errorf("the API token (NEWSHOUND_TOKEN or server.token) is %d characters long, too short to resist guessing: use at least %d, for example the output of: openssl rand -hex 24", n, config.MinTokenLength)
	}
	return nil
}
