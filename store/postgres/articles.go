package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// articleLock is the advisory lock every article write takes for its
// transaction (see the package doc): "articles" in ASCII.
const articleLock int64 = 0x61727469636c6573

// writeArticles runs fn in a transaction holding articleLock.
func (s *Store) writeArticles(ctx context.Context, fn func(pgx.Tx) error) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, articleLock); err != nil {
			return err
		}
		return fn(tx)
	})
}

// HasArticle reports whether an article with the id, or with the id as
// one of its aliases, is stored.
func (s *Store) HasArticle(ctx context.Context, id string) (bool, error) {
	rid, err := resolve(ctx, s.pool, id)
	if err != nil {
		return false, fmt.Errorf("postgres: look up article %s: %w", id, err)
	}
	return rid != "", nil
}

// Article returns the stored article with the id, or with the id as one
// of its aliases, or store.ErrNotFound.
func (s *Store) Article(ctx context.Context, id string) (*store.Article, error) {
	a, err := readArticle(ctx, s.pool, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: article %s: %w", id, err)
	}
	return a, nil
}

// querier is what reads need of a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// resolve returns the id of the stored article with the id, or of which
// it is an alias; "" when there is none.
func resolve(ctx context.Context, q querier, id string) (string, error) {
	var rid string
	err := q.QueryRow(ctx, `SELECT id FROM (
			SELECT id, 0 AS pref FROM articles WHERE id = $1
			UNION ALL
			SELECT article_id, 1 FROM aliases JOIN articles ON articles.id = aliases.article_id WHERE alias_id = $1
		) found ORDER BY pref LIMIT 1`, id).Scan(&rid)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return rid, err
}

// readArticle reads the article id resolves to, or store.ErrNotFound.
func readArticle(ctx context.Context, q querier, id string) (*store.Article, error) {
	var doc []byte
	err := q.QueryRow(ctx, `SELECT doc FROM articles WHERE id = $1
		UNION ALL
		SELECT articles.doc FROM aliases JOIN articles ON articles.id = aliases.article_id WHERE alias_id = $1
		LIMIT 1`, id).Scan(&doc)
	if err != nil {
		return nil, notFound(err)
	}
	a := new(store.Article)
	if err := json.Unmarshal(doc, a); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return a, nil
}

// PutArticle stores a, replacing any article with the same id, as
// (*store.Store).PutArticle does: it fills in ID, Fetched, Sources,
// Cluster, the flags' Stored and Duplicate and Aliases on a, places a
// signed article in its story cluster, and asks the AlertPolicy about
// each flag in the storing transaction, appending the flags it raises to
// the flag log and their deliveries to the outbox there.
func (s *Store) PutArticle(ctx context.Context, a *store.Article) error {
	if err := prepareArticle(a); err != nil {
		return err
	}
	err := s.writeArticles(ctx, func(tx pgx.Tx) error { return s.putArticle(ctx, tx, a) })
	if err != nil {
		return fmt.Errorf("postgres: save article %s: %w", a.ID, err)
	}
	if len(a.Flags) > 0 {
		s.outbox.notify()
	}
	return nil
}

// AddArticle stores a as PutArticle does and returns true, unless an
// article with a's id, or with the id of one of a.Aliases, is stored (or
// a's id is an alias of one): then it only adds a's Sources and Aliases
// to that article and returns false. Of concurrent callers with one id,
// in any number of processes, exactly one gets true.
func (s *Store) AddArticle(ctx context.Context, a *store.Article) (bool, error) {
	if err := prepareArticle(a); err != nil {
		return false, err
	}
	added := false
	err := s.writeArticles(ctx, func(tx pgx.Tx) error {
		added = false
		target, err := resolve(ctx, tx, a.ID)
		for _, al := range a.Aliases {
			if err == nil && target == "" {
				target, err = resolve(ctx, tx, store.ArticleID(al))
			}
		}
		if err != nil {
			return err
		}
		if target == "" {
			added = true
			return s.putArticle(ctx, tx, a)
		}
		return mergeInto(ctx, tx, target, a)
	})
	if err != nil {
		return false, fmt.Errorf("postgres: save article %s: %w", a.ID, err)
	}
	if added && len(a.Flags) > 0 {
		s.outbox.notify()
	}
	return added, nil
}

// AddSource records that the stored article with the id (or an alias's
// id) was also seen in feed f. It does nothing when f.URL is already
// among its sources and returns store.ErrNotFound when no such article is
// stored.
func (s *Store) AddSource(ctx context.Context, id string, f store.FeedRef) error {
	if f.URL == "" {
		return fmt.Errorf("postgres: add source to article %s: the feed has no URL", id)
	}
	err := s.writeArticles(ctx, func(tx pgx.Tx) error {
		a, err := readArticle(ctx, tx, id)
		if err != nil {
			return err
		}
		if hasSource(a.Sources, f.URL) {
			return nil
		}
		if len(a.Sources) == 0 && a.Feed.URL != "" {
			a.Sources = []store.FeedRef{a.Feed}
		}
		a.Sources = append(a.Sources, f)
		return updateDoc(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("postgres: add source %s to article %s: %w", f.URL, id, err)
	}
	return nil
}

// prepareArticle checks a and fills in what PutArticle documents, as
// store's own PutArticle does.
func prepareArticle(a *store.Article) error {
	switch {
	case a == nil:
		return errors.New("postgres: save article: nil article")
	case a.ID == "" && a.URL == "":
		return errors.New("postgres: save article: the article has neither an id nor a URL")
	case a.ID == "":
		a.ID = store.ArticleID(a.URL)
	}
	if a.Fetched.IsZero() {
		a.Fetched = time.Now().UTC()
	}
	if a.Feed.URL != "" && !hasSource(a.Sources, a.Feed.URL) {
		a.Sources = slices.Insert(a.Sources, 0, a.Feed)
	}
	if a.Signature != nil {
		if err := checkSignature(a.Signature); err != nil {
			return fmt.Errorf("postgres: save article %s: %w (sign it with crawler/dedupe)", a.ID, err)
		}
	}
	for i, f := range a.Flags {
		if f.Rule == "" {
			return fmt.Errorf("postgres: save article %s: flag %d has no rule name", a.ID, i)
		}
	}
	return nil
}

func hasSource(sources []store.FeedRef, url string) bool {
	return slices.ContainsFunc(sources, func(f store.FeedRef) bool { return f.URL == url })
}

// putArticle stores a prepared article in tx, replacing the version with
// its id and keeping every index in step.
func (s *Store) putArticle(ctx context.Context, tx pgx.Tx, a *store.Article) error {
	prev := new(store.Article) // the version replaced, zero when a is new
	var doc []byte
	err := tx.QueryRow(ctx, `SELECT doc FROM articles WHERE id = $1 FOR UPDATE`, a.ID).Scan(&doc)
	switch {
	case err == nil:
		if err := json.Unmarshal(doc, prev); err != nil {
			return fmt.Errorf("decode stored article: %w", err)
		}
	case !errors.Is(err, pgx.ErrNoRows):
		return err
	}
	if err := clusterArticle(ctx, tx, a, prev); err != nil {
		return err
	}
	stampFlags(prev.Flags, a, time.Now().UTC())
	alerts := s.alerts(prev.Flags, a)
	if err := enqueueAlerts(ctx, tx, a, alerts); err != nil {
		return err
	}
	if err := logFlags(ctx, tx, a, alerts); err != nil {
		return err
	}
	return writeArticleRow(ctx, tx, a)
}

// writeArticleRow writes a's row (its document, the columns queries
// select on, its search words and their stems in its language) and its
// flags' rows, replacing those of an article stored under its id
// before. PutArticle and CopyArticle both end with it, so that the two
// cannot disagree on the columns.
func writeArticleRow(ctx context.Context, tx pgx.Tx, a *store.Article) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return err
	}
	key := sortKey(a)
	var published *time.Time
	if a.Published != nil && !a.Published.IsZero() {
		published = a.Published
	}
	_, err = tx.Exec(ctx, `INSERT INTO articles (id, url, sort_key, flagged, cluster, feeds, fetched, published, doc, words, stems)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, array_to_tsvector($10::text[]), search_stems($11, $10::text[]))
		ON CONFLICT (id) DO UPDATE SET url = excluded.url, sort_key = excluded.sort_key, flagged = excluded.flagged,
			cluster = excluded.cluster, feeds = excluded.feeds, fetched = excluded.fetched,
			published = excluded.published, doc = excluded.doc, words = excluded.words, stems = excluded.stems, stems_pending = false`,
		a.ID, a.URL, key, len(a.Flags) > 0, a.Cluster, feedURLs(a), a.Fetched, published, doc, searchWords(a), a.Lang)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM flags WHERE article_id = $1`, a.ID); err != nil {
		return err
	}
	for _, f := range a.Flags {
		t := f.Flagged
		if t.IsZero() {
			t = a.Fetched
		}
		if _, err := tx.Exec(ctx, `INSERT INTO flags (rule, sort_key, article_id, flagged) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, f.Rule, key, a.ID, t); err != nil {
			return err
		}
	}
	return nil
}

// feedURLs lists the URLs of a's Feed and Sources, for articles.feeds.
func feedURLs(a *store.Article) []string {
	urls := []string{}
	if a.Feed.URL != "" {
		urls = append(urls, a.Feed.URL)
	}
	for _, f := range a.Sources {
		if !slices.Contains(urls, f.URL) {
			urls = append(urls, f.URL)
		}
	}
	return urls
}

// updateDoc rewrites a stored article's doc and feeds after a change of
// its sources or aliases, which move no index entry.
func updateDoc(ctx context.Context, tx pgx.Tx, a *store.Article) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE articles SET doc = $2, feeds = $3 WHERE id = $1`, a.ID, doc, feedURLs(a))
	return err
}

// stampFlags sets each flag's Stored time: the stored version's for a
// rule it had (prev), now for a rule new to the article.
func stampFlags(prev []store.Flag, a *store.Article, now time.Time) {
	for i := range a.Flags {
		a.Flags[i].Stored = now
		for _, p := range prev {
			if p.Rule == a.Flags[i].Rule {
				a.Flags[i].Stored = p.Stored
				break
			}
		}
	}
}

// mergeInto adds a's sources, URL and aliases to the stored article id.
func mergeInto(ctx context.Context, tx pgx.Tx, id string, a *store.Article) error {
	stored, err := readArticle(ctx, tx, id)
	if err != nil {
		return err
	}
	changed := false
	for _, f := range a.Sources {
		if f.URL != "" && !hasSource(stored.Sources, f.URL) {
			stored.Sources, changed = append(stored.Sources, f), true
		}
	}
	for _, al := range append([]string{a.URL}, a.Aliases...) {
		if al != "" && al != stored.URL && !slices.Contains(stored.Aliases, al) {
			stored.Aliases, changed = append(stored.Aliases, al), true
		}
	}
	if !changed {
		return nil
	}
	if err := putAliases(ctx, tx, stored, nil); err != nil {
		return err
	}
	return updateDoc(ctx, tx, stored)
}

// putAliases unions a.Aliases with the aliases of the version it
// replaces and maps each alias's id to a.ID.
func putAliases(ctx context.Context, tx pgx.Tx, a *store.Article, prev []string) error {
	for _, al := range prev {
		if !slices.Contains(a.Aliases, al) {
			a.Aliases = append(a.Aliases, al)
		}
	}
	a.Aliases = slices.DeleteFunc(a.Aliases, func(al string) bool { return al == "" || al == a.URL })
	if len(a.Aliases) == 0 {
		a.Aliases = nil
		return nil
	}
	for _, al := range a.Aliases {
		if aid := store.ArticleID(al); aid != a.ID {
			_, err := tx.Exec(ctx, `INSERT INTO aliases (alias_id, article_id) VALUES ($1, $2)
				ON CONFLICT (alias_id) DO UPDATE SET article_id = excluded.article_id`, aid, a.ID)
			if err != nil {
				return err
			}
		}
	}
	return nil
}
