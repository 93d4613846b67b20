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
// never calls Close. Cases call open once each and do not run in
// parallel with each other, though some call one backend from several
// goroutines at once, as newshound does.
//
// Times are compared with Equal after truncation to Precision (a
// microsecond), so a backend must keep at least microseconds; the
// suite's times are fixed values with microseconds, in UTC and in other
// zones. Times a backend stamps itself (a flag's Stored time, a label's
// zero Labeled time) are checked against the clock around the call,
// within a minute, so that a database server's clock may be a little
// off. Nothing sleeps.
package storetest
