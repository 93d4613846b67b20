package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// The routes of this file do the work of the commands that need the
// database while the daemon holds it (crawl, db check, rules apply,
// rules test --stored, rules explain, the labeled stories of rules test
// --labels); each answers what the command prints, as JSON. The rules
// routes run the rules the request carries (the command's config.yaml),
// not the daemon's. db check and rules apply answer 200 at once and their
// result when done (see long). Their errors carry CommandErrorHeader: 400
// for a bad request, 404 for an unknown story, 409 for an ambiguous one.

// CommandErrorHeader marks an error answer whose {"error"} is the
// command's own sentence, to be printed as it is (an error of the token
// check or of the Guard is not).
const CommandErrorHeader = "Newshound-Command-Error"

// Crawler runs a crawl pass now.
type Crawler interface {
	// Feeds is how many feeds a pass polls.
	Feeds() int
	// PassNow polls every feed once, calling fed after each, and returns
	// the pass's summary, sent as {"summary": SUMMARY}.
	PassNow(ctx context.Context, fed func()) any
}

// Checker checks the database: Check returns the answer of POST
// /-/db/check ({"path", "error"}: "" or the sentence naming the damage).
type Checker interface {
	Check(ctx context.Context) any
}

// RuleRunner runs the rules a command sends over the stored stories.
type RuleRunner interface {
	// Apply flags every stored story with set, as `rules apply` does,
	// and returns what it changed.
	Apply(ctx context.Context, set *rules.Set) (any, error)
	// TestStored runs the rule of set over the stories of q, calling
	// change for each it would newly flag or no longer flag, and returns
	// the counts; nothing is written.
	TestStored(ctx context.Context, set *rules.Set, rule string, q store.Query, change func(any) error) (counts any, err error)
	// Explain explains a story's flags; ref is an id, a unique id prefix
	// or a URL (store.ErrNotFound, store.ErrAmbiguous when it is not one
	// story).
	Explain(ctx context.Context, ref string) (any, error)
	// Labeled lists the stories labeled for rule; an *Error when there is
	// none.
	Labeled(ctx context.Context, rule string) (any, error)
}

// RulesRequest carries rules to the daemon: the definitions the command
// compiled from its config.yaml, and the lists they use, so that the
// daemon runs the rules the command would, whatever rules it runs itself.
type RulesRequest struct {
	Rules []rules.Definition  `json:"rules"`
	Lists map[string][]string `json:"lists,omitempty"`
	// Since bounds `rules test --stored` as its --since does.
	Since string `json:"since,omitempty"`
}

// commandError answers {"error": msg} marked as the command's own
// sentence.
func commandError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set(CommandErrorHeader, "1")
	writeError(w, status, msg)
}

// passLine is a line of the answer to POST /-/crawl: feeds polled so far
// (Done) of Total, or, last, the pass's Summary.
type passLine struct {
	Done    int `json:"done,omitempty"`
	Total   int `json:"total,omitempty"`
	Summary any `json:"summary,omitempty"`
}

// crawl is POST /-/crawl: one pass over every feed now, as NDJSON
// {"done","total"} per feed, then {"summary"}. Passes go one at a time.
func (s *Server) crawl(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.requestContext(r)
	defer cancel()
	s.passOnce.Do(func() { s.pass = make(chan struct{}, 1) })
	select {
	case s.pass <- struct{}{}:
		defer func() { <-s.pass }()
	case <-ctx.Done():
		commandError(w, http.StatusServiceUnavailable, "crawl: the daemon stopped, or the command left, before the pass began")
		return
	}
	total := s.Crawler.Feeds()
	lw := newLineWriter(w)
	stop := lw.beat()
	done := 0
	sum := s.Crawler.PassNow(ctx, func() {
		done++
		lw.line(passLine{Done: done, Total: total})
	})
	stop()
	lw.line(passLine{Summary: sum})
}

// check is POST /-/db/check.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	long(w, func() any { return s.Checker.Check(r.Context()) })
}

// compile decodes a RulesRequest and compiles its rules, answering 400
// when it cannot.
func compile(w http.ResponseWriter, r *http.Request) (RulesRequest, *rules.Set, bool) {
	var req RulesRequest
	if !decodeBody(w, r, &req) {
		return req, nil, false
	}
	if len(req.Rules) == 0 {
		commandError(w, http.StatusBadRequest, "the request names no rule: send {\"rules\": [{\"Name\": ..., \"Query\": ...}]}")
		return req, nil, false
	}
	set, err := rules.Compile(req.Rules, req.Lists)
	if err != nil {
		commandError(w, http.StatusBadRequest, err.Error())
		return req, nil, false
	}
	return req, set, true
}

// rulesApply is POST /api/v1/rules/apply: RulesRequest -> what changed,
// or {"error"} after the 200.
func (s *Server) rulesApply(w http.ResponseWriter, r *http.Request) {
	_, set, ok := compile(w, r)
	if !ok {
		return
	}
	long(w, func() any {
		res, err := s.Runner.Apply(r.Context(), set)
		if err != nil {
			s.log().Error("rules apply through the API failed", "path", r.URL.Path, "error", err)
			return map[string]string{"error": err.Error()}
		}
		return res
	})
}

// storedLine is one line of the answer to POST /api/v1/rules/test: a
// change, then the counts, or an error.
type storedLine struct {
	Change any    `json:"change,omitempty"`
	Counts any    `json:"counts,omitempty"`
	Error  string `json:"error,omitempty"`
}

// rulesTest is POST /api/v1/rules/test: RulesRequest with one rule and
// since -> NDJSON storedLine.
func (s *Server) rulesTest(w http.ResponseWriter, r *http.Request) {
	req, set, ok := compile(w, r)
	if !ok {
		return
	}
	if len(req.Rules) != 1 {
		commandError(w, http.StatusBadRequest, fmt.Sprintf("rules test runs one rule, the request has %d", len(req.Rules)))
		return
	}
	q, err := export.ParseQuery(req.Since, "", true)
	if err != nil {
		commandError(w, http.StatusBadRequest, "usage: "+err.Error())
		return
	}
	lw := newLineWriter(w)
	n, err := s.Runner.TestStored(r.Context(), set, req.Rules[0].Name, q, func(c any) error {
		lw.line(storedLine{Change: c})
		return r.Context().Err()
	})
	if err != nil {
		lw.line(storedLine{Error: err.Error()})
		return
	}
	lw.line(storedLine{Counts: n})
}

// explain is GET /api/v1/stories/{ref}/explain.
func (s *Server) explain(w http.ResponseWriter, r *http.Request) {
	e, err := s.Runner.Explain(r.Context(), r.PathValue("ref"))
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, e)
	case errors.Is(err, store.ErrNotFound):
		commandError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, store.ErrAmbiguous):
		commandError(w, http.StatusConflict, err.Error())
	default:
		s.commandFail(w, r, err)
	}
}

// labeled is GET /api/v1/rules/{rule}/labeled.
func (s *Server) labeled(w http.ResponseWriter, r *http.Request) {
	ss, err := s.Runner.Labeled(r.Context(), r.PathValue("rule"))
	if err != nil {
		s.commandFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ss)
}

// commandFail answers err: an *Error as the command's sentence, any
// other as internalError.
func (s *Server) commandFail(w http.ResponseWriter, r *http.Request, err error) {
	if e := (*Error)(nil); errors.As(err, &e) && e.Status >= 400 && e.Status < 500 {
		commandError(w, e.Status, e.Err.Error())
		return
	}
	s.internalError(w, r, err)
}
