package storetest

import (
	"testing"

	"github.com/newshound/newshound/store"
)

// Run runs every group of the suite against the backends open returns,
// each group and case as a subtest. open is called once per case and
// must return a fresh, empty backend that it closes itself (see the
// package comment).
func Run(t *testing.T, open func(t *testing.T) store.Backend) {
	t.Run("Feeds", func(t *testing.T) { Feeds(t, func(t *testing.T) FeedStore { return open(t) }) })
	t.Run("HostPauses", func(t *testing.T) { HostPauses(t, func(t *testing.T) HostPauseStore { return open(t) }) })
	t.Run("Retries", func(t *testing.T) { Retries(t, func(t *testing.T) RetryStore { return open(t) }) })
	t.Run("Labels", func(t *testing.T) { Labels(t, func(t *testing.T) LabelStore { return open(t) }) })
	t.Run("Articles", func(t *testing.T) { Articles(t, func(t *testing.T) ArticleStore { return open(t) }) })
}
