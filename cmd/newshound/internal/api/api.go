// Package api is the daemon's HTTP interface: health, and the export and
// backup APIs that `newshound export` and `newshound db backup` fall back
// on while the daemon holds the database.
package api

import (
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"

	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// Server serves the API over one open store.
type Server struct {
	// Store is the daemon's open database. Required.
	Store *store.Store
	// Token, when non-empty, is required as "Authorization: Bearer TOKEN"
	// on every path but /healthz.
	Token string
	// Logger receives request errors. Default slog.Default().
	Logger *slog.Logger
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /api/v1/export", s.auth(http.HandlerFunc(s.export)))
	mux.Handle("GET /api/v1/backup", s.auth(http.HandlerFunc(s.backup)))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
	})
	return mux
}

func (s *Server) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Server) auth(next http.Handler) http.Handler {
	if s.Token == "" {
		return next
	}
	want := []byte("Bearer " + s.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			writeError(w, http.StatusUnauthorized, "missing or wrong bearer token (send Authorization: Bearer TOKEN)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

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
	if format == export.JSONL {
		w.Header().Set("Content-Type", "application/x-ndjson")
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	if _, err := export.Write(r.Context(), w, s.Store, sq, format); err != nil {
		// Headers are sent: the client sees a truncated body; log why.
		s.log().Error("export failed", "error", err)
	}
}

// backup streams a consistent copy of the database (Store.Backup, one
// read transaction) for `newshound db backup` while the daemon holds it.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="newshound-backup.db"`)
	if _, err := s.Store.Backup(r.Context(), w); err != nil {
		// Headers are sent: the client's check of the copy fails; log why.
		s.log().Error("backup failed", "error", err)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": strings.TrimSpace(msg)})
}
