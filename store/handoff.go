package store

import (
	"encoding/json"
	"time"
)

// Handoff is a feed item whose article page belongs to a host another
// crawler process owns (see crawler.Coordinator): the process that polled
// the feed queues it, and the owner of the article's host fetches and
// stores the article as if it had polled the feed itself. Only a store
// shared by several processes (store/postgres) keeps handoffs; a single
// process owns every host and never makes one.
type Handoff struct {
	// Seq numbers the handoff in its queue; zero until queued.
	Seq int64 `json:"seq,omitempty"`
	// ArticleID is ArticleID of the item's link; with Feed.URL it keys
	// the queue, so an item queued again while it waits is queued once.
	ArticleID string `json:"article_id"`
	// Host is the article's host (the URL's host, port included), whose
	// owner takes the handoff.
	Host string `json:"host"`
	// Feed is the feed that carried the item.
	Feed FeedRef `json:"feed"`
	// Item is the feed item as the crawler encodes it (a gofeed.Item in
	// JSON); the store keeps it as it is.
	Item json.RawMessage `json:"item"`
	// Queued is when the handoff was queued.
	Queued time.Time `json:"queued"`
}
