package api

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// DefaultStreamTimeout is Server.StreamTimeout's default.
const DefaultStreamTimeout = time.Minute

// streaming lifts the server's overall write deadline from h, an answer
// that may take longer than it (an export, a backup), and bounds each
// write instead: a client that reads nothing for StreamTimeout loses the
// connection, so that no stalled reader holds h (and its database
// transaction) for longer.
func (s *Server) streaming(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d := s.StreamTimeout
		if d <= 0 {
			d = DefaultStreamTimeout
		}
		pw := &progressWriter{ResponseWriter: w, rc: http.NewResponseController(w), timeout: d}
		pw.extend(time.Now())
		h(pw, r)
	}
}

// progressWriter moves the connection's write deadline timeout past each
// write. It moves it at most every timeout/8, so a write has between 7/8
// of timeout and timeout to complete.
type progressWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
	last    time.Time
}

func (p *progressWriter) extend(now time.Time) {
	if now.Sub(p.last) < p.timeout/8 {
		return
	}
	p.last = now
	// An error means the connection cannot take deadlines (a test
	// recorder): then the write is unbounded, as before.
	_ = p.rc.SetWriteDeadline(now.Add(p.timeout))
}

func (p *progressWriter) Write(b []byte) (int, error) {
	p.extend(time.Now())
	return p.ResponseWriter.Write(b)
}

// Flush sends what is buffered, as the wrapped writer's Flush.
func (p *progressWriter) Flush() {
	p.extend(time.Now())
	_ = p.rc.Flush()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (p *progressWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// streamBeat is how often a long answer (a crawl pass) sends at least a
// line, so that the command's per-read bound and server.write_timeout
// see bytes flow; each write moves the write deadline streamWriteGrace
// on.
const (
	streamBeat       = 10 * time.Second
	streamWriteGrace = time.Minute
)

// lineWriter writes NDJSON lines to a response from several goroutines,
// flushing each and moving the write deadline on.
type lineWriter struct {
	mu  sync.Mutex
	w   http.ResponseWriter
	rc  *http.ResponseController
	enc *json.Encoder
}

func newLineWriter(w http.ResponseWriter) *lineWriter {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/x-ndjson")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	lw := &lineWriter{w: w, rc: http.NewResponseController(w), enc: json.NewEncoder(w)}
	lw.flush()
	return lw
}

// line writes v as one line; a nil v writes an empty line (a beat).
func (lw *lineWriter) line(v any) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	_ = lw.rc.SetWriteDeadline(time.Now().Add(streamWriteGrace))
	if v == nil {
		lw.w.Write([]byte("\n"))
	} else {
		lw.enc.Encode(v)
	}
	lw.flush()
}

func (lw *lineWriter) flush() { _ = lw.rc.Flush() }

// beat writes an empty line every streamBeat until the returned stop is
// called.
func (lw *lineWriter) beat() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(streamBeat)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				lw.line(nil)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// long answers 200 at once, then an empty line every streamBeat while
// work runs (a JSON decoder skips them), then work's answer as JSON: an
// answer that may take longer than the command's bound on a silent
// daemon or than server.write_timeout, over a large archive. A failure
// is then {"error": sentence} in the body.
func long(w http.ResponseWriter, work func() any) {
	w.Header().Set("Content-Type", "application/json")
	lw := newLineWriter(w)
	stop := lw.beat()
	v := work()
	stop()
	lw.line(v)
}
