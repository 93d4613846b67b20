package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Sentinel errors. Errors returned by the crawler wrap one of these, or an
// *HTTPError, so callers can classify them with errors.Is and errors.As.
var (
	// ErrBodyTooLarge: a response body exceeded Options.MaxBodyBytes after
	// decompression. The body is refused, never silently truncated.
	ErrBodyTooLarge = errors.New("response body too large")
	// ErrRobots: robots.txt disallows the article page.
	ErrRobots = errors.New("disallowed by robots.txt")
	// ErrRobotsUnavailable: robots.txt answered 5xx or 429, or was larger
	// than 512 KiB. The page is not fetched, and the host is not taken as
	// disallowing it: the next page on that host asks for robots.txt again.
	ErrRobotsUnavailable = errors.New("robots.txt unavailable")
	// ErrParse: a feed body could not be parsed as RSS, Atom or JSON Feed.
	ErrParse = errors.New("not a readable feed")
	// ErrTooManyItems: a feed has more items than Options.MaxFeedItems.
	// The feed is refused, never silently cut.
	ErrTooManyItems = errors.New("feed has too many items")
	// ErrNoLink: a feed item has no usable article link.
	ErrNoLink = errors.New("feed item has no link")
)

// HTTPError is a response with a status other than 2xx (or 304 for feeds).
type HTTPError struct {
	// URL is the requested URL.
	URL string
	// StatusCode is the response status.
	StatusCode int
	// RetryAfter is the server's Retry-After, zero when absent.
	RetryAfter time.Duration
}

// Error describes the status in one sentence.
func (e *HTTPError) Error() string {
	s := fmt.Sprintf("%s answered %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// parseRetryAfter reads a Retry-After header given as seconds or as an
// HTTP date; it returns zero when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func errTooManyRedirects(u string) error {
	return fmt.Errorf("%s: stopped after %d redirects (a redirect loop?)", u, maxRedirects)
}
