package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/cmd/newshound/internal/dbfile"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
)

// Open returns the feeds of the configured database for a `feeds`
// command: the file itself (read-only for a reading command, when the
// file exists; a first command creates it) or the PostgreSQL database,
// or the daemon's API when the daemon holds the file. The caller calls
// close when done.
func Open(ctx context.Context, cfg *config.Config, readOnly bool) (svc Service, close func(), err error) {
	if _, err := os.Stat(cfg.Storage.Path); err != nil {
		readOnly = false
	}
	st, err := dbfile.OpenWith(ctx, cfg, store.Options{Logger: cfg.Logger, ReadOnly: readOnly})
	if errors.Is(err, store.ErrLocked) {
		return Remote{Client: client.New(cfg)}, func() {}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	finder := &discover.Finder{Client: crawler.NewClient(wire.CrawlerOptions(cfg, slog.New(slog.DiscardHandler)))}
	local := Local{Book: Book{Config: cfg, Store: st}, Finder: finder, Now: time.Now}
	if pg, ok := st.(*postgres.Store); ok {
		return shared{Local: local, reloads: postgres.NewReloader(pg), log: cfg.Logger}, func() { st.Close() }, nil
	}
	return local, func() { st.Close() }, nil
}

// shared is Local on a PostgreSQL database that running daemons share:
// each change that succeeds tells them to reload (postgres.Reloader), so
// that they poll the new list at once.
type shared struct {
	Local
	reloads *postgres.Reloader
	log     *slog.Logger
}

// Add is Local's, then tells the daemons.
func (s shared) Add(ctx context.Context, req AddRequest) (AddResult, error) {
	r, err := s.Local.Add(ctx, req)
	return r, s.tell(ctx, err)
}

// Remove is Local's, then tells the daemons.
func (s shared) Remove(ctx context.Context, url string) (RemoveResult, error) {
	r, err := s.Local.Remove(ctx, url)
	return r, s.tell(ctx, err)
}

// Import is Local's, then tells the daemons.
func (s shared) Import(ctx context.Context, list []opml.Feed) (ImportReport, error) {
	r, err := s.Local.Import(ctx, list)
	return r, s.tell(ctx, err)
}

// tell asks the daemons to reload after a change that succeeded (err
// nil); a daemon not told polls the change from its next reload or
// restart, which the warning says.
func (s shared) tell(ctx context.Context, err error) error {
	if err != nil {
		return err
	}
	if nerr := s.reloads.Notify(ctx); nerr != nil && s.log != nil {
		s.log.Warn("the change is stored, but the running daemons were not told: reload them (SIGHUP or POST /-/reload) to poll it", "error", nerr)
	}
	return nil
}

// Write prints the feed added, as `feeds add` does; asked is the URL the
// user gave, which may be a page of the site rather than the feed.
func (r AddResult) Write(w io.Writer, asked string) {
	how := map[string]string{discover.ViaDirect: "", discover.ViaLink: " (linked from " + asked + ")", discover.ViaPath: " (found beside " + asked + ")"}[r.Via]
	fmt.Fprintf(w, "added %s%s: %q, %d items\n", r.URL, how, r.Title, r.Items)
	for _, o := range r.Others {
		fmt.Fprintf(w, "  the page also links to %s (add it too if wanted)\n", o)
	}
}

// Write prints what `feeds remove` did with url.
func (r RemoveResult) Write(w io.Writer, url string) {
	if r.StillInConfig {
		fmt.Fprintf(w, "removed the added feed %s, but it stays polled: config.yaml lists it too (delete it there and reload)\n", url)
		return
	}
	fmt.Fprintf(w, "removed %s (its stored stories stay)\n", url)
}

// Write prints what `feeds import` did with the list read from file.
func (r ImportReport) Write(w io.Writer, file string) {
	fmt.Fprintf(w, "imported %d feeds from %s; %d already polled", len(r.Added), file, r.Present)
	if len(r.Invalid) > 0 {
		fmt.Fprintf(w, "; %d refused:", len(r.Invalid))
		for _, s := range r.Invalid {
			fmt.Fprintf(w, "\n  %s", s)
		}
	}
	fmt.Fprintln(w)
}
