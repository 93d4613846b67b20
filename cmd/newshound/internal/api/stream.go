package api

import (
	"net/http"
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
