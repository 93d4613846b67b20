package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gocolly/colly/v2"
)

// Page is a fetched article page, before extraction.
type Page struct {
	URL         string // final URL after redirects
	Status      int
	ContentType string // as the server sent it, charset included
	Body        []byte
}

// articleFetcher fetches article pages with one long-lived colly
// collector: robots.txt obeyed (colly ignores it by default), the shared
// transport (politeness, address guard, body cap), revisits allowed so
// colly keeps no visited set — the store decides what has been seen.
type articleFetcher struct {
	c *colly.Collector
}

type pageKey struct{}

func newArticleFetcher(ctx context.Context, o Options, tr http.RoundTripper) (*articleFetcher, error) {
	c := colly.NewCollector(
		colly.StdlibContext(ctx),
		colly.UserAgent(o.UserAgent),
		colly.AllowURLRevisit(),
		colly.MaxBodySize(0), // colly truncates silently; our transport errors instead
		colly.ParseHTTPErrorResponse(),
	)
	c.IgnoreRobotsTxt = false
	c.DetectCharset = false
	c.WithTransport(tr)
	c.SetRequestTimeout(o.Timeout)
	c.SetRedirectHandler(checkRedirect)
	c.OnResponse(func(r *colly.Response) {
		p, ok := r.Ctx.GetAny("page").(*Page)
		if !ok {
			return
		}
		p.URL = r.Request.URL.String()
		p.Status = r.StatusCode
		p.ContentType = r.Headers.Get(originalContentType)
		p.Body = r.Body
	})
	return &articleFetcher{c: c}, nil
}

// fetch gets one article page. A robots.txt refusal wraps ErrRobots; a
// non-2xx status is an *HTTPError.
func (f *articleFetcher) fetch(ctx context.Context, rawURL string) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := &Page{}
	cctx := colly.NewContext()
	cctx.Put("page", p)
	hdr := http.Header{}
	hdr.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	err := f.c.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	switch {
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return nil, fmt.Errorf("article %s: %w", rawURL, ErrRobots)
	case err != nil && p.Status == 0:
		return nil, fmt.Errorf("article %s: %w", rawURL, unwrapColly(err))
	case p.Status < 200 || p.Status > 299:
		return nil, &HTTPError{URL: rawURL, StatusCode: p.Status}
	}
	return p, nil
}

// unwrapColly strips the url.Error wrapper colly passes through so the
// message reads as one sentence.
func unwrapColly(err error) error {
	if errors.Is(err, ErrRobotsUnavailable) || errors.Is(err, ErrBodyTooLarge) {
		return err
	}
	if s := err.Error(); strings.Contains(s, "robots") {
		return fmt.Errorf("%w: %w", ErrRobots, err)
	}
	return err
}

// FetchPage fetches one article page the way the crawler does (robots.txt,
// politeness, address guard, size cap), for `rules test --url`.
func (c *Crawler) FetchPage(ctx context.Context, rawURL string) (*Page, error) {
	return c.articles.fetch(ctx, rawURL)
}
