package simweb

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ServeHTTP answers one request to the site and records it.
func (s *site) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	start := time.Now()
	cw := &countingWriter{ResponseWriter: rw}
	res := s.serve(cw, r)
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	s.web.log.add(Request{
		Host: r.Host, Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(),
		Time: start, Resource: res, Status: cw.status, Bytes: cw.bytes,
	})
}

// serve writes the response and returns what kind of resource was asked for.
func (s *site) serve(w http.ResponseWriter, r *http.Request) Resource {
	s.web.mu.RLock()
	res, body, fd, contentType := s.lookup(r.URL.Path)
	var etag string
	var lastMod time.Time
	validators := s.validators
	if fd != nil {
		etag, lastMod = fd.etag, fd.lastMod
	}
	s.web.mu.RUnlock()

	f, faulty := s.web.faults.take(s.hostport, r.URL.Path)
	if faulty && f.Delay > 0 && !s.wait(r, f.Delay) {
		return res
	}
	if faulty && f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if faulty && f.Status != 0 {
		http.Error(w, http.StatusText(f.Status), f.Status)
		return res
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return res
	}
	if body == nil {
		http.NotFound(w, r)
		return res
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	if fd != nil {
		if ttl := s.web.opts.FeedTTL; ttl > 0 {
			h.Set("Cache-Control", "max-age="+strconv.Itoa(int(ttl.Seconds())))
		}
		if validators != ValidatorsNone {
			h.Set("ETag", etag)
			h.Set("Last-Modified", lastMod.Format(http.TimeFormat))
		}
		if validators == ValidatorsHonoured && notModified(r, etag, lastMod) {
			w.WriteHeader(http.StatusNotModified)
			return res
		}
	}
	if faulty && f.Malformed {
		body = malform(body)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(body) // a client that hung up is not our error
	}
	return res
}

// lookup finds what path names. Called with web.mu read-locked.
func (s *site) lookup(path string) (Resource, []byte, *feed, string) {
	switch path {
	case "/robots.txt":
		return ResourceRobots, s.robots(), nil, "text/plain; charset=utf-8"
	case "/":
		return ResourceIndex, s.renderIndex(), nil, "text/html; charset=utf-8"
	}
	if fd := s.feedPaths[path]; fd != nil {
		return ResourceFeed, fd.body, fd, fd.format.ContentType()
	}
	if a := s.pages[path]; a != nil {
		return ResourceArticle, a.page, nil, "text/html; charset=utf-8"
	}
	return ResourceOther, nil, nil, ""
}

// wait sleeps for d; it reports false when the client went away or the Web
// was closed first.
func (s *site) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.web.done:
		return false
	}
}

// notModified applies RFC 9110's precedence: If-None-Match when present,
// else If-Modified-Since.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagMatch(inm, etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !lastMod.After(t)
}

// etagMatch reports whether an If-None-Match list names etag (weakly).
func etagMatch(list, etag string) bool {
	for _, tag := range splitList(list) {
		if tag == "*" || tag == etag || tag == "W/"+etag {
			return true
		}
	}
	return false
}

// splitList splits a comma-separated header value into trimmed elements.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
