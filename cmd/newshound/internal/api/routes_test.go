package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/newshound/newshound/cmd/newshound/internal/opml"
	"github.com/newshound/newshound/cmd/newshound/internal/web"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// wantRoute is a route the daemon must serve: its method and pattern,
// whether it needs the token, and a path that reaches it.
type wantRoute struct {
	method, pattern string
	token           bool
	path            string
}

// wantRoutes lists every route of the daemon. A route added to
// Server.Routes must be added here too, and one removed removed here:
// TestRouteTable fails otherwise.
var wantRoutes = []wantRoute{
	{"GET", "/healthz", false, "/healthz"},
	{"GET", "/api/v1/stories", true, "/api/v1/stories"},
	{"GET", "/api/v1/stories/{id}", true, "/api/v1/stories/ID"},
	{"PUT", "/api/v1/stories/{id}/labels/{rule}", true, "/api/v1/stories/ID/labels/ad-tracking"},
	{"DELETE", "/api/v1/stories/{id}/labels/{rule}", true, "/api/v1/stories/ID/labels/ad-tracking"},
	{"GET", "/api/v1/rules", true, "/api/v1/rules"},
	{"GET", "/api/v1/export", true, "/api/v1/export"},
	{"GET", "/api/v1/backup", true, "/api/v1/backup"},
	{"GET", "/api/v1/stats", true, "/api/v1/stats"},
	{"GET", "/api/v1/webhooks/deliveries", true, "/api/v1/webhooks/deliveries"},
	{"GET", "/metrics", true, "/metrics"},
	{"POST", "/-/reload", true, "/-/reload"},
	{"GET", "/api/v1/feeds", true, "/api/v1/feeds"},
	{"POST", "/api/v1/feeds", true, "/api/v1/feeds"},
	{"DELETE", "/api/v1/feeds", true, "/api/v1/feeds?url=https://one.example/rss"},
	{"POST", "/api/v1/feeds/import", true, "/api/v1/feeds/import"},
	{"POST", "/-/crawl", true, "/-/crawl"},
	{"POST", "/-/db/check", true, "/-/db/check"},
	{"POST", "/api/v1/rules/apply", true, "/api/v1/rules/apply"},
	{"POST", "/api/v1/rules/test", true, "/api/v1/rules/test"},
	{"GET", "/api/v1/stories/{ref}/explain", true, "/api/v1/stories/ID/explain"},
	{"GET", "/api/v1/rules/{rule}/labeled", true, "/api/v1/rules/ad-tracking/labeled"},
	{"GET", "/feeds/flagged.atom", true, "/feeds/flagged.atom"},
	{"GET", "/feeds/rules/{file}", true, "/feeds/rules/ad-tracking.atom"},
	{"GET", "/{$}", true, "/"},
	{"GET", "/stories/{id}", true, "/stories/ID"},
	{"GET", "/feeds", true, "/feeds"},
	{"POST", "/stories/{id}/label", true, "/stories/ID/label"},
	{"GET", "/login", false, "/login"},
	{"POST", "/login", false, "/login"},
	{"POST", "/logout", false, "/logout"},
}

// fakeDaemon stands in for the daemon's side of every interface the
// routes take beyond the store, recording which it was asked for.
type fakeDaemon struct{ called []string }

func (f *fakeDaemon) note(what string) { f.called = append(f.called, what) }

func (f *fakeDaemon) Report(context.Context) (any, error) {
	f.note("stats")
	return map[string]int{"feeds": 2}, nil
}
func (f *fakeDaemon) Deliveries(context.Context) ([]store.Delivery, error) {
	f.note("deliveries")
	return []store.Delivery{}, nil
}
func (f *fakeDaemon) Reload(context.Context) (any, error) {
	f.note("reload")
	return map[string]int{"feeds": 2}, nil
}
func (f *fakeDaemon) List(context.Context) (any, error) { f.note("feeds list"); return []string{}, nil }
func (f *fakeDaemon) Add(_ context.Context, url, _ string) (any, error) {
	f.note("feeds add")
	return map[string]string{"url": url}, nil
}
func (f *fakeDaemon) Remove(_ context.Context, url string) (any, error) {
	f.note("feeds remove")
	return map[string]string{"removed": url}, nil
}
func (f *fakeDaemon) Import(context.Context, []opml.Feed) (any, error) {
	f.note("feeds import")
	return map[string]int{"added": 0}, nil
}
func (f *fakeDaemon) Feeds() int { return 1 }
func (f *fakeDaemon) PassNow(_ context.Context, fed func()) any {
	f.note("crawl")
	fed()
	return map[string]int{"feeds": 1}
}
func (f *fakeDaemon) Check(context.Context) any {
	f.note("check")
	return map[string]string{"path": "x.db", "error": ""}
}
func (f *fakeDaemon) Apply(context.Context, *rules.Set) (any, error) {
	f.note("apply")
	return map[string]int{"changed": 0}, nil
}
func (f *fakeDaemon) TestStored(_ context.Context, _ *rules.Set, _ string, _ store.Query, change func(any) error) (any, error) {
	f.note("test")
	return map[string]int{"matched": 0}, nil
}
func (f *fakeDaemon) Explain(context.Context, string) (any, error) {
	f.note("explain")
	return map[string]string{}, nil
}
func (f *fakeDaemon) Labeled(context.Context, string) (any, error) {
	f.note("labeled")
	return map[string]any{}, nil
}

func (f *fakeDaemon) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.note("metrics")
	w.Write([]byte("# metrics\n"))
}

// fullServer is a Server with every dependency: the fixture's store and
// a fakeDaemon.
func fullServer(t *testing.T, token string) (*Server, *fixture, *fakeDaemon) {
	f := newFixture(t)
	d := &fakeDaemon{}
	s := &Server{
		Store: f.st, Backup: f.st, Rules: f.set, Token: token,
		Stats: d, Deliveries: d, Metrics: d, Reloader: d, Feeds: d,
		Crawler: d, Checker: d, Runner: d,
	}
	return s, f, d
}

// TestRouteTable: Server.Routes is exactly wantRoutes, each with the
// token requirement listed.
func TestRouteTable(t *testing.T) {
	s, _, _ := fullServer(t, "s3cret-s3cret-s3")
	got := map[string]bool{}
	for _, rt := range s.Routes() {
		key := rt.Method + " " + rt.Pattern
		if got[key] {
			t.Errorf("route %s is in the table twice", key)
		}
		got[key] = rt.NeedsToken()
	}
	want := map[string]bool{}
	for _, w := range wantRoutes {
		want[w.method+" "+w.pattern] = w.token
	}
	for key, tok := range got {
		wtok, listed := want[key]
		switch {
		case !listed:
			t.Errorf("route %s is served but not listed in wantRoutes", key)
		case tok != wtok:
			t.Errorf("route %s needs the token = %v, want %v", key, tok, wtok)
		}
	}
	for key := range want {
		if _, ok := got[key]; !ok {
			t.Errorf("route %s is listed but not served", key)
		}
	}
}

// probe is a request for route w, with the token when withToken.
func probe(w wantRoute, id, token string, withToken bool) *http.Request {
	path := strings.ReplaceAll(w.path, "ID", url.PathEscape(id))
	var r *http.Request
	if w.method == http.MethodPost && (w.pattern == "/stories/{id}/label" || strings.HasPrefix(w.pattern, "/log")) {
		const formTok = "0123456789012345678901234567890123456789abc" // formTokenLen
		r = httptest.NewRequest(w.method, path, strings.NewReader(url.Values{
			web.FormTokenField: {formTok}, "rule": {"ad-tracking"}, "relevant": {"true"}, "token": {token}, "next": {"/"},
		}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(&http.Cookie{Name: formCookie, Value: formTok})
	} else {
		body := ""
		switch w.method + " " + w.pattern {
		case "PUT /api/v1/stories/{id}/labels/{rule}":
			body = `{"relevant": true}`
		case "POST /api/v1/feeds":
			body = `{"url": "https://three.example/feed"}`
		case "POST /api/v1/feeds/import":
			body = `{"feeds": []}`
		case "POST /api/v1/rules/apply", "POST /api/v1/rules/test":
			body = `{"rules": [{"Name": "r", "Query": "bank"}]}`
		}
		r = httptest.NewRequest(w.method, path, strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
	}
	if withToken {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	return r
}

// TestRoutesReachable: every listed route is the one its request lands
// on (not shadowed by another pattern), refuses a request without the
// token when it needs one (401, or 403 for a form), and with the token
// reaches its handler.
func TestRoutesReachable(t *testing.T) {
	const token = "s3cret-s3cret-s3"
	s, f, d := fullServer(t, token)
	mux := s.mux()
	for _, w := range wantRoutes {
		t.Run(w.method+" "+w.pattern, func(t *testing.T) {
			methods := []string{w.method}
			if w.method == http.MethodGet {
				methods = append(methods, http.MethodHead)
			}
			for _, m := range methods {
				r := probe(w, f.bankMeta.ID, token, true)
				r.Method = m
				if _, pattern := mux.Handler(r); pattern != w.method+" "+w.pattern {
					t.Errorf("%s %s lands on %q, want %q", m, r.URL.Path, pattern, w.method+" "+w.pattern)
				}
			}

			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, probe(w, f.bankMeta.ID, token, false))
			without := rec.Code

			before := len(d.called)
			rec = httptest.NewRecorder()
			mux.ServeHTTP(rec, probe(w, f.bankMeta.ID, token, true))
			if w.token && without != http.StatusUnauthorized {
				t.Errorf("without the token %s %s = %d, want 401", w.method, w.path, without)
			}
			if !w.token && without != rec.Code {
				t.Errorf("without the token %s %s = %d, with it %d: want the token to make no difference", w.method, w.path, without, rec.Code)
			}
			if rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden || rec.Code >= 500 {
				t.Errorf("with the token %s %s = %d %.200s, want it served", w.method, w.path, rec.Code, rec.Body)
			}
			if strings.Contains(rec.Body.String(), "no such endpoint") {
				t.Errorf("with the token %s %s = %d %s: its handler was not reached", w.method, w.path, rec.Code, rec.Body)
			}
			t.Logf("%s %s: %d, daemon calls %v", w.method, w.path, rec.Code, d.called[before:])
		})
	}
}

// TestRoutesOfMissingDependencies: a Server with only a store serves the
// store's routes and answers 404 on those of a dependency it lacks, as on
// an unknown path.
func TestRoutesOfMissingDependencies(t *testing.T) {
	f := newFixture(t)
	mux := (&Server{Store: f.st, Rules: f.set}).mux()
	for _, w := range wantRoutes {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, probe(w, f.bankMeta.ID, "", false))
		daemonOnly := slices.Contains([]string{"/api/v1/backup", "/api/v1/stats", "/api/v1/webhooks/deliveries", "/metrics", "/-/reload",
			"/api/v1/feeds", "/api/v1/feeds/import", "/-/crawl", "/-/db/check", "/api/v1/rules/apply", "/api/v1/rules/test",
			"/api/v1/stories/{ref}/explain", "/api/v1/rules/{rule}/labeled"}, w.pattern)
		if got := rec.Code == http.StatusNotFound && strings.Contains(rec.Body.String(), "no such endpoint"); got != daemonOnly {
			t.Errorf("%s %s without its dependency = %d %.100s; want a 404 %v", w.method, w.path, rec.Code, rec.Body, daemonOnly)
		}
	}
}

// TestMethodNotAllowedNamesTheRoutes: a method a path's routes do not
// take is a JSON 405 whose Allow lists those they take.
func TestMethodNotAllowedNamesTheRoutes(t *testing.T) {
	s, _, _ := fullServer(t, "")
	for path, allow := range map[string]string{
		"/api/v1/feeds":     "GET, HEAD, POST, DELETE",
		"/api/v1/stats":     "GET, HEAD",
		"/login":            "GET, HEAD, POST",
		"/-/crawl":          "POST",
		"/stories/x/label":  "POST",
		"/api/v1/stories/x": "GET, HEAD",
	} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodPatch, path, nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != allow || rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("PATCH %s = %d Allow %q %s, want 405 Allow %q in JSON", path, rec.Code, rec.Header().Get("Allow"), rec.Header().Get("Content-Type"), allow)
		}
	}
}
