package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
)

// scanPage is how many articles Articles reads per query: it calls fn
// between queries, outside any transaction.
const scanPage = 256

// sortedCandidates is the most search candidates read through the
// words and stems indexes and sorted; a search with more walks the
// articles in order. Sorting costs about a quarter of what walking
// costs per article read (2.4 and 9.7 µs at 100,000 stories): with
// 3,060 candidates a first page took 7 ms sorted and 85 ms walked.
const sortedCandidates = 4096

// Articles calls fn with each article q selects, newest first by sort
// time (then by id), and stops at the first error fn returns, returning
// it unchanged. It reads scanPage articles per query and calls fn between
// them, so memory stays bounded and fn may call the Store; an article
// stored or replaced meanwhile may or may not be seen. q.After, when set,
// must be a cursor of ArticlesPage.
func (s *Store) Articles(ctx context.Context, q store.Query, fn func(*store.Article) error) error {
	after, err := queryAfter(q)
	if err != nil {
		return err
	}
	n := 0
	for {
		want := scanPage
		if q.Limit > 0 {
			want = min(want, q.Limit-n)
		}
		page, keys, _, err := s.queryPage(ctx, q, after, want, nil)
		if err != nil {
			return fmt.Errorf("postgres: query articles: %w", err)
		}
		for _, a := range page {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("postgres: query articles: %w", err)
			}
			if err := fn(a); err != nil {
				return err
			}
			n++
		}
		if len(page) < want || (q.Limit > 0 && n >= q.Limit) {
			return nil
		}
		after = keys[len(keys)-1]
	}
}

// ArticlesPage returns one page of the articles q selects (at most
// q.Limit, defaulted to store.DefaultPageLimit and capped at
// store.MaxPageLimit) and the cursor to pass as Query.After for the next
// page, or "" when this page is the last. A bad cursor gives
// store.ErrBadCursor.
func (s *Store) ArticlesPage(ctx context.Context, q store.Query) ([]*store.Article, string, error) {
	after, err := queryAfter(q)
	if err != nil {
		return nil, "", err
	}
	limit := pageLimit(q)
	page, keys, _, err := s.queryPage(ctx, q, after, limit+1, nil) // one more: is there a next page?
	if err != nil {
		return nil, "", fmt.Errorf("postgres: query articles: %w", err)
	}
	if len(page) <= limit {
		return page, "", nil
	}
	return page[:limit], encodeCursor(keys[limit-1]), nil
}

// pageLimit is the page size of q: Query.Limit, defaulted and capped.
func pageLimit(q store.Query) int {
	if q.Limit <= 0 {
		return store.DefaultPageLimit
	}
	return min(q.Limit, store.MaxPageLimit)
}

// queryAfter decodes q.After; nil when it is empty.
func queryAfter(q store.Query) ([]byte, error) {
	if q.After == "" {
		return nil, nil
	}
	return decodeCursor(q.After)
}

// queryPage reads at most limit articles q selects with sort keys after
// after (from the newest when nil), and their keys. The range is one
// index's: the rule's flags, the flagged articles' or all articles'.
// With a search, it reads only its candidates (searchCond), texts kept
// for store.Search.Match, and reports for each whether it is without
// words (a candidate the indexes did not decide); otherwise q.NoText
// drops the texts.
func (s *Store) queryPage(ctx context.Context, q store.Query, after []byte, limit int, search store.Search) ([]*store.Article, [][]byte, []bool, error) {
	key := "a.sort_key"
	from := "articles a"
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	switch {
	case q.Rule != "":
		key, from = "f.sort_key", "flags f JOIN articles a ON a.id = f.article_id"
		where = append(where, "f.rule = "+arg(q.Rule))
	case q.FlaggedOnly:
		where = append(where, "a.flagged")
	}
	if after != nil {
		where = append(where, key+" > "+arg(after))
	}
	if !q.Until.IsZero() { // sort time < Until: keys from Until's last nanosecond on
		where = append(where, key+" >= "+arg(timeKey(q.Until.Add(-time.Nanosecond))))
	}
	if !q.Since.IsZero() { // sort time >= Since: keys up to Since's, whatever the id
		where = append(where, key+" < "+arg(append(timeKey(q.Since), 0xff)))
	}
	if q.Feed != "" {
		where = append(where, "a.feeds @> ARRAY["+arg(q.Feed)+"]::text[]")
	}
	base, baseArgs := slices.Clone(where), slices.Clone(args) // q's bounds alone
	if len(search) > 0 {
		where = append(where, searchCond(search, arg))
	}
	sql := "SELECT " + key + ", a.doc, a.words IS NULL FROM " + from
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY " + key + " LIMIT " + arg(limit)
	var page []*store.Article
	var keys [][]byte
	var unworded []bool
	read := func(db querier) error {
		rows, err := db.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, doc []byte
			var none bool
			if err := rows.Scan(&k, &doc, &none); err != nil {
				return err
			}
			a := new(store.Article)
			if err := json.Unmarshal(doc, a); err != nil {
				return fmt.Errorf("decode article at key %x: %w", k, err)
			}
			if q.NoText && len(search) == 0 {
				a.Text = ""
			}
			page, keys, unworded = append(page, a), append(keys, k), append(unworded, none)
		}
		return rows.Err()
	}
	if len(search) == 0 {
		err := read(s.pool)
		return page, keys, nil, err
	}
	// The planner costs reading rows by the table's own pages, not by the
	// TOAST pages the long words values live in, so it walks sort_key
	// (or scans the table) rechecking every story even for a word few
	// hold (seen with schema 5's trigram column: 47 ms at 5,000 stories
	// where its index took 0.4 ms; BenchmarkSearch measures both paths).
	// A probe through the index alone (bitmap scans only) counts the
	// candidates up to sortedCandidates; when there are no more, they are
	// read through the index and sorted, else the ordered walk of
	// sort_key finds a page of a common term soon. The first probe counts
	// the articles holding every word exactly, without the stems: a
	// common word is known common without the bitmap of its stems in
	// every language (the larger part of the probe's cost); only when
	// those are few does a second probe count the candidates the stems
	// add. Each statement is planned for its own terms, not by a generic
	// plan.
	type probe struct {
		where []string
		args  []any
	}
	exact := probe{append(base, "(a.words IS NULL OR a.words @@ $"+strconv.Itoa(len(baseArgs)+1)+"::tsquery)"),
		append(baseArgs, tsQuery(search))}
	probes := []probe{exact}
	if slices.ContainsFunc(search, isPlain) {
		probes = append(probes, probe{where, args[:len(args)-1]}) // all but the limit
	}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL plan_cache_mode = force_custom_plan`); err != nil {
			return err
		}
		for _, p := range probes {
			sql := "SELECT count(*) FROM (SELECT 1 FROM " + from + " WHERE " + strings.Join(p.where, " AND ") +
				" LIMIT " + strconv.Itoa(sortedCandidates+1) + ") c"
			var n int
			if err := tx.QueryRow(ctx, sql, p.args...).Scan(&n); err != nil {
				return err
			}
			if n > sortedCandidates {
				if _, err := tx.Exec(ctx, `SET LOCAL enable_indexscan = on`); err != nil {
					return err
				}
				break
			}
		}
		return read(tx)
	})
	return page, keys, unworded, err
}

// RuleNames returns, sorted, the names of the rules that flag at least
// one stored article: a loose scan of the flags index, one probe per
// rule, however many flags each has.
func (s *Store) RuleNames(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `WITH RECURSIVE r(rule) AS (
			SELECT min(rule) FROM flags
			UNION ALL
			SELECT (SELECT min(rule) FROM flags WHERE rule > r.rule) FROM r WHERE r.rule IS NOT NULL
		) SELECT rule FROM r WHERE rule IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list flagging rules: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("postgres: list flagging rules: %w", err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list flagging rules: %w", err)
	}
	return names, nil
}
