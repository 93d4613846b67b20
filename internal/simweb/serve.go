package simweb

import (
	"bytes"
	"cmp"
	"compress/gzip"
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
	if faulty {
		if f.Delay > 0 && !s.wait(r, f.Delay) {
			return res
		}
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		for k, v := range f.Header {
			w.Header().Set(k, v)
		}
		if f.Location != "" {
			http.Redirect(w, r, f.Location, cmp.Or(f.Status, http.StatusFound))
			return res
		}
		if f.Status != 0 && f.Body == nil {
			http.Error(w, http.StatusText(f.Status), f.Status)
			return res
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return res
	}
	if faulty && f.Body != nil {
		body, fd = f.Body, nil
	}
	if body == nil {
		http.NotFound(w, r)
		return res
	}
	h := w.Header()
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
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
	status := http.StatusOK
	if faulty {
		if f.Malformed {
			body = malform(body)
		}
		if f.ContentType != "" {
			h.Set("Content-Type", f.ContentType)
		}
		status = cmp.Or(f.Status, status)
	}
	if !faulty && s.web.opts.Gzip && acceptsGzip(r) {
		body = gzipped(body)
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
	}
	if !faulty || f.Drip <= 0 {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodGet {
		return res
	}
	if faulty && f.Drip > 0 {
		s.drip(w, r, body, f.Drip)
		return res
	}
	_, _ = w.Write(body) // a client that hung up is not our error
	return res
}

// drip writes body a byte at a time, pausing between bytes.
func (s *site) drip(w http.ResponseWriter, r *http.Request, body []byte, pause time.Duration) {
	rc := http.NewResponseController(w)
	for i := range body {
		if _, err := w.Write(body[i : i+1]); err != nil {
			return
		}
		if rc.Flush() != nil || (i+1 < len(body) && !s.wait(r, pause)) {
			return
		}
	}
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

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, e := range splitList(r.Header.Get("Accept-Encoding")) {
		name, q, _ := strings.Cut(e, ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// gzipped compresses body.
func gzipped(body []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed) // a valid level cannot fail
	_, _ = zw.Write(body)                            // writes to a Buffer cannot fail
	_ = zw.Close()
	return b.Bytes()
}
