package simweb

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Fault is a misbehaviour injected on a URL or a whole site. The zero Fault
// changes nothing.
type Fault struct {
	// Status, when non-zero, replaces the response with this status and a
	// short plain-text body (404, 429, 500, 503, ...).
	Status int
	// RetryAfter, when non-empty, is sent as the Retry-After header: seconds
	// ("120") or an HTTP date.
	RetryAfter string
	// Delay holds the response back this long before answering; it ends
	// early when the client gives up or the Web is closed.
	Delay time.Duration
	// Malformed serves a broken body with status 200: a feed cut off in the
	// middle of an element (not well-formed XML or JSON), a truncated page.
	Malformed bool
	// Location, when non-empty, answers with a redirect to it (status 302
	// unless Status says otherwise): for redirect chains, loops and
	// redirects to forbidden addresses.
	Location string
	// Body, when non-nil, replaces the response body (status 200 unless
	// Status is set): a gzip bomb, a PDF, a UTF-16 feed, anything.
	Body []byte
	// ContentType, when non-empty, replaces the Content-Type header.
	ContentType string
	// Header holds extra response headers, such as Content-Encoding.
	Header map[string]string
	// Drip, when positive, writes the body one byte at a time with this
	// pause between bytes, flushing each; it stops when the client gives up
	// or the Web is closed.
	Drip time.Duration
	// Times limits the fault to the next Times requests; zero means every
	// request until ClearFaults.
	Times int
}

// Redirect returns a Fault answering 302 Found with the given Location.
func Redirect(location string) Fault { return Fault{Location: location} }

// NotFound returns a Fault answering 404 Not Found.
func NotFound() Fault { return Fault{Status: 404} }

// Unavailable returns a Fault answering 503 Service Unavailable with the
// given Retry-After value ("" for none).
func Unavailable(retryAfter string) Fault { return Fault{Status: 503, RetryAfter: retryAfter} }

// TooManyRequests returns a Fault answering 429 Too Many Requests with the
// given Retry-After value ("" for none).
func TooManyRequests(retryAfter string) Fault { return Fault{Status: 429, RetryAfter: retryAfter} }

// Slow returns a Fault delaying the normal response by d.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Malformed returns a Fault serving a broken body with status 200.
func Malformed() Fault { return Fault{Malformed: true} }

// faultTable holds active faults by "host:port/path" (one URL) or
// "host:port" (a whole site).
type faultTable struct {
	mu    sync.Mutex
	byKey map[string]*Fault
}

// take returns the fault for a request, if any, counting it against Times.
func (t *faultTable) take(hostport, path string) (Fault, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, key := range []string{hostport + path, hostport} {
		f, ok := t.byKey[key]
		if !ok {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				delete(t.byKey, key)
			}
		}
		return *f, true
	}
	return Fault{}, false
}

// SetFault injects f on one URL of the web (a feed, an article, robots.txt,
// or any path of a site), replacing any fault already set there. It fails
// when the URL is not on one of the web's sites.
func (w *Web) SetFault(rawURL string, f Fault) error {
	u, err := url.Parse(rawURL)
	if err != nil || w.byHost[u.Host] == nil {
		return fmt.Errorf("simweb: set fault: %q is not a URL of this simulated web; use one from FeedURLs, Articles or Hosts", rawURL)
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	w.faults.set(u.Host+path, f)
	return nil
}

// SetHostFault injects f on every path of one site, given as a base URL from
// Hosts or as host:port. A fault set on a URL with SetFault takes precedence.
func (w *Web) SetHostFault(host string, f Fault) error {
	s, err := w.site(host)
	if err != nil {
		return fmt.Errorf("simweb: set host fault: %w", err)
	}
	w.faults.set(s.hostport, f)
	return nil
}

// ClearFaults removes every injected fault.
func (w *Web) ClearFaults() {
	w.faults.mu.Lock()
	defer w.faults.mu.Unlock()
	clear(w.faults.byKey)
}

func (t *faultTable) set(key string, f Fault) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byKey[key] = &f
}

// site finds a site by base URL or host:port.
func (w *Web) site(host string) (*site, error) {
	key := host
	if strings.Contains(host, "://") {
		if u, err := url.Parse(host); err == nil {
			key = u.Host
		}
	}
	if s := w.byHost[key]; s != nil {
		return s, nil
	}
	return nil, fmt.Errorf("%q is not a site of this simulated web; use one from Hosts", host)
}

// malform breaks a body: it keeps the first half and cuts it inside an
// element, so XML and JSON parsers fail and HTML is truncated.
func malform(body []byte) []byte {
	cut := len(body) / 2
	out := append([]byte(nil), body[:cut]...)
	return append(out, "<item><title>Broken & unterminated <b"...)
}
