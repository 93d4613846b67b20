package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/feeds"
	"github.com/newshound/newshound/cmd/newshound/internal/opml"
)

// maxRequestBytes caps a request body of the feed and reload endpoints.
const maxRequestBytes = 32 << 20

// routes registers the daemon's own endpoints beside the API's, behind
// the same bearer token when one is set (auth is the API's check):
//
//	POST   /-/reload               reload config.yaml (reloadResult, or 400 and the reason)
//	GET    /api/v1/feeds           {"feeds": [feeds.Row...]}
//	POST   /api/v1/feeds           {"url", "name"} -> 201 feeds.AddResult (discovers the feed)
//	DELETE /api/v1/feeds?url=URL   feeds.RemoveResult
//	POST   /api/v1/feeds/import    {"feeds": [opml.Feed...]} -> feeds.ImportReport
//
// Errors are {"error": sentence} with 400 for a bad request or an address
// leading to no feed, 404 for an unknown feed, 409 for a feed already
// polled or one only config.yaml can remove.
func (d *daemon) routes(mux *http.ServeMux, auth func(http.Handler) http.Handler) {
	mux.Handle("POST /-/reload", auth(http.HandlerFunc(d.serveReload)))
	mux.Handle("GET /api/v1/feeds", auth(http.HandlerFunc(d.serveList)))
	mux.Handle("POST /api/v1/feeds", auth(http.HandlerFunc(d.serveAdd)))
	mux.Handle("DELETE /api/v1/feeds", auth(http.HandlerFunc(d.serveRemove)))
	mux.Handle("POST /api/v1/feeds/import", auth(http.HandlerFunc(d.serveImport)))
	d.remoteRoutes(mux, auth) // crawl, db check and rules beside the daemon: daemon_routes.go
}

func (d *daemon) serveReload(w http.ResponseWriter, r *http.Request) {
	res, err := d.reload(r.Context())
	if err != nil {
		status := http.StatusInternalServerError
		if ce := (*configError)(nil); errors.As(err, &ce) {
			status = http.StatusBadRequest
		}
		writeAPIError(w, status, "the configuration was not reloaded, the running one stays: "+err.Error())
		return
	}
	writeAPIJSON(w, http.StatusOK, res)
}

func (d *daemon) local() feeds.Local {
	return feeds.Local{Book: d.book(), Finder: d.finder, Now: time.Now}
}

func (d *daemon) serveList(w http.ResponseWriter, r *http.Request) {
	rows, err := d.local().List(r.Context())
	if err != nil {
		d.feedError(w, err)
		return
	}
	writeAPIJSON(w, http.StatusOK, map[string][]feeds.Row{"feeds": rows})
}

func (d *daemon) serveAdd(w http.ResponseWriter, r *http.Request) {
	var req feeds.AddRequest
	if !decodeBody(w, r, &req) {
		return
	}
	res, err := d.local().Add(r.Context(), req)
	d.answerChange(w, r, http.StatusCreated, res, err)
}

func (d *daemon) serveRemove(w http.ResponseWriter, r *http.Request) {
	url := r.URL.Query().Get("url")
	if url == "" {
		writeAPIError(w, http.StatusBadRequest, "name the feed to remove with ?url=")
		return
	}
	res, err := d.local().Remove(r.Context(), url)
	d.answerChange(w, r, http.StatusOK, res, err)
}

func (d *daemon) serveImport(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Feeds []opml.Feed `json:"feeds"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.Feeds) > opml.MaxFeeds {
		writeAPIError(w, http.StatusBadRequest, fmt.Sprintf("at most %d feeds per import", opml.MaxFeeds))
		return
	}
	rep, err := d.local().Import(r.Context(), req.Feeds)
	d.answerChange(w, r, http.StatusOK, rep, err)
}

// answerChange finishes a feed change through the API: on success it hands
// the scheduler the new feed list and answers status with res; on a
// failure of the change or of that hand-over it answers the error.
func (d *daemon) answerChange(w http.ResponseWriter, r *http.Request, status int, res any, err error) {
	if err == nil {
		_, err = d.applyFeeds(r.Context())
	}
	if err != nil {
		d.feedError(w, err)
		return
	}
	writeAPIJSON(w, status, res)
}

// feedError answers with the status that fits err.
func (d *daemon) feedError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, feeds.ErrInput):
		writeAPIError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, feeds.ErrUnknown):
		writeAPIError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, feeds.ErrConflict):
		writeAPIError(w, http.StatusConflict, err.Error())
	default:
		d.log.Error("feeds request failed", "error", err)
		writeAPIError(w, http.StatusInternalServerError, err.Error())
	}
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeAPIError(w, http.StatusBadRequest, "the request body is not the expected JSON: "+err.Error())
		return false
	}
	return true
}

func writeAPIJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeAPIError(w http.ResponseWriter, status int, msg string) {
	writeAPIJSON(w, status, map[string]string{"error": strings.TrimSpace(msg)})
}
