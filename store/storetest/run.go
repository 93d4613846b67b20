package storetest

import (
	"testing"

	"github.com/newshound/newshound/store"
)

// Option tells the suite of a choice a backend made where the doc
// comments allow one.
type Option func(*options)

// options are the choices of the Options given.
type options struct {
	stems bool // plain search words find their inflections (Stems)
}

// Stems is the Option of a backend whose plain search words also find
// their inflections in the story's language, as store/postgres's
// SearchPage documents: the Search cases of a plain word that the bbolt
// file matches exactly (bank, banks, election, bank öffnen over
// searchStories, where PostgreSQL's Snowball stemmers give bank for
// banking, banks and Banken) then expect the stemmed matches instead.
// Every other case, prefixes and phrases included, expects the same.
func Stems() Option {
	return func(o *options) { o.stems = true }
}

// Run runs every group of the suite against the backends open returns,
// each group and case as a subtest. open is called once per case (three
// times for all of Search's) and must return a fresh, empty backend that it
// closes itself (see the package comment).
func Run(t *testing.T, open func(t *testing.T) store.Backend, opts ...Option) {
	t.Run("Feeds", func(t *testing.T) { Feeds(t, func(t *testing.T) FeedStore { return open(t) }) })
	t.Run("HostPauses", func(t *testing.T) { HostPauses(t, func(t *testing.T) HostPauseStore { return open(t) }) })
	t.Run("Retries", func(t *testing.T) { Retries(t, func(t *testing.T) RetryStore { return open(t) }) })
	t.Run("Labels", func(t *testing.T) { Labels(t, func(t *testing.T) LabelStore { return open(t) }) })
	t.Run("Articles", func(t *testing.T) { Articles(t, func(t *testing.T) ArticleStore { return open(t) }) })
	t.Run("FlagLog", func(t *testing.T) { FlagLog(t, func(t *testing.T) FlagLogStore { return open(t) }) })
	t.Run("Outbox", func(t *testing.T) { Outbox(t, func(t *testing.T) OutboxStore { return open(t) }) })
	t.Run("Notices", func(t *testing.T) { Notices(t, func(t *testing.T) NoticeStore { return open(t) }) })
	t.Run("Clusters", func(t *testing.T) { Clusters(t, func(t *testing.T) ClusterStore { return open(t) }) })
	t.Run("Search", func(t *testing.T) { Search(t, func(t *testing.T) SearchStore { return open(t) }, opts...) })
	t.Run("Prune", func(t *testing.T) { Prune(t, func(t *testing.T) PruneStore { return open(t) }) })
	t.Run("Stats", func(t *testing.T) { Stats(t, func(t *testing.T) StatsStore { return open(t) }) })
	t.Run("Checks", func(t *testing.T) { Checks(t, func(t *testing.T) CheckStore { return open(t) }) })
}
