package discover

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/crawler/fetch"
)

// page is one fetched candidate.
type page struct {
	url  string // after redirects
	body []byte
	html bool // a web page rather than (maybe) a feed
}

// fetch GETs u through the Finder's client; a status other than 2xx is a
// *fetch.HTTPError.
func (f *Finder) fetch(ctx context.Context, u string) (*page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("discover: %s: %w", u, err)
	}
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
	resp, err := f.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("discover: %w", &fetch.HTTPError{URL: u, StatusCode: resp.StatusCode})
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("discover: read %s: %w", u, err)
	}
	p := &page{url: resp.Request.URL.String(), body: body}
	p.html = isHTML(resp.Header.Get("Content-Type"), body)
	return p, nil
}

// feed reads the page as a feed, as a crawl would.
func (p *page) feed() (*gofeed.Feed, error) {
	return fetch.ParseFeed(p.body, p.url)
}

// sniffBytes is how much of a body isHTML looks at.
const sniffBytes = 1024

// isHTML reports whether a response is a web page: served as HTML, or
// opening with an HTML doctype or <html> element (XHTML served as XML).
func isHTML(contentType string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return !looksLikeFeed(body)
	}
	head := bytes.ToLower(body[:min(len(body), sniffBytes)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html"))
}

// looksLikeFeed reports whether a body served as HTML opens like a feed
// (a misconfigured server), so it is parsed rather than scanned for links.
func looksLikeFeed(body []byte) bool {
	head := bytes.ToLower(body[:min(len(body), sniffBytes)])
	if bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html")) {
		return false
	}
	for _, root := range []string{"<rss", "<feed", "<rdf:rdf", `"version": "https://jsonfeed.org`, `"version":"https://jsonfeed.org`} {
		if bytes.Contains(head, []byte(root)) {
			return true
		}
	}
	return false
}
