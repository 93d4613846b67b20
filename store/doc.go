// Package store is newshound's database: one bbolt file holding the
// feeds, every fetched article (flagged or not) and the indexes that
// export and the HTTP API read, newest first.
//
// # Layout
//
// Top-level buckets, schema version 2 (SchemaVersion):
//
//	meta      "schema" -> decimal schema version
//	feeds     feed URL -> Feed as JSON
//	articles  ArticleID(normalized URL) -> Article as JSON
//	by_time   index key -> empty, one per article
//	flagged   index key -> empty, one per article with a flag
//	flags     rule name -> bucket of index key -> flag time (8 bytes, Unix seconds)
//	outbox    delivery sequence (8 bytes) -> Delivery as JSON, webhook alerts to send
//
// and the story-cluster index, created on first write (see Signature):
//
//	cluster_sigs     article id -> cluster id, sort time, band keys, MinHash values (binary)
//	cluster_bands    band key (8 bytes) + time key + article id -> empty
//	cluster_members  len(cluster id) (1 byte) + cluster id + article id -> empty
//	aliases          ArticleID(alias URL) -> article id
//
// PutArticle and AddArticle look up the band keys of a signed article
// within its signature's window (the time key bounds the scan), compare at
// most a few hundred candidates and join the cluster of the similar ones;
// when they belong to several clusters, those merge into the oldest (at
// most MaxClusterMembers articles relabelled in the same transaction), so
// the clusters do not depend on the order articles arrive in. Prune
// removes an article's entries with it.
//
// and the search index (schema 2; Open builds it for a file of schema 1
// opened read-write, see search_index.go):
//
//	search_words    word, 0, chunk (2 bytes) -> roaring bitmap of the document numbers holding it
//	search_docs     document number (4 bytes) -> index key
//	search_ids      article id -> document number
//	search_pending  sequence -> document number, then "+word" or "-word" each ended by a zero byte
//
// PutArticle and Prune append the words an article gains and loses to
// search_pending in their own transaction; the write that finds 512
// entries there folds them into the bitmaps, each rewritten once. A
// search (ParseSearch) ANDs the bitmaps of its words, adds the pending
// documents holding them, and decodes only those candidates, newest
// first (sorted when a few thousand, else by walking the time index and
// skipping the others), for Search.Match to decide: every match is found,
// however old.
//
// A "retry" bucket, created on first use (no migration), maps an
// ArticleID to a Retry as JSON: the articles whose page is fetched again.
// A "labels" bucket, also created on first use, maps an article id, a
// zero byte and a rule name to a Label as JSON: a person's judgement of
// the story for the rule (PutLabel, Labels); Prune removes an article's
// labels with it.
//
// An index key is 12 bytes of time, ordered so that bytes ascending means
// newest first, followed by the article id. The time is the article's sort
// time: Published, or Fetched when Published is unknown or later than
// Fetched. Values are JSON (encoding/json): readable with bbolt's own
// tools, and new fields need no migration. Every value is decoded, and so
// copied, inside its transaction; nothing returned points into the file.
//
// # Concurrency and processes
//
// A Store is safe for concurrent use. PutArticle and AddSource share write
// transactions between concurrent callers (bbolt's Batch, which waits up to
// 10 ms to gather them), and are idempotent as Batch requires. Articles
// reads in short read transactions, since a long one stops the file from
// growing. Only one process may open the file read-write: Open waits at
// most Options.Timeout and returns ErrLocked, so a second newshound
// process (export, db backup) goes through the running daemon's HTTP API.
//
// # Damage
//
// bbolt panics on a damaged file and faults on a truncated one; Open and
// every method recover and return ErrCorrupt naming the file, and Open
// checks that the file is as long as its pages need. Check runs bbolt's
// full consistency check plus an index check; Backup, Compact and Prune
// are the rest of `newshound db`.
package store
