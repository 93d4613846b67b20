package api

import (
	"net/http"
	"slices"
)

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
		s.internalError(w, r, err)
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
