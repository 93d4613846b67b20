package export

import (
	"context"
	"time"

	"github.com/newshound/newshound/store"
)

// Entry is one exported story: the fields of a stored Article (id, url,
// title, author, published, fetched, feed, summary, text, lang,
// fetch_error, flags, cluster, aliases, conflicts), with "sources" listing
// the story's articles instead of the article's feeds.
type Entry struct {
	*store.Article
	// Sources are the articles of the story's cluster, oldest first; the
	// entry's own article is among them.
	Sources []Member `json:"sources"`
}

// Member is one article of a story, as listed in Entry.Sources.
type Member struct {
	// ID and URL are the article's id and normalized URL.
	ID  string `json:"id"`
	URL string `json:"url"`
	// Title is the article's own headline.
	Title string `json:"title"`
	// Published is when it was published; absent when unknown.
	Published *time.Time `json:"published,omitempty"`
	// Feed is the feed it was first read from; Feeds every feed it was
	// seen in.
	Feed  store.FeedRef   `json:"feed"`
	Feeds []store.FeedRef `json:"feeds,omitempty"`
}

func sourceOf(a *store.Article) Member {
	return Member{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed, Feeds: a.Sources}
}

// entryOf builds a's entry, or nil when a's cluster was written already.
func entryOf(ctx context.Context, src Source, a *store.Article, noCluster bool, seen map[string]bool) (*Entry, error) {
	c := a.Cluster
	if noCluster || c == "" {
		return &Entry{Article: a, Sources: []Member{sourceOf(a)}}, nil
	}
	if seen[c] {
		return nil, nil
	}
	seen[c] = true
	members, err := src.Cluster(ctx, c)
	if err != nil {
		return nil, err
	}
	e := &Entry{Article: a}
	found := false
	for _, m := range members {
		e.Sources = append(e.Sources, sourceOf(m))
		found = found || m.ID == a.ID
	}
	if !found {
		e.Sources = append(e.Sources, sourceOf(a))
	}
	return e, nil
}
