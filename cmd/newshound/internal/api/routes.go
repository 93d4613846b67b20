package api

import (
	"net/http"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
)

// Access is who may call a route when the Server has a Token.
type Access int

// The accesses of a route.
const (
	// Public routes need no token: /healthz and the login form.
	Public Access = iota
	// Bearer routes need "Authorization: Bearer TOKEN"; without it they
	// answer a JSON 401.
	Bearer
	// Feed routes (Atom) take the bearer token, the session cookie or
	// ?token=TOKEN; without one they answer a JSON 401.
	Feed
	// Page routes take the session cookie or the bearer token (and set
	// the cookie from ?token=TOKEN); without one they answer the login
	// form with 401.
	Page
	// Form routes are the pages' forms: refused (403) from another site
	// or without the browser's form token, whether or not there is a
	// token, and then as Page.
	Form
)

// Route is one route of the daemon.
type Route struct {
	// Method is the HTTP method; GET also answers HEAD.
	Method string
	// Pattern is the path pattern (http.ServeMux syntax).
	Pattern string
	// Access is what the route requires when the Server has a Token.
	Access Access

	handler http.HandlerFunc
}

// NeedsToken reports whether the route refuses a request without the
// token, when the Server has one.
func (r Route) NeedsToken() bool { return r.Access != Public }

// Routes is the daemon's route table: every route it serves, in one
// place. Handler registers exactly these. A route whose dependency is nil
// (a Server without a Crawler, say) answers 404.
func (s *Server) Routes() []Route {
	type h = http.HandlerFunc
	pages := s.webPages()
	has := func(dep bool, f h) h {
		if !dep {
			return notFound
		}
		return f
	}
	return []Route{
		{"GET", "/healthz", Public, s.healthz},

		// The stories, their labels and the rules (stories.go, labels.go, catalog.go).
		{"GET", "/api/v1/stories", Bearer, s.stories},
		{"GET", "/api/v1/stories/{id}", Bearer, s.story},
		{"PUT", "/api/v1/stories/{id}/labels/{rule}", Bearer, s.putLabel},
		{"DELETE", "/api/v1/stories/{id}/labels/{rule}", Bearer, s.deleteLabel},
		{"GET", "/api/v1/rules", Bearer, s.rulesList},

		// Bulk reads (export.go, backup.go).
		{"GET", "/api/v1/export", Bearer, s.streaming(s.export)},
		{"GET", "/api/v1/backup", Bearer, has(s.Backup != nil, s.streaming(s.backup))},

		// The daemon's state (ops.go).
		{"GET", "/api/v1/stats", Bearer, has(s.Stats != nil, s.stats)},
		{"GET", "/api/v1/webhooks/deliveries", Bearer, has(s.Deliveries != nil, s.deliveries)},
		{"GET", "/metrics", Bearer, has(s.Metrics != nil, s.metrics)},
		{"POST", "/-/reload", Bearer, has(s.Reloader != nil, s.reload)},

		// The polled feeds (feeds.go).
		{"GET", "/api/v1/feeds", Bearer, has(s.Feeds != nil, s.feedList)},
		{"POST", "/api/v1/feeds", Bearer, has(s.Feeds != nil, s.feedAdd)},
		{"DELETE", "/api/v1/feeds", Bearer, has(s.Feeds != nil, s.feedRemove)},
		{"POST", "/api/v1/feeds/import", Bearer, has(s.Feeds != nil, s.feedImport)},

		// The commands' work beside the daemon (remote.go).
		{"POST", "/-/crawl", Bearer, has(s.Crawler != nil, s.crawl)},
		{"POST", "/-/db/check", Bearer, has(s.Checker != nil, s.check)},
		{"POST", "/api/v1/rules/apply", Bearer, has(s.Runner != nil, s.rulesApply)},
		{"POST", "/api/v1/rules/test", Bearer, has(s.Runner != nil, s.rulesTest)},
		{"GET", "/api/v1/stories/{ref}/explain", Bearer, has(s.Runner != nil, s.explain)},
		{"GET", "/api/v1/rules/{rule}/labeled", Bearer, has(s.Runner != nil, s.labeled)},

		// Atom feeds (atom.go).
		{"GET", "/feeds/flagged.atom", Feed, s.atomFlagged},
		{"GET", "/feeds/rules/{file}", Feed, s.atomRule},

		// The web pages (package web) and their login (auth.go).
		{"GET", "/{$}", Page, pages.Index},
		{"GET", "/stories/{id}", Page, pages.Story},
		{"GET", "/feeds", Page, pages.Feeds},
		{"POST", "/stories/{id}/label", Form, pages.Label},
		{"GET", "/login", Public, s.loginForm(pages)},
		{"POST", "/login", Public, s.login(pages)},
		{"POST", "/logout", Public, s.logout(pages)},
	}
}

// guard puts rt's handler behind the check its Access names.
func (s *Server) guard(rt Route) http.Handler {
	h := rt.handler
	switch rt.Access {
	case Bearer:
		return s.Auth(h)
	case Feed:
		return s.feedAuth(h)
	case Page:
		return s.pageAuth(s.webPages(), h)
	case Form:
		return s.formAuth(s.webPages(), h)
	}
	return h
}

// webPages are the web pages over Store, made once.
func (s *Server) webPages() *web.Pages {
	s.pagesOnce.Do(func() {
		s.pagesV = &web.Pages{Store: s.Store, Rules: s.ruleDefs, Set: s.ruleSet, Logger: s.Logger}
	})
	return s.pagesV
}
