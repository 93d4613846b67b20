package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
)

// Error is an error a dependency of the Server (a FeedBook, a Reloader,
// a RuleRunner) returns for a request the caller got wrong: the Server
// answers Status (a 4xx) with Err's sentence. Any other error is the
// daemon's own: logged, and answered 500 without its text.
type Error struct {
	// Status is the 4xx status to answer.
	Status int
	// Err is the sentence for the client.
	Err error
}

// Error returns Err's sentence.
func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// ClientError marks err as the client's mistake, answered with status
// (a 4xx) and err's sentence; a nil err stays nil.
func ClientError(status int, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Status: status, Err: err}
}

// internalMessage is the whole body of every 500: what went wrong is
// in the daemon's log, never in the answer.
const internalMessage = "the daemon could not answer this request; its log says why"

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError is the one way the API answers an error: status, with
// {"error": msg} as JSON. A 5xx never carries an internal error's text:
// such an answer goes through Server.internalError, which logs it.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": strings.TrimSpace(msg)})
}

// internalError logs err with the request's method and path and answers
// 500 with internalMessage.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log().Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	writeError(w, http.StatusInternalServerError, internalMessage)
}

// fail answers err: an *Error with its status and sentence, prefixed by
// prefix; anything else as internalError.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, prefix string, err error) {
	if e := (*Error)(nil); errors.As(err, &e) && e.Status >= 400 && e.Status < 500 {
		writeError(w, e.Status, prefix+e.Err.Error())
		return
	}
	s.internalError(w, r, err)
}

func (s *Server) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}
