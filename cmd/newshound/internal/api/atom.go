package api

import (
	"encoding/xml"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// AtomEntries is how many stories, newest first, an Atom feed holds.
const AtomEntries = 50

// Atom 1.0 (RFC 4287) elements, as much of them as the feeds use.
type (
	atomFeed struct {
		XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		ID        string      `xml:"id"`
		Title     string      `xml:"title"`
		Updated   string      `xml:"updated"`
		Author    atomPerson  `xml:"author"`
		Generator string      `xml:"generator"`
		Links     []atomLink  `xml:"link"`
		Entries   []atomEntry `xml:"entry"`
	}
	atomEntry struct {
		ID         string         `xml:"id"`
		Title      string         `xml:"title"`
		Updated    string         `xml:"updated"`
		Published  string         `xml:"published,omitempty"`
		Author     *atomPerson    `xml:"author,omitempty"`
		Links      []atomLink     `xml:"link"`
		Categories []atomCategory `xml:"category"`
		Summary    atomText       `xml:"summary"`
	}
	atomPerson struct {
		Name string `xml:"name"`
	}
	atomLink struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	atomCategory struct {
		Term string `xml:"term,attr"`
	}
	atomText struct {
		Type string `xml:"type,attr"`
		Body string `xml:",chardata"`
	}
)

// atomPath is the path of a rule's Atom feed.
func atomPath(rule string) string {
	return "/feeds/rules/" + url.PathEscape(rule) + ".atom"
}

// atomFlagged is GET /feeds/flagged.atom: the newest flagged stories.
func (s *Server) atomFlagged(w http.ResponseWriter, r *http.Request) {
	s.writeAtom(w, r, store.Query{FlaggedOnly: true, Limit: AtomEntries}, "urn:newshound:flagged",
		"newshound: flagged stories", "/")
}

// atomRule is GET /feeds/rules/{name}.atom: the newest stories a rule
// flagged. A rule neither configured nor in stored flags is a 404.
func (s *Server) atomRule(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".atom")
	if !ok || name == "" {
		writeError(w, http.StatusNotFound, "no such feed: "+r.URL.Path+" (rule feeds are /feeds/rules/NAME.atom)")
		return
	}
	known, err := s.knownRule(r, name)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if !known {
		writeError(w, http.StatusNotFound, "no rule named "+name+" is configured or has flagged stories")
		return
	}
	s.writeAtom(w, r, store.Query{Rule: name, Limit: AtomEntries}, "urn:newshound:rule:"+url.PathEscape(name),
		"newshound: stories flagged by "+name, "/?rule="+url.QueryEscape(name))
}

// writeAtom answers with the feed of the stories q selects. Links are
// absolute, built on baseURL; a story's alternate link is the article,
// its related link the story page on this server.
func (s *Server) writeAtom(w http.ResponseWriter, r *http.Request, q store.Query, id, title, page string) {
	arts, _, err := s.Store.ArticlesPage(r.Context(), q)
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	base := s.baseURL(r)
	self := base + r.URL.Path
	feed := atomFeed{
		ID: id, Title: title, Author: atomPerson{Name: "newshound"}, Generator: "newshound",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: base + page}},
	}
	var newest time.Time
	set := s.ruleSet()
	for _, a := range arts {
		e := atomEntryOf(set, a, q.Rule, base)
		if t := entryUpdated(a, q.Rule); t.After(newest) {
			newest = t
		}
		feed.Entries = append(feed.Entries, e)
	}
	if newest.IsZero() {
		newest = time.Now()
	}
	feed.Updated = atomTime(newest)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(feed); err != nil {
		s.log().Error("atom feed", "error", err)
	}
}

// baseURL is the scheme and host the daemon's own links start with:
// PublicURL when set, else the request's Host (which the Guard checked).
func (s *Server) baseURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// entryUpdated is when a story last changed for the feed: its newest flag
// (of rule, when set), else when it was fetched.
func entryUpdated(a *store.Article, rule string) time.Time {
	t := a.Fetched
	for _, f := range a.Flags {
		if (rule == "" || f.Rule == rule) && f.Flagged.After(t) {
			t = f.Flagged
		}
	}
	return t
}

// atomSnippets is the most snippets an entry's summary gives a rule.
const atomSnippets = 4

// atomEntryOf is a story as an entry: its summary is HTML, one short
// paragraph per flag: the rule's name and its strongest snippets (one per
// clause of the rule, as set explains it), terms in <mark>.
func atomEntryOf(set *rules.Set, a *store.Article, rule, base string) atomEntry {
	e := atomEntry{
		ID: "urn:newshound:story:" + a.ID, Title: a.Title, Updated: atomTime(entryUpdated(a, rule)),
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: a.URL}, {Rel: "related", Type: "text/html", Href: base + "/stories/" + a.ID}},
	}
	if e.Title == "" {
		e.Title = a.URL
	}
	if a.Published != nil && !a.Published.IsZero() {
		e.Published = atomTime(*a.Published)
	}
	if a.Author != "" {
		e.Author = &atomPerson{Name: a.Author}
	}
	var sum strings.Builder
	for _, f := range a.Flags {
		if rule != "" && f.Rule != rule {
			continue
		}
		e.Categories = append(e.Categories, atomCategory{Term: f.Rule})
		sum.WriteString("<p><strong>" + template.HTMLEscapeString(f.Rule) + "</strong>:")
		for i, sn := range web.Strongest(web.Explain(set, a, f), atomSnippets) {
			if i > 0 {
				sum.WriteString(" ·")
			}
			sum.WriteString(" " + string(sn.HTML))
		}
		sum.WriteString("</p>")
	}
	e.Summary = atomText{Type: "html", Body: sum.String()}
	return e
}
