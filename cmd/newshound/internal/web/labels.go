package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// LabelRules lists the rules a story may be labelled for, in the order
// the story page shows them: the configured rules (defs), then the rules
// that flagged the story and are no longer configured. The label routes
// of the page and of the API accept these and no others.
func LabelRules(defs []rules.Definition, a *store.Article) []string {
	var out []string
	for _, d := range defs {
		out = append(out, d.Name)
	}
	for _, f := range a.Flags {
		if !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	return out
}

// UnknownRule is the sentence refusing a label for rule, which is not one
// of known (LabelRules).
func UnknownRule(rule string, known []string) string {
	if len(known) == 0 {
		return "There is no rule named " + rule + ": no rule is configured, and none flagged the story."
	}
	return "There is no rule named " + rule + " to label the story for; use one of: " + strings.Join(known, ", ") + "."
}

// labelView is one rule's row of the story page's labels: its name and
// the story's current label for it, if any.
type labelView struct {
	Rule string
	// Set is false when nobody labelled the story for the rule yet.
	Set      bool
	Relevant bool
	Labeled  time.Time
}

// labelViews pairs every rule of LabelRules with the story's label.
func (p *Pages) labelViews(a *store.Article, labels []store.Label) []labelView {
	var out []labelView
	for _, rule := range LabelRules(p.ruleDefs(), a) {
		v := labelView{Rule: rule}
		if i := slices.IndexFunc(labels, func(l store.Label) bool { return l.Rule == rule }); i >= 0 {
			v.Set, v.Relevant, v.Labeled = true, labels[i].Relevant, labels[i].Labeled
		}
		out = append(out, v)
	}
	return out
}

func (p *Pages) ruleDefs() []rules.Definition {
	if p.Rules == nil {
		return nil
	}
	return p.Rules()
}

// maxFormBytes caps the body of the label form.
const maxFormBytes = 8 << 10

// Label is POST /stories/{id}/label, the story page's label buttons: the
// form's rule (one of LabelRules) and label ("relevant" or "irrelevant")
// replace the story's label for the rule, and the answer redirects (303)
// back to the story page. The caller guards it as it guards the pages,
// and against cross-origin posts.
func (p *Pages) Label(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	a, ok := p.article(w, r)
	if !ok {
		return
	}
	rule := r.PostFormValue("rule")
	relevant, ok := map[string]bool{"relevant": true, "irrelevant": false}[r.PostFormValue("label")]
	if !ok {
		p.Problem(w, http.StatusBadRequest, "The form's label must be relevant or irrelevant.")
		return
	}
	if known := LabelRules(p.ruleDefs(), a); !slices.Contains(known, rule) {
		p.Problem(w, http.StatusBadRequest, UnknownRule(rule, known))
		return
	}
	err := p.Store.PutLabel(r.Context(), store.Label{ArticleID: a.ID, Rule: rule, Relevant: relevant})
	switch {
	case errors.Is(err, store.ErrNotFound):
		p.Problem(w, http.StatusNotFound, "The story was removed (by retention) before the label was recorded.")
		return
	case err != nil:
		p.log().Error("record label", "article_id", a.ID, "rule", rule, "error", err)
		p.Problem(w, http.StatusInternalServerError, "The label could not be recorded; the daemon's log says why.")
		return
	}
	http.Redirect(w, r, "/stories/"+a.ID+"#labels", http.StatusSeeOther)
}
