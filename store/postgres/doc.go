// Package postgres is newshound's second storage backend: the archive in
// a PostgreSQL database, reached through pgx's connection pool, which
// several newshound processes on several machines may share. Every
// method keeps the meaning its doc comment gives on *store.Store (the
// bbolt file), and package store/storetest checks both against it.
//
// This is part 1 of issue 16: feeds and subscriptions, host pauses and
// retries are here; the remaining methods of store.Backend follow, so
// *Store does not claim that interface yet.
//
// # Schema
//
// The schema is in migrations/*.sql, embedded in the binary and applied
// in order by Open, each in its own transaction recorded in the table
// schema_migrations (version, name, applied), while Open holds an
// advisory lock, so that processes starting together migrate once and
// the others wait. A database at a version newer than the binary's gives
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
//	retries        id -> due (seconds, nanoseconds), doc; index on due
//
// Identifiers are COLLATE "C", so they sort bytewise as in the bbolt
// file. Times that order or bound a query to the nanosecond are
// (seconds, nanoseconds) pairs, since PostgreSQL's timestamps keep
// microseconds.
package postgres
