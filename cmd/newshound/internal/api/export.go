package api

import (
	"net/http"
	"strconv"

	"github.com/newshound/newshound/store/export"
)

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
	sq, err := export.ParseQuery(q.Get("since"), q.Get("rule"), q.Get("all") == "true" || q.Get("all") == "1")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
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
	if _, err := export.WriteWith(r.Context(), w, s.Store, sq, opts); err != nil {
		// Headers are sent: the client sees a truncated body; log why.
		s.log().Error("export failed", "error", err)
	}
}
