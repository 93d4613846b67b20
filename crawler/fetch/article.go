package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newshound/newshound/crawler/robots"
)

// Page is a fetched article page, before extraction.
type Page struct {
	// URL is the final URL after redirects.
	URL string
	// Status is the response status.
	Status int
	// ContentType is as the server sent it, charset included.
	ContentType string
	// Body is the page as sent, decompressed.
	Body []byte

	retryAfter string // the Retry-After header, if any
}

// articleFetcher fetches article pages with one long-lived colly
// collector: our own robots.txt cache checked before every page and every
// redirect (colly's would keep a 5xx robots.txt as "disallow all" for the
// life of the process), the shared transport (politeness, address guard,
// body cap), revisits allowed so colly keeps no visited set — the store
// decides what has been seen.
type articleFetcher struct {
	c       *colly.Collector
	robots  *robots.Cache
	limiter *hostLimiter
	now     func() time.Time
	timeout time.Duration
}

func newArticleFetcher(ctx context.Context, o Options, tr *transport, rc *robots.Cache) (*articleFetcher, error) {
	c := colly.NewCollector(
		colly.StdlibContext(ctx),
		colly.UserAgent(o.UserAgent),
		colly.AllowURLRevisit(),
		colly.MaxBodySize(0), // colly truncates silently; our transport errors instead
		colly.ParseHTTPErrorResponse(),
		colly.IgnoreRobotsTxt(),
	)
	c.DetectCharset = false
	c.WithTransport(tr)
	c.SetRequestTimeout(o.Timeout)
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if err := checkRedirect(req, via); err != nil {
			return err
		}
		return rc.Allowed(req.Context(), req.URL)
	})
	c.OnResponse(func(r *colly.Response) {
		p, ok := r.Ctx.GetAny("page").(*Page)
		if !ok {
			return
		}
		p.URL = r.Request.URL.String()
		p.Status = r.StatusCode
		p.ContentType = r.Headers.Get(originalContentType)
		p.Body = r.Body
		p.retryAfter = r.Headers.Get("Retry-After")
	})
	return &articleFetcher{c: c, robots: rc, limiter: tr.limiter, now: o.Now, timeout: o.Timeout}, nil
}

// fetch gets one article page. A robots.txt refusal wraps ErrRobots, an
// unreadable robots.txt ErrRobotsUnavailable, a paused host is a
// *PauseError; a non-2xx status is an *HTTPError.
func (f *articleFetcher) fetch(ctx context.Context, rawURL string) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", rawURL, err)
	}
	// A paused host gets no robots.txt request either.
	if until := f.limiter.pausedUntil(u.Host); !until.IsZero() {
		return nil, fmt.Errorf("article %s: %w", rawURL, &PauseError{Host: u.Host, Until: until})
	}
	if err := f.robots.Allowed(ctx, u); err != nil {
		return nil, fmt.Errorf("article %s: %w", rawURL, err)
	}
	p := &Page{}
	cctx := colly.NewContext()
	cctx.Put("page", p)
	hdr := http.Header{}
	hdr.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	err = f.c.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	switch {
	case err != nil && isTimeout(err):
		return nil, fmt.Errorf("article %s: no complete answer within %s (raise fetch.timeout for slow servers): %w", rawURL, f.timeout, unwrapURLError(err))
	case err != nil && p.Status == 0:
		return nil, fmt.Errorf("article %s: %w", rawURL, unwrapURLError(err))
	case p.Status < 200 || p.Status > 299:
		return nil, &HTTPError{URL: rawURL, StatusCode: p.Status, RetryAfter: parseRetryAfter(p.retryAfter, f.now())}
	}
	return p, nil
}

// isTimeout reports whether err is a request that ran out of time.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// unwrapURLError strips the *url.Error wrapper so the message reads as
// one sentence; errors.Is and errors.As still see the cause.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// Page fetches one article page: robots.txt checked first (and at every
// redirect), politeness, address guard and size cap. A robots.txt
// refusal wraps ErrRobots, an unreadable robots.txt ErrRobotsUnavailable,
// a paused host is a *PauseError; a non-2xx status is an *HTTPError.
func (f *Fetcher) Page(ctx context.Context, rawURL string) (*Page, error) {
	return f.articles.fetch(ctx, rawURL)
}
