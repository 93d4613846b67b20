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
	"github.com/newshound/newshound/cmd/newshound/internal/wire"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/crawler/discover"
	"github.com/newshound/newshound/store"
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
	return Local{Book: Book{Config: cfg, Store: st}, Finder: finder, Now: time.Now}, func() { st.Close() }, nil
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
