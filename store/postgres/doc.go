// Package postgres is newshound's second storage backend: the archive in
// a PostgreSQL database, reached through pgx's connection pool, which
// several newshound processes on several machines may share. Every
// method keeps the meaning its doc comment gives on *store.Store (the
// bbolt file), and package store/storetest checks both against it.
//
// *Store implements every method of store.Backend. Several crawler
// processes share one database through a Coordinator (coord.go: hosts
// divided by advisory locks, handoffs of articles between them), claim
// each delivery and notice with a lease before sending it (ClaimDelivery,
// ClaimNotice) and
// pass reloads with a Reloader (LISTEN/NOTIFY); docs/scaling.md has the
// design. SearchPage has store's query language (store.ParseSearch:
// words, phrases, prefixes) over the whole archive, and a plain word
// also finds its inflections in the story's language: the words column,
// a tsvector of store.SearchWords, and the stems column, those words
// stemmed by the Snowball configuration of the story's language and
// tagged by it, under GIN indexes, decide words and prefixes, and
// store.Search.Match the order of a phrase's words (docs/api.md).
//
// # Schema
//
// The schema is in migrations/*.sql (0001 feeds, 0002 articles, 0003
// alerts, 0004 prune, 0005 search, 0006 search words, 0007 coord, 0008
// retry buckets, 0009 search stems),
// embedded in the binary and applied in version order by Open (each
// version the table lacks, so that one numbered below another already
// applied is applied too), each in its own transaction recorded in the
// table schema_migrations (version, name, applied), while Open holds an
// advisory lock, so that processes starting together migrate once and the
// others wait. A database at a version newer than the binary's gives
// store.ErrSchema. This migrator (migrate.go, a hundred lines on pgx
// alone) was chosen over goose and golang-migrate: both reach the
// database through database/sql, a second connection path beside the
// pool, and bring down migrations and a command line newshound does not
// use; a version table and one advisory lock are all it needs.
//
// Every record is kept whole as JSON in a doc column, the encoding/json
// of the store type as the bbolt file holds it, so that a field added to
// a store type needs no migration; the other columns are what queries
// filter, order and join by:
//
//	feeds          url -> doc (store.Feed)
//	subscriptions  url -> doc (store.Subscription)
//	host_pauses    host -> until (seconds, nanoseconds), doc
//	retries        id -> due (seconds, nanoseconds), doc, bucket; index on
//	               due
//	articles       id -> url, sort_key, flagged, cluster, feeds (Feed and
//	               Sources URLs, GIN index), fetched (indexed), published,
//	               doc, words (tsvector of store.SearchWords, GIN index),
//	               stems (the words' tagged stems in the story's
//	               language, GIN index), stems_pending (stored before
//	               schema 9, its stems not yet filled in by fillStems)
//	aliases        ArticleID(alias URL) -> article id
//	flags          (rule, sort_key) -> article id, flagged: the per-rule index
//	               (the articles of a story cluster are those whose
//	               cluster column names it)
//	cluster_sigs   article id -> cluster, sort time, bands, MinHash values
//	cluster_bands  (band, time key, article id): the LSH bands, indexed
//	labels         (article id, rule) -> doc (store.Label)
//	flag_log       seq -> at (seconds, nanoseconds), doc (store.FlagEvent)
//	outbox         seq -> delivery id, doc (store.Delivery), lease_until
//	notices        seq -> notice id, doc (store.Notice), lease_until: the
//	               alert queue
//	handoffs       seq -> bucket, article id, feed URL, lease_until, doc
//	               (store.Handoff); index on (bucket, seq)
//	alert_state    "digest/"+name or "spike/"+rule -> doc: progress
//	counters       name -> value: the flag log's, outbox's and queue's
//	               sequences
//
// Identifiers are COLLATE "C", so they sort bytewise as in the bbolt
// file. Times that order or bound a query to the nanosecond are
// (seconds, nanoseconds) pairs, since PostgreSQL's timestamps keep
// microseconds. An article's sort_key is the bbolt file's index key: the
// time key of store.SortTime (byte order newest first) followed by the
// id, so a page of articles is one range of the articles table's unique
// index (or of the partial index of flagged articles, or of a rule's
// flags) and a cursor is the base64 of the last key. Rows that hang off
// an article (aliases, flags, signatures, bands, labels) reference it
// ON DELETE CASCADE, so that deleting an article removes them with it.
// doc is json, not jsonb, which refuses the zero bytes an extracted text
// may hold.
//
// # Concurrency
//
// Writes of articles (PutArticle, AddArticle, AddSource) run in one
// transaction each that first takes a transaction-scoped advisory lock:
// they are serialized across every process, as bbolt serializes its
// writers, because clustering reads and relabels other articles and
// AddArticle's "exactly one caller gets true" spans aliases. The flag
// log's sequence is a row of counters updated in the storing
// transaction, so events are numbered without gaps in commit order and
// a reader after Last never misses one committed later.
package postgres
