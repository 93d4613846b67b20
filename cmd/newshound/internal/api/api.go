// Package api is the daemon's HTTP interface: the JSON API under /api/v1
// (stories and their labels, rules, export, backup), Atom feeds of flagged stories under
// /feeds, the web pages of package web, and the token check in front of
// them all. The daemon adds its own routes beside these (the feed list
// and its changes, reload, metrics) behind the same check, Server.Auth.
//
// Errors are JSON objects {"error": "one sentence"} with the status that
// fits: 400 for a bad parameter, 401 for a missing or wrong token, 404 for
// an unknown story, rule or path, 405 for a wrong method; and, from the
// Guard the daemon puts in front of every route, 421 for a Host it does
// not answer for, 403 for a request from another site, 415 for a
// state-changing API request that is not JSON and 414 for a URL over
// MaxURLBytes.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// Server serves the API over one open store.
type Server struct {
	// Store is the daemon's open database. Required.
	Store *store.Store
	// Rules is the compiled rule set the daemon flags with, for
	// /api/v1/rules, the rule filter of the pages and the per-rule Atom
	// feeds; nil means no configured rules. SetRules replaces it.
	Rules *rules.Set
	// Token, when non-empty, is required on every path but /healthz: as
	// "Authorization: Bearer TOKEN" for the JSON API, and also as the
	// session cookie of the login form for the pages, and as ?token= for
	// the Atom feeds (see README, "Authentication").
	Token string
	// PublicURL, when set, is the scheme and host people and feed readers
	// reach the daemon at (server.public_url): Atom links are built on it
	// instead of the request's Host, and an https one makes the cookies
	// Secure.
	PublicURL string
	// StreamTimeout bounds each write of a streaming answer (export,
	// backup), which the server's WriteTimeout does not bound as a whole:
	// a client that stops reading for longer loses the connection.
	// Default DefaultStreamTimeout.
	StreamTimeout time.Duration
	// Logger receives request errors. Default slog.Default().
	Logger *slog.Logger

	rules atomic.Pointer[rules.Set]
}

// SetRules replaces the rule set, for a configuration reload; safe to call
// while the server runs.
func (s *Server) SetRules(set *rules.Set) { s.rules.Store(set) }

// ruleSet is the current rule set: the last SetRules, else Rules.
func (s *Server) ruleSet() *rules.Set {
	if set := s.rules.Load(); set != nil {
		return set
	}
	return s.Rules
}

// ruleDefs lists the current rules' definitions, by name.
func (s *Server) ruleDefs() []rules.Definition {
	if set := s.ruleSet(); set != nil {
		return set.Rules()
	}
	return nil
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	for path, h := range map[string]http.HandlerFunc{
		"/api/v1/export":       s.streaming(s.export),
		"/api/v1/backup":       s.streaming(s.backup),
		"/api/v1/stories":      s.stories,
		"/api/v1/stories/{id}": s.story,
		"/api/v1/rules":        s.rulesList,
	} {
		get(mux, path, s.Auth(h))
	}
	const labelPath = "/api/v1/stories/{id}/labels/{rule}"
	mux.Handle("PUT "+labelPath, s.Auth(http.HandlerFunc(s.putLabel)))
	mux.Handle("DELETE "+labelPath, s.Auth(http.HandlerFunc(s.deleteLabel)))
	mux.HandleFunc(labelPath, methodNotAllowed("PUT, DELETE"))
	get(mux, "/feeds/flagged.atom", s.feedAuth(http.HandlerFunc(s.atomFlagged)))
	get(mux, "/feeds/rules/{file}", s.feedAuth(http.HandlerFunc(s.atomRule)))
	pages := &web.Pages{Store: s.Store, Rules: s.ruleDefs, Set: s.ruleSet, Logger: s.Logger}
	get(mux, "/{$}", s.pageAuth(pages, pages.Index))
	get(mux, "/stories/{id}", s.pageAuth(pages, pages.Story))
	get(mux, "/feeds", s.pageAuth(pages, pages.Feeds))
	mux.Handle("POST /stories/{id}/label", s.formAuth(pages, pages.Label))
	mux.HandleFunc("/stories/{id}/label", methodNotAllowed("POST"))
	mux.HandleFunc("GET /login", s.loginForm(pages))
	mux.HandleFunc("POST /login", s.login(pages))
	mux.HandleFunc("POST /logout", s.logout(pages))
	mux.HandleFunc("/login", methodNotAllowed("GET, HEAD, POST"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
	})
	return mux
}

// get routes GET and HEAD of path to h, and other methods to a JSON 405.
func get(mux *http.ServeMux, path string, h http.Handler) {
	mux.Handle("GET "+path, h)
	mux.HandleFunc(path, methodNotAllowed("GET, HEAD"))
}

func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed on "+r.URL.Path+" (use "+allow+")")
	}
}

func (s *Server) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": strings.TrimSpace(msg)})
}

// internalError logs err and answers 500 without the details.
func (s *Server) internalError(w http.ResponseWriter, err error) {
	s.log().Error("request failed", "error", err)
	writeError(w, http.StatusInternalServerError, "the database could not be read; the daemon's log says why")
}
