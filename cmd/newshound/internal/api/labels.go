package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
	"github.com/newshound/newshound/store"
)

// Labeler is what the label routes read and write. *store.Store
// implements it.
type Labeler interface {
	ResolveArticle(ctx context.Context, ref string) (*store.Article, error)
	PutLabel(ctx context.Context, l store.Label) error
	DeleteLabel(ctx context.Context, articleID, rule string) error
}

// maxLabelBody caps the body of PUT .../labels/{rule}.
const maxLabelBody = 4 << 10

// storyRef names a story in a label answer.
type storyRef struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title"`
}

// labelAnswer is the answer of PUT and DELETE .../labels/{rule}: the
// story (resolved from the path's reference), the rule, and the label
// now stored, null after a DELETE.
type labelAnswer struct {
	Story storyRef     `json:"story"`
	Rule  string       `json:"rule"`
	Label *store.Label `json:"label"`
}

// putLabel is PUT /api/v1/stories/{id}/labels/{rule} with the body
// {"relevant": true|false}: it replaces the story's label for the rule,
// one the story may be labelled for (web.LabelRules). {id} is a full id,
// a unique id prefix or the story's URL (path-escaped), as ResolveArticle
// takes it.
func (s *Server) putLabel(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Relevant *bool `json:"relevant"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxLabelBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil || body.Relevant == nil || dec.Decode(new(json.RawMessage)) != io.EOF {
		writeError(w, http.StatusBadRequest, `the body must be {"relevant": true} or {"relevant": false}`)
		return
	}
	a, ok := s.labelStory(w, r)
	if !ok {
		return
	}
	rule := r.PathValue("rule")
	if known := web.LabelRules(s.ruleDefs(), a); !slices.Contains(known, rule) {
		writeError(w, http.StatusNotFound, web.UnknownRule(rule, known))
		return
	}
	l := store.Label{ArticleID: a.ID, Rule: rule, Relevant: *body.Relevant, Labeled: time.Now().UTC()}
	err := s.Store.PutLabel(r.Context(), l)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "the story "+a.ID+" was removed (by retention) before the label was recorded")
		return
	case err != nil:
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, labelAnswer{Story: refOf(a), Rule: rule, Label: &l})
}

// deleteLabel is DELETE /api/v1/stories/{id}/labels/{rule}: it removes
// the story's label for the rule (whichever rule it is). When there is
// none, the 404's error object also names the story and the rule.
func (s *Server) deleteLabel(w http.ResponseWriter, r *http.Request) {
	a, ok := s.labelStory(w, r)
	if !ok {
		return
	}
	rule := r.PathValue("rule")
	err := s.Store.DeleteLabel(r.Context(), a.ID, rule)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// The error names the story too: it exists, without that label.
		writeJSON(w, http.StatusNotFound, struct {
			Error string `json:"error"`
			labelAnswer
		}{"the story " + a.ID + " has no label for rule " + rule, labelAnswer{Story: refOf(a), Rule: rule}})
		return
	case err != nil:
		s.internalError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, labelAnswer{Story: refOf(a), Rule: rule})
}

// labelStory resolves the path's story reference, answering the error
// itself when it names no single story.
func (s *Server) labelStory(w http.ResponseWriter, r *http.Request) (*store.Article, bool) {
	ref := r.PathValue("id")
	a, err := s.Store.ResolveArticle(r.Context(), ref)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "no story with id, id prefix or URL "+ref)
		return nil, false
	case errors.Is(err, store.ErrAmbiguous):
		writeError(w, http.StatusBadRequest, err.Error())
		return nil, false
	case err != nil:
		s.internalError(w, r, err)
		return nil, false
	}
	return a, true
}

func refOf(a *store.Article) storyRef {
	return storyRef{ID: a.ID, URL: a.URL, Title: a.Title}
}
