package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/newshound/newshound/crawler/netguard"
)

// ErrorClass names the kind of a fetch failure. It is stored on the feed
// (store.Feed.ErrorClass) and decides how much the failure weighs towards
// marking the feed broken and whether an article is fetched again.
type ErrorClass string

// The error classes. The zero ErrorClass means no error.
const (
	ClassDNS         ErrorClass = "dns"          // the host name does not resolve
	ClassConnect     ErrorClass = "connect"      // refused, reset or unreachable
	ClassTimeout     ErrorClass = "timeout"      // no complete answer in time
	ClassTLS         ErrorClass = "tls"          // handshake or certificate
	ClassNotFound    ErrorClass = "not_found"    // 404 or 410
	ClassHTTP        ErrorClass = "http"         // any other non-2xx status
	ClassRateLimited ErrorClass = "rate_limited" // 429, 503 with Retry-After, host paused
	ClassParse       ErrorClass = "parse"        // not a readable feed
	ClassTooLarge    ErrorClass = "too_large"    // body or item count over its limit
	ClassRedirect    ErrorClass = "redirect"     // redirect loop
	ClassRobots      ErrorClass = "robots"       // disallowed, or robots.txt unavailable
	ClassRefused     ErrorClass = "refused"      // a private address (netguard)
	ClassOther       ErrorClass = "other"
)

// Classify returns the class of a fetch error, "" for nil.
func Classify(err error) ErrorClass {
	var (
		he  *HTTPError
		dns *net.DNSError
		ne  net.Error
		op  *net.OpError
	)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrHostPaused):
		return ClassRateLimited
	case errors.As(err, &he):
		switch {
		case he.StatusCode == http.StatusNotFound || he.StatusCode == http.StatusGone:
			return ClassNotFound
		case he.StatusCode == http.StatusTooManyRequests || (he.StatusCode == http.StatusServiceUnavailable && he.RetryAfter > 0):
			return ClassRateLimited
		}
		return ClassHTTP
	case errors.Is(err, ErrBodyTooLarge), errors.Is(err, ErrTooManyItems):
		return ClassTooLarge
	case errors.Is(err, ErrParse):
		return ClassParse
	case errors.Is(err, ErrRobots), errors.Is(err, ErrRobotsUnavailable):
		return ClassRobots
	case errors.Is(err, netguard.ErrPrivateAddress):
		return ClassRefused
	case errors.Is(err, ErrTooManyRedirects):
		return ClassRedirect
	case errors.As(err, &dns):
		return ClassDNS
	case isTLS(err):
		return ClassTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return ClassTimeout
	case errors.As(err, &op), strings.Contains(err.Error(), "connection reset"), strings.Contains(err.Error(), "EOF"):
		return ClassConnect
	}
	return ClassOther
}

func isTLS(err error) bool {
	var (
		rec  tls.RecordHeaderError
		ver  *tls.CertificateVerificationError
		ua   x509.UnknownAuthorityError
		host x509.HostnameError
		inv  x509.CertificateInvalidError
	)
	return errors.As(err, &rec) || errors.As(err, &ver) || errors.As(err, &ua) ||
		errors.As(err, &host) || errors.As(err, &inv) || strings.Contains(err.Error(), "tls: ")
}

// Weight is how much one failure of the class counts towards marking a
// feed broken (see BrokenScore): a missing feed, an unparseable one or a
// refused address weigh more than a timeout, which may pass on its own;
// being asked to slow down weighs little.
func (c ErrorClass) Weight() float64 {
	switch c {
	case "":
		return 0
	case ClassRateLimited:
		return 0.5
	case ClassTimeout, ClassConnect, ClassOther:
		return 1
	case ClassDNS:
		return 2
	case ClassHTTP, ClassTLS, ClassParse, ClassRedirect, ClassRobots:
		return 3
	case ClassNotFound, ClassTooLarge:
		return 4
	case ClassRefused:
		return 5
	}
	return 1
}

// BrokenScore is the summed Weight of consecutive failures from which a
// feed is marked broken: three 404s, four parse errors or ten timeouts.
const BrokenScore = 10

// Retryable reports whether an article page that failed with err is worth
// fetching again later: the server, its robots.txt or the network may
// recover, while a 404, a disallowing robots.txt or a too-large page will
// not.
func Retryable(err error) bool {
	var he *HTTPError
	switch {
	case errors.Is(err, ErrRobotsUnavailable):
		return true
	case errors.As(err, &he):
		return he.StatusCode >= 500 || he.StatusCode == http.StatusTooManyRequests || he.StatusCode == http.StatusRequestTimeout
	}
	switch Classify(err) {
	case ClassDNS, ClassConnect, ClassTimeout, ClassRateLimited, ClassTLS:
		return true
	}
	return false
}

// ServerWait is how long the server asked us to wait after err: the
// RetryAfter of an *HTTPError, or the rest of a host pause (*PauseError);
// zero when it did not ask.
func ServerWait(err error, now time.Time) time.Duration {
	var (
		he *HTTPError
		pe *PauseError
	)
	switch {
	case errors.As(err, &pe):
		return max(pe.Until.Sub(now), 0)
	case errors.As(err, &he):
		return he.RetryAfter
	}
	return 0
}
