// Package api is the daemon's HTTP interface, every route of it in one
// table (Server.Routes): the JSON API under /api/v1 (stories and their
// labels, rules, export, backup, feeds, stats, webhook deliveries), the
// daemon's operations under /-/ (reload, crawl, db check), /metrics, Atom
// feeds of flagged stories under /feeds, the web pages of package web,
// and the token check in front of them. What the routes read and change
// comes through small interfaces the daemon provides (a StoryReader, a
// FeedBook, a Reloader, a Crawler, ...), each defined beside the handlers
// that use it.
//
// Errors are JSON objects {"error": "one sentence"}, Content-Type
// application/json with X-Content-Type-Options nosniff, with the status
// that fits: 400 for a bad parameter, 401 for a missing or wrong token,
// 404 for an unknown story, rule, feed or path, 405 for a wrong method,
// 409 for a conflict; a 500 says only that the daemon's log says why
// (the log line names the request's path). From the Guard the daemon puts
// in front of every route: 421 for a Host it does not answer for, 403 for
// a request from another site, 415 for a state-changing API request that
// is not JSON and 414 for a URL over MaxURLBytes.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// Store is what the story, label, export and page routes read and write:
// the small interfaces of the handlers that use it. *store.Store
// implements it.
type Store interface {
	StoryReader
	Labeler
	export.Source
	export.FlagLog
	export.RuleLister
	web.Store
}

var _ Store = (*store.Store)(nil)

// Server serves the daemon's routes. Every field but Store may be left
// nil: the routes of a nil dependency answer 404, as unknown paths do.
type Server struct {
	// Store is the database the story, label, rule, export and page
	// routes read. Required.
	Store Store
	// Backup writes the snapshots GET /api/v1/backup sends.
	Backup Snapshotter
	// Stats reports GET /api/v1/stats.
	Stats StatsReporter
	// Deliveries lists GET /api/v1/webhooks/deliveries.
	Deliveries DeliveryLister
	// Metrics serves GET /metrics (Prometheus text).
	Metrics http.Handler
	// Feeds lists and changes the polled feeds (/api/v1/feeds).
	Feeds FeedBook
	// Reloader reloads the configuration (POST /-/reload).
	Reloader Reloader
	// Crawler runs a pass now (POST /-/crawl).
	Crawler Crawler
	// Checker checks the database (POST /-/db/check).
	Checker Checker
	// Runner runs rules a command sends over the stored stories
	// (/api/v1/rules/apply, /api/v1/rules/test), explains a story's flags
	// and lists labeled stories.
	Runner RuleRunner
	// Done, when closed, ends the long requests (a crawl pass) with the
	// daemon's work instead of letting them outlive it until the shutdown
	// grace ends. Nil never closes.
	Done <-chan struct{}
	// Rules is the compiled rule set the daemon flags with, for
	// /api/v1/rules, the rule filter of the pages and the per-rule Atom
	// feeds; nil means no configured rules. SetRules replaces it.
	Rules *rules.Set
	// Token, when non-empty, is required on every route whose Access is
	// not Public: as "Authorization: Bearer TOKEN" for the JSON API, also
	// as the session cookie of the login form for the pages, and as
	// ?token= for the Atom feeds (see docs/api.md, "Authentication").
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
	// pass holds a token while a crawl pass runs: passes go one at a
	// time (see schedule.Scheduler.PassNow).
	passOnce sync.Once
	pass     chan struct{}

	pagesOnce sync.Once
	pagesV    *web.Pages
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

// Handler returns every route of Routes on one mux, each behind the
// check its Access names. A path no route has is a JSON 404; a method a
// path's routes do not take is a JSON 405 naming those they do.
func (s *Server) Handler() http.Handler { return s.mux() }

func (s *Server) mux() *http.ServeMux {
	mux := http.NewServeMux()
	allow := map[string][]string{} // path pattern -> methods, in table order
	var paths []string
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
		if _, ok := allow[rt.Pattern]; !ok {
			paths = append(paths, rt.Pattern)
		}
		allow[rt.Pattern] = append(allow[rt.Pattern], rt.Method)
	}
	for _, p := range paths {
		mux.HandleFunc(p, methodNotAllowed(allowHeader(allow[p])))
	}
	mux.HandleFunc("/", notFound)
	return mux
}

// allowHeader is the Allow header of a path taking methods: GET implies
// HEAD.
func allowHeader(methods []string) string {
	out := ""
	for _, m := range methods {
		if out != "" {
			out += ", "
		}
		out += m
		if m == http.MethodGet {
			out += ", HEAD"
		}
	}
	return out
}

func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" is not allowed on "+r.URL.Path+" (use "+allow+")")
	}
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// requestContext is r's context, also cancelled when Done closes.
func (s *Server) requestContext(r *http.Request) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(r.Context())
	if s.Done == nil {
		return ctx, cancel
	}
	go func() {
		select {
		case <-s.Done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
