package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
)

// feedJSON is one feed's health.
type feedJSON struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// Status is "ok", "failing" or "waiting" (not polled yet).
	Status      string     `json:"status"`
	LastFetch   *time.Time `json:"last_fetch,omitempty"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
	LastError   string     `json:"last_error,omitempty"`
	ErrorCount  int        `json:"error_count"`
	NextDue     *time.Time `json:"next_due,omitempty"`
	// Interval is the current polling interval as a Go duration ("30m0s"),
	// IntervalSeconds the same in seconds; absent until it is known.
	Interval        string  `json:"interval,omitempty"`
	IntervalSeconds float64 `json:"interval_seconds,omitempty"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// feeds is GET /api/v1/feeds: every stored feed with its health.
func (s *Server) feeds(w http.ResponseWriter, r *http.Request) {
	feeds, err := s.Store.Feeds(r.Context())
	if err != nil {
		s.internalError(w, err)
		return
	}
	out := make([]feedJSON, 0, len(feeds))
	for _, f := range feeds {
		j := feedJSON{
			URL: f.URL, Title: f.Title, Status: web.FeedStatus(f),
			LastFetch: timePtr(f.LastFetch), LastSuccess: timePtr(f.LastSuccess), LastError: f.LastError,
			ErrorCount: f.ErrorCount, NextDue: timePtr(f.NextDue),
		}
		if f.Interval > 0 {
			j.Interval, j.IntervalSeconds = f.Interval.String(), f.Interval.Seconds()
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"feeds": out})
}

// ruleJSON is one rule and how many stored stories it flagged.
type ruleJSON struct {
	Name      string   `json:"name"`
	Query     string   `json:"query,omitempty"`
	Tags      []string `json:"tags"`
	MinScore  float64  `json:"min_score"`
	Stem      bool     `json:"stem,omitempty"`
	Prefilter string   `json:"prefilter,omitempty"`
	// Flagged counts the stored stories the rule flagged.
	Flagged int `json:"flagged"`
	// Configured is false for a rule found only in stored flags (since
	// removed or renamed in the configuration).
	Configured bool `json:"configured"`
	// Atom is the path of the rule's Atom feed.
	Atom string `json:"atom"`
}

// rulesList is GET /api/v1/rules: the configured rules by name, then the
// rules known only from stored flags, by name.
func (s *Server) rulesList(w http.ResponseWriter, r *http.Request) {
	st, err := s.Store.Stats(r.Context())
	if err != nil {
		s.internalError(w, err)
		return
	}
	out := []ruleJSON{}
	seen := map[string]bool{}
	for _, d := range s.ruleDefs() {
		seen[d.Name] = true
		tags := d.Tags
		if tags == nil {
			tags = []string{}
		}
		out = append(out, ruleJSON{
			Name: d.Name, Query: d.Query, Tags: tags, MinScore: d.MinScore, Stem: d.Stem, Prefilter: d.Prefilter,
			Flagged: st.FlagsByRule[d.Name], Configured: true, Atom: atomPath(d.Name),
		})
	}
	var others []string
	for name := range st.FlagsByRule {
		if !seen[name] {
			others = append(others, name)
		}
	}
	slices.Sort(others)
	for _, name := range others {
		out = append(out, ruleJSON{Name: name, Tags: []string{}, Flagged: st.FlagsByRule[name], Atom: atomPath(name)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"rules": out})
}

// knownRule reports whether name is configured or has stored flags.
func (s *Server) knownRule(r *http.Request, name string) (bool, error) {
	for _, d := range s.ruleDefs() {
		if d.Name == name {
			return true, nil
		}
	}
	st, err := s.Store.Stats(r.Context())
	if err != nil {
		return false, err
	}
	_, ok := st.FlagsByRule[name]
	return ok, nil
}
