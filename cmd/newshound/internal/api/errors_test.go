package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newshound/newshound/cmd/newshound/internal/opml"
)

// failingDaemon fails each call with err.
type failingDaemon struct{ err error }

func (f failingDaemon) Report(context.Context) (any, error)              { return nil, f.err }
func (f failingDaemon) Reload(context.Context) (any, error)              { return nil, f.err }
func (f failingDaemon) List(context.Context) (any, error)                { return nil, f.err }
func (f failingDaemon) Add(context.Context, string, string) (any, error) { return nil, f.err }
func (f failingDaemon) Remove(context.Context, string) (any, error)      { return nil, f.err }
func (f failingDaemon) Import(context.Context, []opml.Feed) (any, error) { return nil, f.err }

// errorAnswer is a decoded JSON error answer.
type errorAnswer struct {
	status      int
	contentType string
	nosniff     string
	body        string
	sentence    string
}

func answerOf(t *testing.T, h http.Handler, method, path, body string) errorAnswer {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	a := errorAnswer{status: rec.Code, contentType: rec.Header().Get("Content-Type"),
		nosniff: rec.Header().Get("X-Content-Type-Options"), body: rec.Body.String()}
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("%s %s answered %d %q, not a JSON error: %v", method, path, rec.Code, a.body, err)
	}
	a.sentence = e.Error
	return a
}

// TestServerErrorLeaksNothing: a failure of the daemon is a JSON 500 whose
// body says only that the log says why; the log line has the internal
// error and the request's path.
func TestServerErrorLeaksNothing(t *testing.T) {
	const secret = "open /var/lib/newshound/secret.db: permission denied"
	var log bytes.Buffer
	d := failingDaemon{err: errors.New(secret)}
	s := &Server{Stats: d, Reloader: d, Feeds: d, Logger: slog.New(slog.NewTextHandler(&log, nil))}
	for _, tt := range []struct{ method, path, body string }{
		{"GET", "/api/v1/stats", ""},
		{"POST", "/-/reload", ""},
		{"GET", "/api/v1/feeds", ""},
		{"POST", "/api/v1/feeds", `{"url": "https://one.example/feed"}`},
	} {
		log.Reset()
		a := answerOf(t, s.Handler(), tt.method, tt.path, tt.body)
		if a.status != http.StatusInternalServerError || a.contentType != "application/json" || a.nosniff != "nosniff" {
			t.Errorf("%s %s = %d %q nosniff=%q, want 500 application/json nosniff", tt.method, tt.path, a.status, a.contentType, a.nosniff)
		}
		if strings.Contains(a.body, "secret") || strings.Contains(a.body, "denied") || a.sentence != internalMessage {
			t.Errorf("%s %s answered %q, want only %q", tt.method, tt.path, a.body, internalMessage)
		}
		if l := log.String(); !strings.Contains(l, secret) || !strings.Contains(l, "path="+tt.path) {
			t.Errorf("%s %s logged %q, want the error and the path", tt.method, tt.path, l)
		}
	}
}

// TestClientErrorSaysWhy: an error marked the client's is answered with
// its status and sentence, as JSON.
func TestClientErrorSaysWhy(t *testing.T) {
	const why = "feeds add: https://one.example/feed is polled already"
	s := &Server{Feeds: failingDaemon{err: ClientError(http.StatusConflict, errors.New(why))},
		Reloader: failingDaemon{err: ClientError(http.StatusBadRequest, errors.New("config.yaml:3: unknown key"))}}
	a := answerOf(t, s.Handler(), "POST", "/api/v1/feeds", `{"url": "https://one.example/feed"}`)
	if a.status != http.StatusConflict || a.contentType != "application/json" || a.nosniff != "nosniff" || a.sentence != why {
		t.Errorf("POST /api/v1/feeds = %d %q nosniff=%q %q, want 409 application/json nosniff %q", a.status, a.contentType, a.nosniff, a.sentence, why)
	}
	a = answerOf(t, s.Handler(), "POST", "/-/reload", "")
	if want := "the configuration was not reloaded, the running one stays: config.yaml:3: unknown key"; a.status != http.StatusBadRequest || a.sentence != want {
		t.Errorf("POST /-/reload = %d %q, want 400 %q", a.status, a.sentence, want)
	}
	a = answerOf(t, s.Handler(), "POST", "/api/v1/feeds", `{"url": 3}`)
	if a.status != http.StatusBadRequest || !strings.HasPrefix(a.sentence, "the request body is not the expected JSON") {
		t.Errorf("POST /api/v1/feeds with a bad body = %d %q, want 400 naming the body", a.status, a.sentence)
	}
}
