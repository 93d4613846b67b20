package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"github.com/newshound/newshound/store"
)

// FeedResponse is one feed fetch: either NotModified, or a body to parse.
type FeedResponse struct {
	// NotModified is true for a 304, or a body whose hash is the stored
	// one; Body is then empty.
	NotModified bool
	// Body is the feed as sent, decompressed.
	Body []byte
	// ETag and LastModified are the validators to send next time (the
	// stored ones after a 304).
	ETag         string
	LastModified string
	// Hash identifies the body (hex of the first 16 bytes of its SHA-256).
	Hash string
	// FinalURL is the URL after redirects; empty after a 304.
	FinalURL string
	// CacheFor is what Cache-Control max-age or Expires asked for.
	CacheFor time.Duration
}

// Feed requests a feed with net/http, sending the validators stored on st
// (gofeed does no conditional GET itself). A 304 or a body whose hash
// equals st.BodyHash is reported as NotModified; a status other than 2xx
// is an *HTTPError.
func (f *Fetcher) Feed(ctx context.Context, st store.Feed) (*FeedResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, st.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", st.URL, err)
	}
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
	if st.ETag != "" {
		req.Header.Set("If-None-Match", st.ETag)
	}
	if st.LastModified != "" {
		req.Header.Set("If-Modified-Since", st.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.timeoutError(st.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return &FeedResponse{NotModified: true, ETag: st.ETag, LastModified: st.LastModified, Hash: st.BodyHash, CacheFor: headerHint(resp.Header, f.opts.Now())}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &HTTPError{URL: st.URL, StatusCode: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), f.opts.Now())}
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, f.timeoutError(st.URL, fmt.Errorf("read body: %w", err))
	}
	sum := sha256.Sum256(body)
	fr := &FeedResponse{
		Body:         body,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Hash:         hex.EncodeToString(sum[:16]),
		FinalURL:     resp.Request.URL.String(),
		CacheFor:     headerHint(resp.Header, f.opts.Now()),
	}
	fr.NotModified = st.BodyHash != "" && fr.Hash == st.BodyHash
	return fr, nil
}

// ParseFeed parses a feed body fetched from feedURL exactly as a crawl
// does: RSS 0.9x/1.0/2.0, Atom or JSON Feed, refused past
// DefaultMaxFeedItems items, 200,000 elements or 1000 levels of nesting,
// and repaired once (UTF-16, undeclared windows-1252, control characters,
// cut after a whole item) when the first parse fails. Errors wrap ErrParse
// or ErrTooManyItems. feedURL is used only in error messages.
func ParseFeed(body []byte, feedURL string) (*gofeed.Feed, error) {
	f, _, err := Parse(body, feedURL, DefaultMaxFeedItems)
	return f, err
}

// DefaultMaxFeedItems is the item limit of ParseFeed, and the crawler's
// default Options.MaxFeedItems.
const DefaultMaxFeedItems = 5000

// timeoutError words a fetch that ran out of time as one sentence naming
// the limit; other errors are only prefixed.
func (f *Fetcher) timeoutError(feedURL string, err error) error {
	if isTimeout(err) {
		return fmt.Errorf("feed %s: no complete answer within %s (raise fetch.timeout for slow servers): %w", feedURL, f.opts.Timeout, err)
	}
	return fmt.Errorf("feed %s: %w", feedURL, err)
}

// Parse parses RSS 0.9x/1.0/2.0, Atom or JSON Feed with gofeed. A
// feed with more than maxItems items or MaxFeedElements elements is
// refused with ErrTooManyItems, and one nested deeper than MaxFeedDepth
// with ErrParse, all found by scanFeed before the parse, so a hostile
// body costs a scan, not a parse. A body gofeed rejects is
// repaired (see repairFeed) and parsed once more before giving up.
//
// repaired, when not nil, is the first parse's error: the feed was read
// only after repair.
func Parse(body []byte, feedURL string, maxItems int) (f *gofeed.Feed, repaired, err error) {
	lim := feedLimits{Items: maxItems, Elements: MaxFeedElements, Depth: MaxFeedDepth}
	if err := checkFeedShape(body, feedURL, lim); err != nil {
		return nil, nil, err
	}
	f, err = newFeedParser().Parse(bytes.NewReader(body))
	if err != nil {
		fixed := repairFeed(body)
		if fixed == nil {
			return nil, nil, fmt.Errorf("feed %s: %w: %w", feedURL, ErrParse, err)
		}
		// The repair can turn bytes the scan could not read (UTF-16, a
		// cut tail) into elements: the repaired body is scanned again.
		if serr := checkFeedShape(fixed, feedURL, lim); serr != nil {
			return nil, nil, serr
		}
		repaired = err
		if f, err = newFeedParser().Parse(bytes.NewReader(fixed)); err != nil {
			return nil, nil, fmt.Errorf("feed %s: %w: %w (also after repair)", feedURL, ErrParse, err)
		}
	}
	if len(f.Items) > maxItems {
		return nil, nil, fmt.Errorf("feed %s: %w (%d, limit %d)", feedURL, ErrTooManyItems, len(f.Items), maxItems)
	}
	return f, repaired, nil
}

// newFeedParser is gofeed's parser with atomTranslator for Atom feeds.
func newFeedParser() *gofeed.Parser {
	p := gofeed.NewParser()
	p.AtomTranslator = &atomTranslator{}
	return p
}

// atomTranslator is gofeed's Atom translator, except that an entry without
// <published> gets no publication date: gofeed fills it from <updated>,
// which says when the entry last changed. itemTime still falls back to the
// updated time, but extract.Merge prefers the page's own publication date to it.
type atomTranslator struct{ gofeed.DefaultAtomTranslator }

// Translate translates an *atom.Feed as gofeed does, then clears the
// publication date of each entry that did not state one.
func (t *atomTranslator) Translate(feed any) (*gofeed.Feed, error) {
	f, err := t.DefaultAtomTranslator.Translate(feed)
	if err != nil {
		return nil, err
	}
	if af, ok := feed.(*atom.Feed); ok && len(af.Entries) == len(f.Items) {
		for i, e := range af.Entries {
			if strings.TrimSpace(e.Published) == "" {
				f.Items[i].Published, f.Items[i].PublishedParsed = "", nil
			}
		}
	}
	return f, nil
}
