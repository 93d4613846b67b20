package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/archive"
	"github.com/newshound/newshound/cmd/newshound/internal/client"
	"github.com/newshound/newshound/crawler"
	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// remoteRoutes registers the routes through which the commands that need
// the database do their work while the daemon holds it, behind the same
// token as the API (auth). Each answers what the command prints, as JSON:
//
//	POST /-/crawl                         one pass over every feed now: NDJSON passLine,
//	                                      {"done","total"} per feed, then {"summary": passSummary}
//	POST /-/db/check                      {"path", "error"}: "" or the sentence naming the damage
//	POST /api/v1/rules/apply              archive.RulesRequest -> applied, or {"error"}
//	POST /api/v1/rules/test               archive.RulesRequest (one rule, since) -> NDJSON archive.StoredLine
//	GET  /api/v1/stories/{ref}/explain    explanation (ref: id, unique id prefix or URL)
//	GET  /api/v1/rules/{rule}/labeled     archive.LabeledAnswer: the stories labeled for rule
//
// The rules routes run the rules the request carries (the command's
// config.yaml), not the daemon's. db check and rules apply answer 200 at
// once and their result when done (see long). Errors are {"error": sentence}, the
// command's own, with 400 for a bad request, 404 for an unknown story, 409
// for an ambiguous one and 500 for a failure of the database.
func (d *daemon) remoteRoutes(mux *http.ServeMux, auth func(http.Handler) http.Handler) {
	ro := &remoteOps{d: d, pass: make(chan struct{}, 1)}
	mux.Handle("POST /-/crawl", auth(http.HandlerFunc(ro.serveCrawl)))
	mux.Handle("POST /-/db/check", auth(http.HandlerFunc(ro.serveCheck)))
	mux.Handle("POST /api/v1/rules/apply", auth(http.HandlerFunc(ro.serveApply)))
	mux.Handle("POST /api/v1/rules/test", auth(http.HandlerFunc(ro.serveTest)))
	mux.Handle("GET /api/v1/stories/{ref}/explain", auth(http.HandlerFunc(ro.serveExplain)))
	mux.Handle("GET /api/v1/rules/{rule}/labeled", auth(http.HandlerFunc(ro.serveLabeled)))
}

// remoteOps serves the routes of remoteRoutes.
type remoteOps struct {
	d *daemon
	// pass holds a token while a crawl pass runs: passes go one at a
	// time (see schedule.Scheduler.PassNow).
	pass chan struct{}
}

// streamBeat is how often a long answer (a crawl pass) sends at least a
// line, so that the command's per-read bound (daemonAnswerTimeout) and
// server.write_timeout see bytes flow; each write moves the write
// deadline streamWriteGrace on.
const (
	streamBeat       = 10 * time.Second
	streamWriteGrace = time.Minute
)

// lineWriter writes NDJSON lines to a response from several goroutines,
// flushing each and moving the write deadline on.
type lineWriter struct {
	mu  sync.Mutex
	w   http.ResponseWriter
	rc  *http.ResponseController
	enc *json.Encoder
}

func newLineWriter(w http.ResponseWriter) *lineWriter {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/x-ndjson")
	}
	w.WriteHeader(http.StatusOK)
	lw := &lineWriter{w: w, rc: http.NewResponseController(w), enc: json.NewEncoder(w)}
	lw.flush()
	return lw
}

// line writes v as one line; a nil v writes an empty line (a beat).
func (lw *lineWriter) line(v any) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	_ = lw.rc.SetWriteDeadline(time.Now().Add(streamWriteGrace))
	if v == nil {
		lw.w.Write([]byte("\n"))
	} else {
		lw.enc.Encode(v)
	}
	lw.flush()
}

func (lw *lineWriter) flush() { _ = lw.rc.Flush() }

// beat writes an empty line every streamBeat until the returned stop is
// called.
func (lw *lineWriter) beat() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(streamBeat)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				lw.line(nil)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// passLine is a line of the answer to POST /-/crawl: feeds polled so far
// (Done) of Total, or, last, the pass's Summary.
type passLine struct {
	Done    int          `json:"done,omitempty"`
	Total   int          `json:"total,omitempty"`
	Summary *passSummary `json:"summary,omitempty"`
}

func (ro *remoteOps) serveCrawl(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ro.d.requestContext(r)
	defer cancel()
	select {
	case ro.pass <- struct{}{}:
		defer func() { <-ro.pass }()
	case <-ctx.Done():
		writeCommandError(w, http.StatusServiceUnavailable, "crawl: the daemon stopped, or the command left, before the pass began")
		return
	}
	total := ro.d.sched.Len()
	lw := newLineWriter(w)
	stop := lw.beat()
	done := 0
	start := time.Now()
	sum := ro.d.sched.PassNow(ctx, func(crawler.FeedResult) {
		done++
		lw.line(passLine{Done: done, Total: total})
	})
	ps := newPassSummary(sum)
	ps.NewlyFlagged = ro.flaggedSince(ctx, start)
	stop()
	lw.line(passLine{Summary: ps})
}

// flaggedSince lists the stories the flag log says were newly flagged
// since start (the pass's, and those of any other write meanwhile), with
// their titles; a failure to read it is logged and lists none.
func (ro *remoteOps) flaggedSince(ctx context.Context, start time.Time) []passFlag {
	st := ro.d.store
	evs, err := st.FlagEvents(ctx, start)
	if err != nil {
		ro.d.log.Warn("crawl through the API: the flag log could not be read for the summary", "error", err)
		return nil
	}
	out := make([]passFlag, 0, len(evs))
	for _, ev := range evs {
		f := passFlag{ID: ev.Story, Rule: ev.Rule}
		if a, err := st.Article(ctx, ev.Story); err == nil {
			f.Title, f.URL = a.Title, a.URL
		}
		out = append(out, f)
	}
	return out
}

func (ro *remoteOps) serveCheck(w http.ResponseWriter, r *http.Request) {
	st := ro.d.store
	ro.long(w, func() any {
		err := st.Check(r.Context())
		if err != nil && !errors.Is(err, store.ErrCorrupt) {
			ro.d.log.Error("db check through the API failed", "error", err)
		}
		return map[string]string{"path": st.Path(), "error": errText(err)}
	})
}

// compile decodes a archive.RulesRequest and compiles its rules, answering 400
// when it cannot.
func (ro *remoteOps) compile(w http.ResponseWriter, r *http.Request) (archive.RulesRequest, *rules.Set, bool) {
	var req archive.RulesRequest
	if !decodeBody(w, r, &req) {
		return req, nil, false
	}
	if len(req.Rules) == 0 {
		writeCommandError(w, http.StatusBadRequest, "the request names no rule: send {\"rules\": [{\"Name\": ..., \"Query\": ...}]}")
		return req, nil, false
	}
	set, err := rules.Compile(req.Rules, req.Lists)
	if err != nil {
		writeCommandError(w, http.StatusBadRequest, err.Error())
		return req, nil, false
	}
	return req, set, true
}

func (ro *remoteOps) serveApply(w http.ResponseWriter, r *http.Request) {
	_, set, ok := ro.compile(w, r)
	if !ok {
		return
	}
	ro.long(w, func() any {
		res, err := archive.Apply(r.Context(), ro.d.store, set)
		if err != nil {
			ro.d.log.Error("rules apply through the API failed", "error", err)
			return map[string]string{"error": err.Error()}
		}
		ro.d.log.Info("rules applied through the API", "rules", len(set.Rules()), "stories", res.Checked, "changed", res.Changed)
		return res
	})
}

// long answers 200 at once, then an empty line every streamBeat while
// work runs (a JSON decoder skips them), then work's answer as JSON: an
// answer that may take longer than the command's bound on a silent
// daemon (daemonAnswerTimeout) or than server.write_timeout, over a large
// archive. A failure is then {"error": sentence} in the body.
func (ro *remoteOps) long(w http.ResponseWriter, work func() any) {
	w.Header().Set("Content-Type", "application/json")
	lw := newLineWriter(w)
	stop := lw.beat()
	v := work()
	stop()
	lw.line(v)
}

func (ro *remoteOps) serveTest(w http.ResponseWriter, r *http.Request) {
	req, set, ok := ro.compile(w, r)
	if !ok {
		return
	}
	if len(req.Rules) != 1 {
		writeCommandError(w, http.StatusBadRequest, fmt.Sprintf("rules test runs one rule, the request has %d", len(req.Rules)))
		return
	}
	q, err := export.ParseQuery(req.Since, "", true)
	if err != nil {
		writeCommandError(w, http.StatusBadRequest, fmt.Errorf("%w: %w", errUsage, err).Error())
		return
	}
	lw := newLineWriter(w)
	n, err := archive.StoredChanges(r.Context(), ro.d.store, set, req.Rules[0].Name, q, func(c archive.StoredChange) error {
		lw.line(archive.StoredLine{Change: &c})
		return r.Context().Err()
	})
	if err != nil {
		lw.line(archive.StoredLine{Error: err.Error()})
		return
	}
	lw.line(archive.StoredLine{Counts: &n})
}

func (ro *remoteOps) serveExplain(w http.ResponseWriter, r *http.Request) {
	e, err := archive.Explain(r.Context(), ro.d.store, r.PathValue("ref"))
	switch {
	case err == nil:
		writeAPIJSON(w, http.StatusOK, e)
	case errors.Is(err, store.ErrNotFound):
		writeCommandError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, store.ErrAmbiguous):
		writeCommandError(w, http.StatusConflict, err.Error())
	default:
		ro.storeError(w, "rules explain", err)
	}
}

func (ro *remoteOps) serveLabeled(w http.ResponseWriter, r *http.Request) {
	ss, err := archive.Labeled(r.Context(), ro.d.store, r.PathValue("rule"))
	switch {
	case err == nil:
		writeAPIJSON(w, http.StatusOK, archive.NewLabeledAnswer(ss))
	case errors.As(err, new(*archive.NoLabelsError)):
		writeCommandError(w, http.StatusNotFound, err.Error())
	default:
		ro.storeError(w, "rules", err)
	}
}

// storeError answers a failure of the database with its sentence, and
// logs it.
func (ro *remoteOps) storeError(w http.ResponseWriter, what string, err error) {
	ro.d.log.Error(what+" through the API failed", "error", err)
	writeCommandError(w, http.StatusInternalServerError, err.Error())
}

// writeCommandError answers {"error": msg}, marked as the command's own
// sentence (see daemonAnswerError).
func writeCommandError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set(client.SentenceHeader, "1")
	writeAPIError(w, status, msg)
}

// requestContext is r's context, also cancelled when the daemon stops
// (d.stopping), so that a long request (a crawl pass) ends with the
// daemon's work rather than outlive it until the shutdown grace ends.
func (d *daemon) requestContext(r *http.Request) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(r.Context())
	go func() {
		select {
		case <-d.stopping:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}
