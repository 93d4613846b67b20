package fetch

import (
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptrace"
	"strings"
	"time"

	"github.com/newshound/newshound/crawler/netguard"
)

// originalContentType carries a response's Content-Type past colly, whose
// own charset conversion would otherwise run before our decoder.
const originalContentType = "X-Newshound-Content-Type"

// transport is the one RoundTripper behind every request newshound makes:
// it refuses private addresses in the dialer, sets the user agent, keeps
// per-host politeness, decompresses and caps bodies after decompression.
type transport struct {
	base      *http.Transport
	userAgent string
	maxBody   int64
	limiter   *hostLimiter
	log       *slog.Logger
}

func newTransport(o Options, limiter *hostLimiter) *transport {
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.DialContext = netguard.NewDialer(o.AllowPrivateNetworks, o.Timeout).DialContext
	base.Proxy = nil // a proxy would dial for us and bypass the address guard
	base.MaxIdleConnsPerHost = max(o.HostConcurrency, 2)
	base.ResponseHeaderTimeout = o.Timeout
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &transport{base: base, userAgent: o.UserAgent, maxBody: o.MaxBodyBytes, limiter: limiter, log: log.With("component", "crawler")}
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("User-Agent") == "" || strings.HasPrefix(req.Header.Get("User-Agent"), "colly") {
		req = req.Clone(req.Context())
		req.Header.Set("User-Agent", t.userAgent)
	}
	release, err := t.limiter.acquire(req.Context(), req.URL.Host)
	if err != nil {
		return nil, err
	}
	// The host's delay runs again from when the request is on the wire: a
	// request held up between its turn and its write (a dial, a stalled
	// goroutine) does not arrive closer to the next one.
	host := req.URL.Host
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		WroteHeaders: func() { t.limiter.sent(host) },
	}))
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	t.pauseHost(req, resp)
	if resp.ContentLength > t.maxBody && !resp.Uncompressed {
		resp.Body.Close()
		release()
		return nil, fmt.Errorf("%s: %w (%d bytes declared, limit %d; raise fetch.max_body_bytes to accept it)", req.URL, ErrBodyTooLarge, resp.ContentLength, t.maxBody)
	}
	body := io.ReadCloser(resp.Body)
	if !resp.Uncompressed && isGzip(resp) {
		zr, err := gzip.NewReader(body)
		if err != nil {
			body.Close()
			release()
			return nil, fmt.Errorf("%s: bad gzip body: %w", req.URL, err)
		}
		body = &multiCloser{Reader: zr, closers: []io.Closer{zr, body}}
		resp.Header.Del("Content-Encoding")
		resp.Uncompressed = true
		resp.ContentLength = -1
	}
	resp.Body = &cappedBody{r: body, left: t.maxBody, url: req.URL.String(), limit: t.maxBody, hint: "raise fetch.max_body_bytes to accept it", release: release}
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		resp.Header.Set(originalContentType, ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			resp.Header.Set("Content-Type", mt)
		}
	}
	return resp, nil
}

// defaultTooManyPause is how long a host that answers 429 without a
// usable Retry-After is left alone.
const defaultTooManyPause = time.Minute

// pauseHost pauses req's host when resp asks to slow down: 429, or 503
// with Retry-After. Every later request to the host, feed, robots.txt or
// article, fails fast with a *PauseError until the pause ends.
func (t *transport) pauseHost(req *http.Request, resp *http.Response) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return
	}
	now := t.limiter.now()
	d := parseRetryAfter(resp.Header.Get("Retry-After"), now)
	if d == 0 && resp.StatusCode == http.StatusTooManyRequests {
		d = defaultTooManyPause
	}
	if d <= 0 {
		return
	}
	t.limiter.pause(req.Context(), req.URL.Host, now.Add(d), resp.StatusCode)
	t.log.Warn("host paused", "host", req.URL.Host, "status", resp.StatusCode, "retry_after", resp.Header.Get("Retry-After"), "until", now.Add(d).UTC())
}

func isGzip(resp *http.Response) bool {
	ce := strings.ToLower(resp.Header.Get("Content-Encoding"))
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	return strings.Contains(ce, "gzip") ||
		(ce == "" && (strings.Contains(ct, "application/gzip") || strings.Contains(ct, "application/x-gzip"))) ||
		strings.HasSuffix(strings.ToLower(resp.Request.URL.Path), ".gz")
}

// cappedBody fails with ErrBodyTooLarge once more than limit bytes have
// been read, and releases the host slot on Close.
type cappedBody struct {
	r       io.ReadCloser
	left    int64
	limit   int64
	url     string
	hint    string // what to do about it
	release func()
	done    bool
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.tooLarge()
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n - 1, c.tooLarge()
	}
	return n, err
}

func (c *cappedBody) tooLarge() error {
	return fmt.Errorf("%s: %w (over %d bytes after decompression; %s)", c.url, ErrBodyTooLarge, c.limit, c.hint)
}

func (c *cappedBody) Close() error {
	err := c.r.Close()
	if !c.done {
		c.done = true
		c.release()
	}
	return err
}

type multiCloser struct {
	io.Reader
	closers []io.Closer
}

func (m *multiCloser) Close() error {
	var first error
	for _, c := range m.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
