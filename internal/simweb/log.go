package simweb

import (
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Resource is the kind of thing a request asked for.
type Resource int

// The resources a site serves.
const (
	// ResourceOther is any path the site does not serve (answered 404).
	ResourceOther Resource = iota
	// ResourceFeed is a feed.
	ResourceFeed
	// ResourceArticle is an article page.
	ResourceArticle
	// ResourceRobots is /robots.txt.
	ResourceRobots
	// ResourceIndex is the home page, /.
	ResourceIndex
	numResources
)

var resourceNames = [...]string{"other", "feed", "article", "robots", "index"}

// String returns the resource's name, such as "feed".
func (r Resource) String() string {
	if r < 0 || r >= numResources {
		return "unknown"
	}
	return resourceNames[r]
}

// Request is one request a site received, recorded when its response ended.
type Request struct {
	// Host is the Host header, "127.0.0.1:PORT".
	Host string
	// Method and Path are the request's method and URL path.
	Method, Path string
	// Header is a copy of the request's headers.
	Header http.Header
	// Time is when the request arrived.
	Time time.Time
	// Resource is what the path names.
	Resource Resource
	// Status is the status code sent, and Bytes the body bytes written.
	Status int
	Bytes  int64
}

// Stats are counters over recorded requests.
type Stats struct {
	// Requests counts requests; NotModified those answered 304; Errors
	// those answered with a status of 400 or more.
	Requests, NotModified, Errors int
	// Bytes counts response body bytes written.
	Bytes int64
}

// requestLog records requests and counts them by resource.
type requestLog struct {
	mu    sync.Mutex
	reqs  []Request
	stats [numResources]Stats
	hits  map[string]int // by host:port + path
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r)
	st := &l.stats[r.Resource]
	st.Requests++
	st.Bytes += r.Bytes
	if r.Status == http.StatusNotModified {
		st.NotModified++
	}
	if r.Status >= 400 {
		st.Errors++
	}
	if l.hits == nil {
		l.hits = map[string]int{}
	}
	l.hits[r.Host+r.Path]++
}

// Requests returns a copy of every request recorded since New or the last
// Reset, in the order their responses ended.
func (w *Web) Requests() []Request {
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	return append([]Request(nil), w.log.reqs...)
}

// Stats returns the counters summed over the given resources, or over all
// of them when none is given.
func (w *Web) Stats(rs ...Resource) Stats {
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	if len(rs) == 0 {
		rs = []Resource{ResourceOther, ResourceFeed, ResourceArticle, ResourceRobots, ResourceIndex}
	}
	var sum Stats
	for _, r := range rs {
		if r < 0 || r >= numResources {
			continue
		}
		st := w.log.stats[r]
		sum.Requests += st.Requests
		sum.NotModified += st.NotModified
		sum.Errors += st.Errors
		sum.Bytes += st.Bytes
	}
	return sum
}

// Hits returns how many requests were recorded for rawURL (matched on host
// and path, ignoring the query) since New or the last Reset; 0 for a URL
// that is not of this web.
func (w *Web) Hits(rawURL string) int {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0
	}
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	return w.log.hits[u.Host+u.Path]
}

// Reset forgets every recorded request and zeroes the counters.
func (w *Web) Reset() {
	w.log.mu.Lock()
	defer w.log.mu.Unlock()
	w.log.reqs = nil
	w.log.stats = [numResources]Stats{}
	clear(w.log.hits)
}

// countingWriter records the status and body size of a response.
type countingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (c *countingWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	n, err := c.ResponseWriter.Write(p)
	c.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer (to flush).
func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
