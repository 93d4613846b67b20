// Package storetest is the conformance suite of newshound's storage: it
// checks that a store.Backend does what the doc comments of *store.Store
// say, through the interface only (no file, bucket or table is looked
// at), so that the bbolt file and any other database (store/postgres)
// are held to one meaning.
//
// # Groups
//
// Each group is a function taking the smallest interface it needs,
// declared here, so that a backend still being written runs the groups
// it has:
//
//	Feeds       FeedStore       feeds, their state, and the subscriptions
//	HostPauses  HostPauseStore  pauses asked for by hosts
//	Retries     RetryStore      articles whose page is fetched again
//	Labels      LabelStore      people's labels of stories
//	Articles    ArticleStore    storing, reading, resolving and querying articles
//	FlagLog     FlagLogStore    the AlertPolicy's questions, the flag log, deliveries
//	Outbox      OutboxStore     the webhook outbox and its signal
//	Notices     NoticeStore     digests, spikes and the alert queue
//	Clusters    ClusterStore    story clusters, whatever the order of arrival
//	Search      SearchStore     text search pages and their cursors
//	Prune       PruneStore      retention, and what goes with an article
//	Stats       StatsStore      the counts (not FileSize, which only a file has)
//	Checks      CheckStore      Check and QuickCheck pass on a sound store
//
// The suite checks what the doc comments promise and no more: where they
// leave a choice to the backend (the order of articles of one sort time,
// the form of a cursor), it accepts any choice, and checks only that
// following the cursors reads every match once, newest first. Search
// checks the query language of store.ParseSearch (words, prefixes,
// phrases, case, and no stemming in any language, but for the plain
// words of a backend run with the Stems option), a rare word under
// thousands of newer stories, and that replacements and Prune reach the
// index.
//
// Run runs every group against a full store.Backend. A backend's test
// runs it as bbolt's does (store/conformance_test.go):
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Backend {
//			b := openFreshBackend(t)
//			t.Cleanup(func() { b.Close() })
//			return b
//		})
//	}
//
// # What the suite requires
//
// Every call of open returns a fresh, empty backend, owned by the test t
// it is given: open registers its Close with t.Cleanup, and the suite
// never calls Close. Most cases call open once each (Search's cases
// share three backends); cases do not run in parallel with each other,
// though some call one backend from several goroutines at once, as
// processes sharing a database do.
//
// Times are compared with Equal after truncation to Precision (a
// microsecond), so a backend must keep at least microseconds; the
// suite's times are fixed values with microseconds, in UTC and in other
// zones. Times a backend stamps itself (a flag's Stored time, a label's
// zero Labeled time) are checked against the clock around the call,
// within a minute, so that a database server's clock may be a little
// off. Nothing sleeps.
package storetest
