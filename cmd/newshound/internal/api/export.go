package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/store/export"
)

// export is GET /api/v1/export, the output of `newshound export`
// (package export) for the parameters format, since and until (when the
// story was flagged; with all, when it was stored), published_since and
// published_until (its publication time), rule, all, cluster, and after
// and after_at (an incremental export's cursor, export.Cursor; the
// answer's ExportCursor headers give the next one). A rule neither
// configured nor flagging a stored story is a 400 naming the known ones.
// A failure before the body begins (reading the labels) is a 500; one
// after ends the body with export.ErrorRecord and sets the
// ExportErrorTrailer.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = export.JSON
	}
	if err := export.CheckFormat(format); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	p := export.Params{
		Since: q.Get("since"), Until: q.Get("until"),
		PublishedSince: q.Get("published_since"), PublishedUntil: q.Get("published_until"),
		Rule: strings.TrimSpace(q.Get("rule")), All: q.Get("all") == "true" || q.Get("all") == "1",
	}
	now := time.Now()
	sq, err := p.Query(now)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := export.CheckRule(r.Context(), s.Store, p.Rule, s.ruleNames()); err != nil {
		if !errors.Is(err, export.ErrUnknownRule) {
			s.internalError(w, r, err)
			return
		}
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if q.Has("after") {
		c, err := cursorOf(q, p.Rule)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		res, err := export.Resume(r.Context(), s.Store, &sq, c, now)
		switch {
		case errors.Is(err, export.ErrState):
			writeError(w, http.StatusBadRequest, err.Error())
			return
		case err != nil:
			s.internalError(w, r, err)
			return
		}
		setResumed(w.Header(), res)
	}
	switch format {
	case export.JSONL:
		w.Header().Set("Content-Type", "application/x-ndjson")
	case export.CSV:
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	default:
		w.Header().Set("Content-Type", "application/json")
	}
	var noCluster bool
	switch c := q.Get("cluster"); c {
	case "", "true", "1":
	case "false", "0":
		noCluster = true
	default:
		writeError(w, http.StatusBadRequest, "cluster must be true or false, not "+strconv.Quote(c))
		return
	}
	opts := export.Options{Format: format, NoCluster: noCluster}
	w.Header().Set("Trailer", ExportErrorTrailer)
	cw := &countWriter{w: w}
	n, err := export.WriteQuery(r.Context(), cw, s.Store, sq, opts)
	switch {
	case err == nil:
	case cw.n == 0: // nothing sent yet: an ordinary error answer
		w.Header().Del("Trailer")
		s.internalError(w, r, err)
	default:
		// The body ends with export's error record; the trailer says
		// it again for HTTP clients (newshound export reads it).
		s.log().Error("export failed", "entries", n, "error", err)
		w.Header().Set(ExportErrorTrailer, strings.Join(strings.Fields(err.Error()), " "))
	}
}

// ExportErrorTrailer is the HTTP trailer of /api/v1/export that, when
// present, says the export failed part way and why; the body then ends
// with export.ErrorRecord.
const ExportErrorTrailer = "Newshound-Export-Error"

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
