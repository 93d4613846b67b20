package crawler

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/store"
)

// feedResponse is one feed fetch: either NotModified, or a body to parse.
type feedResponse struct {
	NotModified  bool
	Body         []byte
	ETag         string
	LastModified string
	Hash         string
	FinalURL     string
}

// fetchFeed requests a feed with net/http, sending the stored validators
// (gofeed does no conditional GET itself). A 304 or a body whose hash
// equals the stored one is reported as NotModified.
func (c *Crawler) fetchFeed(ctx context.Context, st store.Feed) (*feedResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
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
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", st.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return &feedResponse{NotModified: true, ETag: st.ETag, LastModified: st.LastModified, Hash: st.BodyHash}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &HTTPError{URL: st.URL, StatusCode: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.now())}
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("feed %s: read body: %w", st.URL, err)
	}
	sum := sha256.Sum256(body)
	fr := &feedResponse{
		Body:         body,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Hash:         hex.EncodeToString(sum[:16]),
		FinalURL:     resp.Request.URL.String(),
	}
	fr.NotModified = st.BodyHash != "" && fr.Hash == st.BodyHash
	return fr, nil
}

// parseFeed parses RSS 0.9x/1.0/2.0, Atom or JSON Feed with gofeed.
func parseFeed(body []byte, feedURL string) (*gofeed.Feed, error) {
	p := gofeed.NewParser()
	f, err := p.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w: %w", feedURL, ErrParse, err)
	}
	return f, nil
}
