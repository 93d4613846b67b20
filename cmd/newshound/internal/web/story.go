package web

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/newshound/newshound/store"
)

// storyData is the data of a story page.
type storyData struct {
	layout
	Story *store.Article
	Host  string
	Flags []flagView
	// Text and Summary are the story's paragraphs with the places of
	// every flag marked.
	Text, Summary []template.HTML
	Sources       []store.FeedRef
	// Labels has a row per rule the story may be labelled for.
	Labels []labelView
}

// Story is "/stories/{id}": one story, why it was flagged, every feed it
// was seen in, and its labels with the buttons that set them (see Label).
func (p *Pages) Story(w http.ResponseWriter, r *http.Request) {
	a, ok := p.article(w, r)
	if !ok {
		return
	}
	labels, err := p.Store.ArticleLabels(r.Context(), a.ID)
	if err != nil {
		p.fail(w, err)
		return
	}
	sources := a.Sources
	if len(sources) == 0 && a.Feed.URL != "" {
		sources = []store.FeedRef{a.Feed}
	}
	title := a.Title
	if title == "" {
		title = a.URL
	}
	flags := flagViews(p.ruleSet(), a)
	evs := make([]Evidence, len(flags))
	for i, f := range flags {
		evs[i] = f.Ev
	}
	l := newLayout(title, "stories")
	l.FormToken = formToken(r.Context())
	p.render(w, http.StatusOK, "story", storyData{
		layout: l,
		Story:  a, Host: host(a), Flags: flags,
		Text: MarkedText(a, "text", evs), Summary: MarkedText(a, "summary", evs), Sources: sources,
		Labels: p.labelViews(a, labels),
	})
}

// article reads the story of the request's {id}, or answers 404 (or the
// failure) itself and reports false.
func (p *Pages) article(w http.ResponseWriter, r *http.Request) (*store.Article, bool) {
	a, err := p.Store.Article(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, store.ErrNotFound):
		p.Problem(w, http.StatusNotFound, "No story is stored under this id; it may have been removed by retention.")
		return nil, false
	case err != nil:
		p.fail(w, err)
		return nil, false
	}
	return a, true
}
