package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/crawler/robots"
)

// Sentinel errors. Errors returned by a Fetcher, a client from NewClient
// and Parse wrap one of these, or an *HTTPError, so callers can classify
// them with errors.Is and errors.As (or Classify).
var (
	// ErrBodyTooLarge: a response body exceeded Options.MaxBodyBytes after
	// decompression. The body is refused, never silently truncated.
	ErrBodyTooLarge = errors.New("response body too large")
	// ErrRobots: robots.txt disallows the article page. It is
	// robots.ErrDisallowed.
	ErrRobots = robots.ErrDisallowed
	// ErrRobotsUnavailable: robots.txt answered 5xx or 429, or no answer
	// came in time. The page is not fetched now, and the host is not taken
	// as disallowing it: the article is fetched again later, and robots.txt
	// asked for again after a few minutes. It is robots.ErrUnavailable.
	ErrRobotsUnavailable = robots.ErrUnavailable
	// ErrParse: a feed body could not be parsed as RSS, Atom or JSON Feed.
	ErrParse = errors.New("not a readable feed")
	// ErrTooManyItems: a feed has more items than the limit given to Parse
	// (the crawler's Options.MaxFeedItems), or more than MaxFeedElements
	// elements. The feed is refused, never silently cut.
	ErrTooManyItems = errors.New("feed has too many items")
	// ErrHostPaused: the host answered 429 or 503 with Retry-After (or 429
	// without), and no request goes to it until the pause ends. Errors
	// wrapping it are *PauseError, which carries the end.
	ErrHostPaused = errors.New("host paused")
	// ErrTooManyRedirects: a redirect chain was longer than 10 (a loop?).
	ErrTooManyRedirects = errors.New("too many redirects")
)

// MaxRetryAfter caps a server's Retry-After: a longer one is taken as this
// long, so that a mistaken or hostile header cannot stop a host for days.
const MaxRetryAfter = 6 * time.Hour

// PauseError is a request refused without being sent because its host is
// paused. It wraps ErrHostPaused.
type PauseError struct {
	// Host is the paused host (host:port as in the URL).
	Host string
	// Until is when the pause ends.
	Until time.Time
}

// Error names the host and the end of the pause.
func (e *PauseError) Error() string {
	return fmt.Sprintf("%s is paused until %s after it asked to slow down (429/503 with Retry-After); not sent", e.Host, e.Until.UTC().Format(time.RFC3339))
}

// Unwrap returns ErrHostPaused.
func (e *PauseError) Unwrap() error { return ErrHostPaused }

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
// HTTP date, capped at MaxRetryAfter; it returns zero when absent,
// unreadable or in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		return min(time.Duration(min(secs, 1<<32))*time.Second, MaxRetryAfter)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), MaxRetryAfter)
	}
	return 0
}

func errTooManyRedirects(u string) error {
	return fmt.Errorf("%s: stopped after %d redirects (a redirect loop?): %w", u, maxRedirects, ErrTooManyRedirects)
}
