package postgres

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/storetest"
)

// BenchmarkSearchArchive measures the latency of a first page (100
// stories, without their texts) over 100,000 and 1,000,000 generated
// stories (storetest.ArchiveStory, as bbolt's BenchmarkSearchArchive),
// p50 and p99 in milliseconds: a word of one story, the oldest; a word
// of one story in forty; a word of nearly every story; a phrase of two
// common words; a prefix. Each archive is loaded once for its cases by
// bulkArchive, into a database of the test binary's throwaway cluster.
// Not run in CI; -bench 'SearchArchive/stories=100000' runs one size.
func BenchmarkSearchArchive(b *testing.B) {
	for _, n := range []int{100000, 1000000} {
		b.Run(fmt.Sprintf("stories=%d", n), func(b *testing.B) {
			s := openBench(b)
			start := time.Now()
			bulkArchive(b, s, n)
			b.Logf("loaded %d stories in %v", n, time.Since(start).Round(time.Second))
			for _, tc := range []struct{ name, text string }{
				{"rare", storetest.ArchiveRare},
				{"mid", storetest.ArchiveMid},
				{"common", storetest.ArchiveCommon},
				{"phrase", `"` + storetest.ArchiveCommon + " " + storetest.ArchiveCommon + `"`},
				{"prefix", storetest.ArchiveMid[:3] + "*"},
			} {
				b.Run(tc.name, func(b *testing.B) {
					var ds []time.Duration
					for b.Loop() {
						t := time.Now()
						page, _, err := s.SearchPage(b.Context(), store.Query{NoText: true}, tc.text, 0)
						ds = append(ds, time.Since(t))
						if err != nil || len(page) == 0 {
							b.Fatalf("SearchPage(%q) = %d stories, %v; want some", tc.text, len(page), err)
						}
					}
					slices.Sort(ds)
					at := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
					b.ReportMetric(at(0.50), "p50-ms")
					b.ReportMetric(at(0.99), "p99-ms")
					b.ReportMetric(0, "ns/op")
				})
			}
		})
	}
}

// BenchmarkMigrateStems measures migration 9 on an archive of 100,000
// generated stories in English stored at schema 8 (bulkArchive, then
// the stems column and its functions dropped): the seconds migration 9
// itself takes (the column, its mark and their indexes), during which
// the articles table is locked, then the rate at which fillStems fills
// in the stems after it, in the background while the store is in use.
// Not run in CI; -benchtime 1x runs it once.
func BenchmarkMigrateStems(b *testing.B) {
	const n = 100000
	s := openBench(b)
	bulkArchive(b, s, n)
	for b.Loop() {
		b.StopTimer()
		undoSchema9(b, s)
		b.StartTimer()
		start := time.Now()
		if err := migrate(b.Context(), s.pool, s.log); err != nil {
			b.Fatal(err)
		}
		migrated := time.Now()
		if err := s.fillStems(b.Context()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(migrated.Sub(start).Seconds(), "s/migration")
		b.ReportMetric(n/time.Since(migrated).Seconds(), "filled-articles/s")
	}
	b.ReportMetric(0, "ns/op")
}

// bulkArchive loads the n stories of storetest.ArchiveStory as PutArticle
// would store them (no flags, each its own cluster), fast: COPY into an
// unlogged staging table, one INSERT ... SELECT into articles with the
// words and stems indexes dropped, the indexes built again after, then VACUUM ANALYZE
// as autovacuum would on a running database.
func bulkArchive(b *testing.B, s *Store, n int) {
	ctx := b.Context()
	conn, err := s.pool.Acquire(ctx) // one session: SET holds for what follows
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	exec := func(sql string) {
		if _, err := conn.Exec(ctx, sql); err != nil {
			b.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`CREATE UNLOGGED TABLE bulk_articles (id text, url text, sort_key bytea, feeds text[], fetched timestamptz,
		published timestamptz, doc text, words text[], lang text)`)
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		a := storetest.ArchiveStory(i, n)
		i++
		a.ID, a.Cluster, a.Sources = store.ArticleID(a.URL), store.ArticleID(a.URL), []store.FeedRef{a.Feed}
		doc, err := json.Marshal(a)
		if err != nil {
			return nil, err
		}
		return []any{a.ID, a.URL, sortKey(a), feedURLs(a), a.Fetched, a.Published, string(doc), searchWords(a), a.Lang}, nil
	})
	cols := []string{"id", "url", "sort_key", "feeds", "fetched", "published", "doc", "words", "lang"}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"bulk_articles"}, cols, src); err != nil {
		b.Fatalf("COPY the generated stories: %v", err)
	}
	exec(`DROP INDEX articles_words`)
	exec(`DROP INDEX articles_stems`)
	exec(`INSERT INTO articles (id, url, sort_key, flagged, cluster, feeds, fetched, published, doc, words, stems)
		SELECT id, url, sort_key, false, id, feeds, fetched, published, doc::json, array_to_tsvector(words),
			search_stems(lang, words) FROM bulk_articles`)
	exec(`DROP TABLE bulk_articles`)
	exec(`SET maintenance_work_mem = '1GB'`)
	exec(`CREATE INDEX articles_words ON articles USING gin (words)`)
	exec(`CREATE INDEX articles_stems ON articles USING gin (stems)`)
	exec(`VACUUM ANALYZE articles`)
}
