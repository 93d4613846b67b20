package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/newshound/newshound/cmd/newshound/internal/opml"
)

// maxRequestBytes caps the body of the feed, reload and rules routes.
const maxRequestBytes = 32 << 20

// FeedBook is the list of polled feeds: those of config.yaml and those
// added through the API. Each method returns its route's answer (sent as
// JSON); a change is handed to the scheduler before the method returns.
// An *Error is answered with its status and sentence (400 for an address
// leading to no feed, 404 for an unknown feed, 409 for a feed already
// polled or one only config.yaml can remove), any other error as a 500.
type FeedBook interface {
	// List returns the feeds, sent as {"feeds": LIST}.
	List(ctx context.Context) (any, error)
	// Add discovers the feed at or behind url and polls it from now on
	// (201).
	Add(ctx context.Context, url, name string) (any, error)
	// Remove stops polling the feed url.
	Remove(ctx context.Context, url string) (any, error)
	// Import adds feeds, at most opml.MaxFeeds.
	Import(ctx context.Context, feeds []opml.Feed) (any, error)
}

// feedList is GET /api/v1/feeds: {"feeds": [...]}.
func (s *Server) feedList(w http.ResponseWriter, r *http.Request) {
	rows, err := s.Feeds.List(r.Context())
	if err != nil {
		s.fail(w, r, "", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"feeds": rows})
}

// feedAdd is POST /api/v1/feeds with {"url", "name"}: 201 and the feed
// added.
func (s *Server) feedAdd(w http.ResponseWriter, r *http.Request) {
	var req struct {
		URL  string `json:"url"`
		Name string `json:"name,omitempty"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	res, err := s.Feeds.Add(r.Context(), req.URL, req.Name)
	s.answer(w, r, http.StatusCreated, res, err)
}

// feedRemove is DELETE /api/v1/feeds?url=URL.
func (s *Server) feedRemove(w http.ResponseWriter, r *http.Request) {
	url := r.URL.Query().Get("url")
	if url == "" {
		writeError(w, http.StatusBadRequest, "name the feed to remove with ?url=")
		return
	}
	res, err := s.Feeds.Remove(r.Context(), url)
	s.answer(w, r, http.StatusOK, res, err)
}

// feedImport is POST /api/v1/feeds/import with {"feeds": [opml.Feed...]}.
func (s *Server) feedImport(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Feeds []opml.Feed `json:"feeds"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.Feeds) > opml.MaxFeeds {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("at most %d feeds per import", opml.MaxFeeds))
		return
	}
	res, err := s.Feeds.Import(r.Context(), req.Feeds)
	s.answer(w, r, http.StatusOK, res, err)
}

// answer sends res with status, or err.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, status int, res any, err error) {
	if err != nil {
		s.fail(w, r, "", err)
		return
	}
	writeJSON(w, status, res)
}

// decodeBody decodes r's JSON body into v, strictly (no unknown field,
// at most maxRequestBytes), answering 400 when it cannot.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "the request body is not the expected JSON: "+err.Error())
		return false
	}
	return true
}
