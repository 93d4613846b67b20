package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// maxCheckErrors caps the problems Check lists; it still counts all.
const maxCheckErrors = 100

// tables are the tables of the schema, which QuickCheck looks for.
var tables = []string{"feeds", "subscriptions", "host_pauses", "retries", "articles", "aliases", "flags",
	"cluster_sigs", "cluster_bands", "labels", "counters", "flag_log", "outbox", "notices", "alert_state",
	"handoffs", "schema_migrations"}

// Check checks, in one snapshot, what the schema's constraints cannot:
// that every article's columns (sort_key, flagged, cluster, feeds,
// words, and stems: those of its words in its language, set exactly
// when migration 9 stems that language, unless still to be filled in
// by fillStems) and per-rule flags agree with
// its doc, that each signature's cluster and bands agree with its
// article, and that every label's doc names its row. It returns nil, or an error wrapping store.ErrCorrupt joining the
// problems found (at most 100 listed). It reads every article: on a large
// archive it takes a while, but holds up no writer.
func (s *Store) Check(ctx context.Context) error {
	var problems []error
	n := 0
	add := func(err error) {
		if n++; n <= maxCheckErrors {
			problems = append(problems, err)
		}
	}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if err := checkArticles(ctx, tx, add); err != nil {
			return err
		}
		return checkLabels(ctx, tx, add)
	})
	if err != nil {
		return fmt.Errorf("postgres: check: %w", err)
	}
	if n == 0 {
		return nil
	}
	joined := errors.Join(problems...)
	return fmt.Errorf("postgres: the database failed its check with %d problems (restore it from a pg_dump backup): %w: %w", n, store.ErrCorrupt, joined)
}

// checkArticles checks each article's columns, flags and signature
// against its doc.
func checkArticles(ctx context.Context, tx pgx.Tx, add func(error)) error {
	rows, err := tx.Query(ctx, `SELECT a.id, a.sort_key, a.flagged, a.cluster, a.feeds, a.doc, tsvector_to_array(a.words),
			a.stems_pending OR a.stems IS NOT DISTINCT FROM search_stems(search_doc_lang(a.doc), tsvector_to_array(a.words)), a.stems IS NULL,
			coalesce((SELECT array_agg(f.rule || ' ' || encode(f.sort_key, 'hex') ORDER BY f.rule) FROM flags f WHERE f.article_id = a.id), '{}'),
			s.cluster, s.sort_sec, s.sort_nsec, s.bands,
			coalesce((SELECT array_agg(DISTINCT encode(b.time_key, 'hex')) FROM cluster_bands b WHERE b.article_id = a.id), '{}'),
			(SELECT count(DISTINCT b.band) FROM cluster_bands b WHERE b.article_id = a.id)
		FROM articles a LEFT JOIN cluster_sigs s ON s.article_id = a.id ORDER BY a.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, cluster string
		var key, doc []byte
		var flagged bool
		var feeds, flagRows, timeKeys []string
		var sigCluster *string
		var words []string // nil: NULL
		var stemsOK, stemsNull bool
		var sigSec *int64
		var sigNsec *int32
		var bands []int64
		var bandCount int
		if err := rows.Scan(&id, &key, &flagged, &cluster, &feeds, &doc, &words, &stemsOK, &stemsNull, &flagRows,
			&sigCluster, &sigSec, &sigNsec, &bands, &timeKeys, &bandCount); err != nil {
			return err
		}
		var a store.Article
		if err := json.Unmarshal(doc, &a); err != nil {
			add(fmt.Errorf("article %s: cannot decode: %w", id, err))
			continue
		}
		want := sortKey(&a)
		switch {
		case a.ID != id:
			add(fmt.Errorf("article %s: its doc names article %s", id, a.ID))
		case !bytes.Equal(key, want):
			add(fmt.Errorf("article %s: sort_key %x, want %x from its times", id, key, want))
		}
		if flagged != (len(a.Flags) > 0) {
			add(fmt.Errorf("article %s: flagged is %v with %d flags", id, flagged, len(a.Flags)))
		}
		if cluster != a.Cluster {
			add(fmt.Errorf("article %s: cluster column %q, its doc %q", id, cluster, a.Cluster))
		}
		if got, want := slices.Sorted(slices.Values(feeds)), slices.Sorted(slices.Values(feedURLs(&a))); !slices.Equal(got, want) {
			add(fmt.Errorf("article %s: feeds %q, want %q", id, got, want))
		}
		if want := searchWords(&a); (words == nil) != (want == nil) || !slices.Equal(slices.Sorted(slices.Values(words)), want) {
			add(fmt.Errorf("article %s: its words column holds %d words, not the %d of its title, summary and text", id, len(words), len(want)))
		}
		if !stemsOK && stemsNull {
			add(fmt.Errorf("article %s: its stems column is empty, though its language %q is stemmed", id, a.Lang))
		} else if !stemsOK {
			add(fmt.Errorf("article %s: its stems column is not that of its words in its language %q", id, a.Lang))
		}
		var wantFlags []string
		for _, f := range a.Flags {
			if r := f.Rule + " " + fmt.Sprintf("%x", key); !slices.Contains(wantFlags, r) {
				wantFlags = append(wantFlags, r)
			}
		}
		slices.Sort(wantFlags)
		if !slices.Equal(flagRows, wantFlags) {
			add(fmt.Errorf("article %s: flag index %q, want %q", id, flagRows, wantFlags))
		}
		if sigCluster == nil {
			continue
		}
		if *sigCluster != a.Cluster {
			add(fmt.Errorf("article %s: its signature is in cluster %s, the article in %s", id, *sigCluster, a.Cluster))
		}
		tk := fmt.Sprintf("%x", timeKey(store.SortTime(&a)))
		sec, nsec := secNsec(store.SortTime(&a))
		if *sigSec != sec || *sigNsec != nsec || !slices.Equal(timeKeys, []string{tk}) {
			add(fmt.Errorf("article %s: its signature's time or band keys are not at its sort time", id))
		}
		if distinct := len(slices.Compact(slices.Sorted(slices.Values(bands)))); bandCount != distinct {
			add(fmt.Errorf("article %s: %d band rows, want %d", id, bandCount, distinct))
		}
	}
	return rows.Err()
}

// checkLabels checks that every label's doc names its row.
func checkLabels(ctx context.Context, tx pgx.Tx, add func(error)) error {
	rows, err := tx.Query(ctx, `SELECT article_id, rule, doc FROM labels ORDER BY article_id, rule`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, rule string
		var doc []byte
		if err := rows.Scan(&id, &rule, &doc); err != nil {
			return err
		}
		var l store.Label
		if err := json.Unmarshal(doc, &l); err != nil {
			add(fmt.Errorf("label of %s for rule %q: cannot decode: %w", id, rule, err))
			continue
		}
		if l.ArticleID != id || l.Rule != rule {
			add(fmt.Errorf("label of %s for rule %q: its doc names article %s and rule %q", id, rule, l.ArticleID, l.Rule))
		}
	}
	return rows.Err()
}

// QuickCheck looks, in a time that does not grow with the archive, for
// damage Check or Open would report: that the schema is at this build's
// version and every table of it answers a read. It returns an error
// wrapping store.ErrCorrupt with a sentence naming the fix, or nil; nil
// does not mean the data are sound (run Check for that).
func (s *Store) QuickCheck(ctx context.Context) error {
	var v int
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("postgres: quick check: read the schema version: %w", err)
	}
	if v != SchemaVersion() {
		return fmt.Errorf("postgres: the database is at schema version %d, not %d (reopen it with this newshound to migrate it): %w", v, SchemaVersion(), store.ErrCorrupt)
	}
	for _, t := range tables {
		if _, err := s.pool.Exec(ctx, `SELECT 1 FROM `+pgx.Identifier{t}.Sanitize()+` LIMIT 1`); err != nil {
			return fmt.Errorf("postgres: the table %s cannot be read (restore the database from a pg_dump backup): %w: %w", t, store.ErrCorrupt, err)
		}
	}
	return nil
}
