// Package web renders the daemon's pages: flagged stories newest first
// with the strongest evidence of each rule, one snippet per clause ("/"),
// one story with its text marked in place, its evidence grouped by the
// rule's clauses, and its sources ("/stories/{id}"), the health of every feed
// ("/feeds") and the login form. Pages are server-rendered with
// html/template from embedded files, with no scripts and no external
// assets: the CSS is inline and allowed by a hash in the
// Content-Security-Policy. Routing and authentication are the caller's
// (package api).
package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

//go:embed templates/*.html
var files embed.FS

//go:embed style.css
var styleCSS string

// csp allows nothing but the inline style sheet, forms to this server and
// same-origin images.
var csp = func() string {
	sum := sha256.Sum256([]byte(styleCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}()

// pages holds one template set per page, each with the layout.
var pages = func() map[string]*template.Template {
	m := map[string]*template.Template{}
	for _, name := range []string{"index", "story", "feeds", "login", "problem"} {
		m[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+name+".html"))
	}
	return m
}()

// Store is what the pages read and write: the stories, the feeds'
// health, the counts and the labels. *store.Store implements it.
type Store interface {
	Article(ctx context.Context, id string) (*store.Article, error)
	ArticleLabels(ctx context.Context, articleID string) ([]store.Label, error)
	SearchPage(ctx context.Context, q store.Query, text string, scan int) ([]*store.Article, string, error)
	Feeds(ctx context.Context) ([]store.Feed, error)
	Stats(ctx context.Context) (store.Stats, error)
	PutLabel(ctx context.Context, l store.Label) error
}

var _ Store = (*store.Store)(nil)

// Pages renders the pages over one store.
type Pages struct {
	// Store is the daemon's open database. Required.
	Store Store
	// Rules returns the configured rules, for the rule filter and the
	// counts; nil means none (rules found in stored flags still show).
	Rules func() []rules.Definition
	// Set returns the rule set the story pages explain flags with, clause
	// by clause; nil (or a nil set) means the stored places are shown,
	// grouped by term.
	Set func() *rules.Set
	// Logger receives rendering and database errors. Default
	// slog.Default().
	Logger *slog.Logger
}

func (p *Pages) log() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.Default()
}

func (p *Pages) ruleSet() *rules.Set {
	if p.Set != nil {
		return p.Set()
	}
	return nil
}

// layout is what every page's data carries for the layout.
type layout struct {
	// Title is the page's title, before " · newshound".
	Title string
	// Nav names the current section: "stories" or "feeds".
	Nav string
	// Style is the inline style sheet.
	Style template.CSS
	// Atom is the path of the Atom feed of what the page lists.
	Atom string
	// FormToken is the form token the page's forms post (FormTokenField).
	FormToken string
}

// render writes page with data, buffered so that a template error gives
// a clean 500 instead of half a page.
func (p *Pages) render(w http.ResponseWriter, status int, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].Execute(&buf, data); err != nil {
		p.log().Error("render page", "page", page, "error", err)
		http.Error(w, "newshound: the page could not be rendered; see the daemon's log", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func newLayout(title, nav string) layout {
	return layout{Title: title, Nav: nav, Style: template.CSS(styleCSS), Atom: "/feeds/flagged.atom"}
}

// problemData is the data of an error page.
type problemData struct {
	layout
	Message string
}

// Problem renders an error page with status and one sentence for people.
func (p *Pages) Problem(w http.ResponseWriter, status int, msg string) {
	p.render(w, status, "problem", problemData{layout: newLayout(http.StatusText(status), ""), Message: msg})
}

// loginData is the data of the login form.
type loginData struct {
	layout
	Next    string
	Problem string
}

// Login renders the login form for r with status. next is the local path
// to go back to once logged in; problem, when set, says what went wrong.
func (p *Pages) Login(w http.ResponseWriter, r *http.Request, status int, next, problem string) {
	l := newLayout("Log in", "")
	l.FormToken = formToken(r.Context())
	p.render(w, status, "login", loginData{layout: l, Next: next, Problem: problem})
}
