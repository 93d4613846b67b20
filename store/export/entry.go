package export

import (
	"context"
	"fmt"
	"time"

	"github.com/newshound/newshound/store"
)

// Entry is one exported story: the fields of a stored Article (id, url,
// title, author, published, fetched, feed, summary, text, lang,
// fetch_error, flags, cluster, aliases, conflicts), with "sources" listing
// the story's articles instead of the article's feeds, and its labels.
type Entry struct {
	*store.Article
	// Sources are the articles of the story's cluster, oldest first; the
	// entry's own article is among them.
	Sources []Member `json:"sources"`
	// Labels are people's judgements of the entry's article, by rule;
	// absent when it has none.
	Labels []Label `json:"labels,omitempty"`
}

// Label is a person's judgement of an exported article for one rule:
// store.Label without the article id, which the entry or source gives.
type Label struct {
	Rule     string    `json:"rule"`
	Relevant bool      `json:"relevant"`
	Labeled  time.Time `json:"labeled"`
}

// labelSet maps an article id to its labels, in rule order.
type labelSet map[string][]Label

// loadLabels reads every label of src.
func loadLabels(ctx context.Context, src Source) (labelSet, error) {
	m := labelSet{}
	err := src.Labels(ctx, "", func(l store.Label) error {
		m[l.ArticleID] = append(m[l.ArticleID], Label{Rule: l.Rule, Relevant: l.Relevant, Labeled: l.Labeled})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return m, nil
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
	// Labels are people's judgements of this article; absent when none.
	Labels []Label `json:"labels,omitempty"`
}

func sourceOf(a *store.Article, labels labelSet) Member {
	return Member{ID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, Feed: a.Feed, Feeds: a.Sources, Labels: labels[a.ID]}
}

// entryOf builds a's entry, or nil when a's cluster was written already.
func entryOf(ctx context.Context, src Source, a *store.Article, noCluster bool, seen map[string]bool, labels labelSet) (*Entry, error) {
	c := a.Cluster
	if noCluster || c == "" {
		return &Entry{Article: a, Sources: []Member{sourceOf(a, labels)}, Labels: labels[a.ID]}, nil
	}
	if seen[c] {
		return nil, nil
	}
	seen[c] = true
	members, err := src.Cluster(ctx, c)
	if err != nil {
		return nil, err
	}
	e := &Entry{Article: a, Labels: labels[a.ID]}
	found := false
	for _, m := range members {
		e.Sources = append(e.Sources, sourceOf(m, labels))
		found = found || m.ID == a.ID
	}
	if !found {
		e.Sources = append(e.Sources, sourceOf(a, labels))
	}
	return e, nil
}
