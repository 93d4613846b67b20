package daemon

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/archive"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/cmd/newshound/internal/pass"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// The daemon's side of its HTTP API (package api holds every route and
// handler): thin adapters from the daemon's feature logic to the small
// interfaces the routes take.
var (
	_ api.StatsReporter = apiStats{}
	_ api.Reloader      = apiReloader{}
	_ api.FeedBook      = apiFeeds{}
	_ api.Crawler       = apiCrawler{}
	_ api.Checker       = apiChecker{}
	_ api.RuleRunner    = apiRunner{}
)

// newAPIServer is the daemon's API over d, serving metrics with metrics.
func newAPIServer(d *daemon, set *rules.Set, metrics http.Handler, token, publicURL string, streamTimeout time.Duration) *api.Server {
	return &api.Server{
		Store: d.store, Backup: snapshotter(d.store), Deliveries: d.store, Metrics: metrics,
		Stats: apiStats{d.store}, Reloader: apiReloader{d}, Feeds: apiFeeds{d},
		Crawler: apiCrawler{d}, Checker: apiChecker{d}, Runner: apiRunner{d},
		Done: d.stopping, Rules: set, Token: token, Logger: d.log,
		PublicURL: publicURL, StreamTimeout: streamTimeout,
	}
}

// snapshotter is st's api.Snapshotter when it has one (the bbolt file):
// GET /api/v1/backup answers 404 on PostgreSQL, backed up with pg_dump.
func snapshotter(st store.Backend) api.Snapshotter {
	if s, ok := st.(api.Snapshotter); ok {
		return s
	}
	return nil
}

// apiStats reports GET /api/v1/stats: what `newshound stats` prints.
type apiStats struct{ st store.Backend }

func (a apiStats) Report(ctx context.Context) (any, error) { return dbfile.ReadStats(ctx, a.st) }

// apiReloader reloads config.yaml; a configuration error is the client's
// (400).
type apiReloader struct{ d *daemon }

func (a apiReloader) Reload(ctx context.Context) (any, error) {
	res, err := a.d.reload(ctx)
	if err == nil {
		a.d.tellOthers(ctx)
	}
	if ce := (*configError)(nil); errors.As(err, &ce) {
		return nil, api.ClientError(http.StatusBadRequest, err)
	}
	return res, err
}

// apiFeeds is the daemon's feed list (feeds.Local), each change handed to
// the scheduler.
type apiFeeds struct{ d *daemon }

func (a apiFeeds) List(ctx context.Context) (any, error) {
	rows, err := a.d.local().List(ctx)
	return rows, feedStatus(err)
}

func (a apiFeeds) Add(ctx context.Context, url, name string) (any, error) {
	res, err := a.d.local().Add(ctx, feeds.AddRequest{URL: url, Name: name})
	return res, a.apply(ctx, err)
}

func (a apiFeeds) Remove(ctx context.Context, url string) (any, error) {
	res, err := a.d.local().Remove(ctx, url)
	return res, a.apply(ctx, err)
}

func (a apiFeeds) Import(ctx context.Context, list []opml.Feed) (any, error) {
	rep, err := a.d.local().Import(ctx, list)
	return rep, a.apply(ctx, err)
}

// apply hands the scheduler the new feed list after a change that
// succeeded.
func (a apiFeeds) apply(ctx context.Context, err error) error {
	if err == nil {
		_, err = a.d.applyFeeds(ctx)
	}
	if err == nil {
		a.d.tellOthers(ctx)
	}
	return feedStatus(err)
}

func (d *daemon) local() feeds.Local {
	return feeds.Local{Book: d.book(), Finder: d.finder, Now: time.Now}
}

// feedStatus marks the errors of a feed change that are the client's:
// 400 for an unusable address, 404 for an unknown feed, 409 for a
// conflict.
func feedStatus(err error) error {
	switch {
	case errors.Is(err, feeds.ErrInput):
		return api.ClientError(http.StatusBadRequest, err)
	case errors.Is(err, feeds.ErrUnknown):
		return api.ClientError(http.StatusNotFound, err)
	case errors.Is(err, feeds.ErrConflict):
		return api.ClientError(http.StatusConflict, err)
	}
	return err
}

// apiCrawler runs the scheduler's pass now, for `crawl` beside the
// daemon.
type apiCrawler struct{ d *daemon }

func (a apiCrawler) Feeds() int { return a.d.sched.Len() }

func (a apiCrawler) PassNow(ctx context.Context, fed func()) any {
	start := time.Now()
	sum := a.d.sched.PassNow(ctx, func(crawler.FeedResult) { fed() })
	ps := pass.NewWire(sum)
	ps.NewlyFlagged = a.flaggedSince(ctx, start)
	return ps
}

// flaggedSince lists the stories the flag log says were newly flagged
// since start (the pass's, and those of any other write meanwhile), with
// their titles; a failure to read it is logged and lists none.
func (a apiCrawler) flaggedSince(ctx context.Context, start time.Time) []pass.WireFlag {
	st := a.d.store
	evs, err := st.FlagEvents(ctx, start)
	if err != nil {
		a.d.log.Warn("crawl through the API: the flag log could not be read for the summary", "error", err)
		return nil
	}
	out := make([]pass.WireFlag, 0, len(evs))
	for _, ev := range evs {
		f := pass.WireFlag{ID: ev.Story, Rule: ev.Rule}
		if art, err := st.Article(ctx, ev.Story); err == nil {
			f.Title, f.URL = art.Title, art.URL
		}
		out = append(out, f)
	}
	return out
}

// apiChecker checks the daemon's database, for `db check` beside it.
type apiChecker struct{ d *daemon }

func (a apiChecker) Check(ctx context.Context) any {
	st := a.d.store
	err := st.Check(ctx)
	if err != nil && !errors.Is(err, store.ErrCorrupt) {
		a.d.log.Error("db check through the API failed", "error", err)
	}
	answer := map[string]string{"path": dbfile.Where(st), "error": ""}
	if err != nil {
		answer["error"] = err.Error()
	}
	return answer
}

// apiRunner runs the commands' rules over the daemon's database.
type apiRunner struct{ d *daemon }

func (a apiRunner) Apply(ctx context.Context, set *rules.Set) (any, error) {
	res, err := archive.Apply(ctx, a.d.store, set)
	if err == nil {
		a.d.log.Info("rules applied through the API", "rules", len(set.Rules()), "stories", res.Checked, "changed", res.Changed)
	}
	return res, err
}

func (a apiRunner) TestStored(ctx context.Context, set *rules.Set, rule string, q store.Query, change func(any) error) (any, error) {
	return archive.StoredChanges(ctx, a.d.store, set, rule, q, func(c archive.StoredChange) error { return change(c) })
}

func (a apiRunner) Explain(ctx context.Context, ref string) (any, error) {
	return archive.Explain(ctx, a.d.store, ref)
}

func (a apiRunner) Labeled(ctx context.Context, rule string) (any, error) {
	ss, err := archive.Labeled(ctx, a.d.store, rule)
	if errors.As(err, new(*archive.NoLabelsError)) {
		return nil, api.ClientError(http.StatusNotFound, err)
	}
	if err != nil {
		return nil, err
	}
	return archive.NewLabeledAnswer(ss), nil
}
