package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/crawler/dedupe"
	"github.com/newshound/newshound/crawler/extract"
	"github.com/newshound/newshound/crawler/fetch"
	"github.com/newshound/newshound/crawler/urlnorm"
	"github.com/newshound/newshound/store"
)

// itemOutcome is what happened to one feed item.
type itemOutcome struct {
	isNew    bool
	fetchErr error    // the article page could not be fetched or extracted
	flagged  []string // rules that flagged the new article
	err      error    // the item could not be stored: the poll is incomplete
	// handedOff: another process owns the article's host and was handed
	// the item (coord.go)
	handedOff bool
}

// processItem stores one feed item's article if it is new, or records
// the feed as another source of an article already stored, under the
// item's link or, once the page is fetched, under its canonical URL.
func (c *Crawler) processItem(ctx context.Context, ref store.FeedRef, it *gofeed.Item) itemOutcome {
	link, err := itemLink(it, ref.URL)
	if err != nil {
		c.log.Warn("feed item skipped", "feed_url", ref.URL, "title", it.Title, "error", err)
		return itemOutcome{}
	}
	id := store.ArticleID(link)
	// Two feeds may carry the same story in one pass: the first fetches,
	// the others wait and add themselves as sources.
	done := make(chan struct{})
	if prev, busy := c.inflight.LoadOrStore(id, done); busy {
		select {
		case <-prev.(chan struct{}):
		case <-ctx.Done():
			return itemOutcome{err: ctx.Err()}
		}
	} else {
		defer func() { c.inflight.Delete(id); close(done) }()
	}
	has, err := c.store.HasArticle(ctx, id)
	if err != nil {
		return itemOutcome{err: err}
	}
	if has {
		if err := c.store.AddSource(ctx, id, ref); err != nil {
			return itemOutcome{err: err}
		}
		return itemOutcome{}
	}
	// The host stays this process's own until the article is stored.
	release, owned := c.coord.Acquire(urlHost(link))
	if !owned {
		return c.handOff(ctx, ref, it, id, link)
	}
	defer release()
	a, fetchErr := c.buildArticle(ctx, ref, it, id, link)
	if ctx.Err() != nil {
		return itemOutcome{err: ctx.Err()}
	}
	a.Flags = c.flag(a)
	a.Signature = c.signer.Sign(a.Text)
	added, err := c.store.AddArticle(ctx, a)
	if err != nil {
		return itemOutcome{err: err}
	}
	if !added { // stored already under its canonical URL: now a source too
		return itemOutcome{}
	}
	c.observeFlags(a, nil)
	out := itemOutcome{isNew: true, fetchErr: fetchErr}
	for _, f := range a.Flags {
		out.flagged = append(out.flagged, f.Rule)
	}
	if fetchErr != nil {
		c.log.Info("article kept from feed text", "article_url", link, "error", fetchErr, "error_class", fetch.Classify(fetchErr))
		if _, err := c.scheduleRetry(ctx, a, 1, fetchErr); err != nil {
			c.log.Warn("article retry not scheduled", "article_url", link, "error", err)
		}
	}
	return out
}

// itemLink returns the item's normalized absolute article URL.
func itemLink(it *gofeed.Item, feedURL string) (string, error) {
	link := strings.TrimSpace(it.Link)
	if link == "" && len(it.Links) > 0 {
		link = strings.TrimSpace(it.Links[0])
	}
	if link == "" && (strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://")) {
		link = it.GUID
	}
	if link == "" {
		return "", ErrNoLink
	}
	base, err := url.Parse(feedURL)
	if err != nil {
		return "", err
	}
	u, err := base.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%w: %q is not an http(s) link", ErrNoLink, link)
	}
	return urlnorm.Normalize(u.String())
}

// buildArticle fetches and extracts the article page. When that fails,
// the feed item's own content is kept and the failure returned (and
// recorded on the article).
func (c *Crawler) buildArticle(ctx context.Context, ref store.FeedRef, it *gofeed.Item, id, link string) (*store.Article, error) {
	summary := htmlToText(it.Description)
	content := htmlToText(it.Content)
	if summary == "" {
		summary = content
	}
	if content == "" {
		content = summary
	}
	a := &store.Article{
		ID:        id,
		URL:       link,
		Title:     strings.TrimSpace(htmlToText(it.Title)),
		Author:    itemAuthor(it),
		Published: itemTime(it),
		Fetched:   c.now().UTC(),
		Feed:      ref,
		Sources:   []store.FeedRef{ref},
		Summary:   summary,
		Text:      content,
	}
	if !c.wantsArticle(a) {
		a.FetchError = "not fetched: no rule's prefilter matched the feed text"
		return a, nil
	}
	err := c.extractInto(ctx, a, it)
	if err != nil {
		a.FetchError = err.Error()
	}
	return a, err
}

// extractInto fetches the page and fills the article from it and the
// feed item with extract.Merge: the feed's title, authors and explicit
// publication date win when present (an Atom updated time alone yields to
// the page's own publication date, not to its last change), disagreements are kept in a.Conflicts, and the page's
// text is kept unless the feed's own content is longer. The article moves
// to the page's canonical URL (dedupe.ArticleURL), keeping the feed's link
// as an alias.
func (c *Crawler) extractInto(ctx context.Context, a *store.Article, it *gofeed.Item) error {
	p, err := c.observedFetchArticle(ctx, a.URL)
	if err != nil {
		return err
	}
	pageURL, _ := url.Parse(p.URL)
	r, err := c.observedExtract(ctx, p.Body, p.ContentType, pageURL)
	if err != nil {
		return fmt.Errorf("article %s: %w", a.URL, err)
	}
	fm := extract.FeedMeta{Title: a.Title, Content: it.Content}
	if fm.Content == "" {
		fm.Content = it.Description
	}
	if t := it.PublishedParsed; t != nil && !t.IsZero() {
		fm.Published = *t
	}
	if t := it.UpdatedParsed; t != nil && !t.IsZero() {
		fm.Updated = *t
	}
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			fm.Authors = append(fm.Authors, strings.TrimSpace(p.Name))
		}
	}
	m := extract.Merge(fm, r, nil)
	a.Title, a.Author = m.Title, strings.Join(m.Authors, ", ")
	if !m.Published.IsZero() {
		t := m.Published.UTC()
		a.Published = &t
	}
	if m.Text != "" {
		a.Text = m.Text
	}
	for _, cf := range m.Conflicts {
		a.Conflicts = append(a.Conflicts, store.Conflict{Field: cf.Field, Feed: cf.Feed, Page: cf.Page})
	}
	a.Lang = r.Lang
	if u := dedupe.ArticleURL(a.URL, p.URL, r.Canonical); u != a.URL {
		a.Aliases = append(a.Aliases, a.URL)
		a.URL, a.ID = u, store.ArticleID(u)
	}
	return nil
}

func itemAuthor(it *gofeed.Item) string {
	var names []string
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, strings.TrimSpace(p.Name))
		}
	}
	return strings.Join(names, ", ")
}

func itemTime(it *gofeed.Item) *time.Time {
	t := it.PublishedParsed
	if t == nil {
		t = it.UpdatedParsed
	}
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
