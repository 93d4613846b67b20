package dbfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/postgres"
)

// migrateBatch is how many articles or flag log events one transaction
// of `db migrate` copies: memory stays bounded by it whatever the file's
// size.
const migrateBatch = 200

// Counts are the records of an archive by kind, which `db migrate`
// compares between the file and PostgreSQL.
type Counts struct {
	Feeds, Subscriptions, Articles, Flagged, Flags, Labels int
	Retries, HostPauses, FlagEvents, Deliveries, Notices   int
}

// rows lists the counts with their names, in the order printed.
func (c Counts) rows() []struct {
	name string
	n    int
} {
	return []struct {
		name string
		n    int
	}{{"feeds", c.Feeds}, {"subscriptions", c.Subscriptions}, {"articles", c.Articles}, {"flagged articles", c.Flagged},
		{"flags", c.Flags}, {"labels", c.Labels}, {"article retries", c.Retries}, {"host pauses", c.HostPauses},
		{"flag log events", c.FlagEvents}, {"webhook deliveries", c.Deliveries}, {"alert notices", c.Notices}}
}

// empty reports whether nothing at all is stored.
func (c Counts) empty() bool {
	for _, r := range c.rows() {
		if r.n != 0 {
			return false
		}
	}
	return true
}

// CountRecords counts st's records by kind at now (host pauses still in
// force), reading Stats and every list of store.Backend.
func CountRecords(ctx context.Context, st store.Backend, now time.Time) (Counts, error) {
	var c Counts
	s, err := st.Stats(ctx)
	if err != nil {
		return c, err
	}
	c.Feeds, c.Articles, c.Flagged = s.Feeds, s.Articles, s.Flagged
	for _, n := range s.FlagsByRule {
		c.Flags += n
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return c, err
	}
	c.Subscriptions = len(subs)
	if err := st.Labels(ctx, "", func(store.Label) error { c.Labels++; return nil }); err != nil {
		return c, err
	}
	rs, err := st.Retries(ctx)
	if err != nil {
		return c, err
	}
	c.Retries = len(rs)
	ps, err := st.HostPauses(ctx, now)
	if err != nil {
		return c, err
	}
	c.HostPauses = len(ps)
	if _, err := st.ReadFlagLog(ctx, 0, func(store.FlagEvent) error { c.FlagEvents++; return nil }); err != nil {
		return c, err
	}
	ds, err := st.Deliveries(ctx)
	if err != nil {
		return c, err
	}
	c.Deliveries = len(ds)
	ns, err := st.Notices(ctx)
	if err != nil {
		return c, err
	}
	c.Notices = len(ns)
	return c, nil
}

// Migrate is `newshound db migrate --from FILE`: it copies the bbolt
// archive FILE, opened read-only, into the configured PostgreSQL
// database, record by record as the file holds them (ids, story clusters
// and signatures, flag times, the flag log's sequences, labels, the
// outbox and the alert queue), streaming the articles and the flag log
// in batches, so memory stays constant however large the file. It
// refuses a database that holds anything unless force, which merges: a
// record under a key already there is replaced by the file's, so a
// migrate interrupted and run again converges. Then it counts both by
// kind and fails unless they agree (with force, unless PostgreSQL holds
// at least the file's). Not carried over: the digests' and spikes'
// progress, which store.Backend does not read (digests go on from the
// current period; a rule spiking at the time may alert once more).
func Migrate(ctx context.Context, cfg *config.Config, from string, force bool, stdout io.Writer) error {
	if !cfg.Postgres() {
		return fmt.Errorf("db migrate: storage.backend is bbolt, so there is no PostgreSQL database to copy %s into: set storage.backend: postgres and storage.dsn (or %s) in %s", from, config.EnvDatabaseURL, cfg.File)
	}
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("db migrate: cannot read the bbolt file to copy (give the path of a newshound database after --from): %w", err)
	}
	start := time.Now()
	src, err := store.Open(ctx, from, store.Options{ReadOnly: true, Timeout: LockTimeout, Logger: cfg.Logger})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("db migrate: %w; stop the daemon that holds it, or migrate from a hot copy written by newshound db backup", err)
	} else if err != nil {
		return fmt.Errorf("db migrate: %w", err)
	}
	defer src.Close()
	dst, err := OpenPostgres(ctx, cfg, store.Options{Logger: cfg.Logger, NormalizeURL: urlnorm.Normalize})
	if err != nil {
		return err
	}
	defer dst.Close()
	before, err := CountRecords(ctx, dst, start)
	if err != nil {
		return fmt.Errorf("db migrate: counting what %s holds: %w", Where(dst), err)
	}
	if !before.empty() && !force {
		return fmt.Errorf("db migrate: %s is not empty (%d feeds, %d articles, %d flag log events): migrate into an empty database, or pass --force to merge the file into it (the file's records replace those under the same key)", Where(dst), before.Feeds, before.Articles, before.FlagEvents)
	}
	if err := copyArchive(ctx, src, dst, start); err != nil {
		return fmt.Errorf("db migrate: %w; nothing is lost: run it again with --force to finish the copy", err)
	}
	want, err := CountRecords(ctx, src, start)
	if err != nil {
		return fmt.Errorf("db migrate: counting what %s holds: %w", from, err)
	}
	got, err := CountRecords(ctx, dst, start)
	if err != nil {
		return fmt.Errorf("db migrate: counting what %s holds: %w", Where(dst), err)
	}
	agree := want == got
	if !before.empty() {
		agree = atLeast(got, want)
	}
	how := "the counts agree"
	if !before.empty() {
		how = "PostgreSQL holds at least the file's records"
	}
	if !agree {
		how = "THE COUNTS DIFFER"
	}
	fmt.Fprintf(stdout, "copied %s into %s in %s; %s:\n", from, Where(dst), time.Since(start).Round(time.Millisecond), how)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\tbbolt file\tPostgreSQL\n")
	for i, r := range want.rows() {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", r.name, r.n, got.rows()[i].n)
	}
	tw.Flush()
	if !agree {
		return fmt.Errorf("db migrate: %s holds other counts than %s after the copy (see the table): run newshound db check on both", Where(dst), from)
	}
	return nil
}

// atLeast reports whether every count of got is at least want's.
func atLeast(got, want Counts) bool {
	g := got.rows()
	for i, r := range want.rows() {
		if g[i].n < r.n {
			return false
		}
	}
	return true
}

// copyArchive copies every kind of record of src into dst.
func copyArchive(ctx context.Context, src *store.Store, dst *postgres.Store, now time.Time) error {
	feeds, err := src.Feeds(ctx)
	if err != nil {
		return err
	}
	for _, f := range feeds {
		if err := dst.PutFeed(ctx, f); err != nil {
			return err
		}
	}
	subs, err := src.Subscriptions(ctx)
	if err != nil {
		return err
	}
	if len(subs) > 0 {
		if _, err := dst.AddSubscriptions(ctx, subs); err != nil {
			return err
		}
	}
	if err := copyArticles(ctx, src, dst); err != nil {
		return err
	}
	err = src.Labels(ctx, "", func(l store.Label) error { return dst.PutLabel(ctx, l) })
	if err != nil {
		return err
	}
	rs, err := src.Retries(ctx)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if err := dst.PutRetry(ctx, r); err != nil {
			return err
		}
	}
	ps, err := src.HostPauses(ctx, now)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := dst.PutHostPause(ctx, p); err != nil {
			return err
		}
	}
	if err := copyFlagLog(ctx, src, dst); err != nil {
		return err
	}
	ds, err := src.Deliveries(ctx)
	if err != nil {
		return err
	}
	if err := dst.CopyDeliveries(ctx, ds); err != nil {
		return err
	}
	ns, err := src.Notices(ctx)
	if err != nil {
		return err
	}
	return dst.CopyNotices(ctx, ns)
}

// copyArticles streams src's articles, with their signatures, into dst
// in batches of migrateBatch.
func copyArticles(ctx context.Context, src *store.Store, dst *postgres.Store) error {
	return inBatches(func(put func(*store.Article) error) error {
		return src.Articles(ctx, store.Query{}, func(a *store.Article) error {
			sig, err := src.ArticleSignature(ctx, a.ID)
			if err != nil {
				return err
			}
			a.Signature = sig
			return put(a)
		})
	}, func(b []*store.Article) error { return dst.CopyArticles(ctx, b) })
}

// copyFlagLog streams src's flag log into dst in batches of migrateBatch.
func copyFlagLog(ctx context.Context, src *store.Store, dst *postgres.Store) error {
	return inBatches(func(put func(store.FlagEvent) error) error {
		_, err := src.ReadFlagLog(ctx, 0, put)
		return err
	}, func(b []store.FlagEvent) error { return dst.CopyFlagEvents(ctx, b) })
}

// inBatches passes what read puts to write, migrateBatch at a time and
// the rest at the end, so that a copy holds one batch in memory.
func inBatches[T any](read func(put func(T) error) error, write func([]T) error) error {
	batch := make([]T, 0, migrateBatch)
	err := read(func(x T) error {
		if batch = append(batch, x); len(batch) < migrateBatch {
			return nil
		}
		err := write(batch)
		clear(batch)
		batch = batch[:0]
		return err
	})
	if err != nil || len(batch) == 0 {
		return err
	}
	return write(batch)
}
