package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// PageSize is how many stories the index page lists.
const PageSize = 25

// indexData is the data of the index page.
type indexData struct {
	layout
	Rules    []ruleOption
	Feeds    []feedOption
	From, To string
	Q        string
	// Rule is the rule filtered by, if any.
	Rule     string
	Filtered bool
	Problem  string
	Stories  []storyItem
	// Newest and Older are the links to the first and next pages; empty
	// when there is none.
	Newest, Older string
}

type ruleOption struct {
	Name     string
	Count    int
	Selected bool
}

type feedOption struct {
	URL, Name string
	Selected  bool
}

// storyItem is one story in the list.
type storyItem struct {
	ID, Title, Host string
	When            time.Time
	Rules           []string
	// Evidence has per flag its strongest snippets, one per clause.
	Evidence []ruleEvidence
}

// indexFilter is the index page's form: rule, feed, from and to (dates,
// both inclusive, UTC), q (words) and after (a page cursor).
type indexFilter struct {
	query store.Query
	text  string
}

// parseIndexFilter reads the form, or says in one sentence what is wrong.
func parseIndexFilter(v url.Values) (indexFilter, error) {
	f := indexFilter{
		query: store.Query{FlaggedOnly: true, Limit: PageSize, Rule: v.Get("rule"), Feed: v.Get("feed"), After: v.Get("after")},
		text:  v.Get("q"),
	}
	day := func(name string) (time.Time, error) {
		s := strings.TrimSpace(v.Get(name))
		if s == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return t, fmt.Errorf("the %q date %q is not a date like 2026-01-31", name, s)
		}
		return t, nil
	}
	from, err := day("from")
	if err != nil {
		return f, err
	}
	to, err := day("to")
	if err != nil {
		return f, err
	}
	if !to.IsZero() {
		to = to.Add(24 * time.Hour) // inclusive
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return f, errors.New("the \"from\" date is after the \"to\" date; swap them")
	}
	f.query.Since, f.query.Until = from, to
	return f, nil
}

// Index is "/": flagged stories newest first, filtered by the form.
func (p *Pages) Index(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := r.URL.Query()
	data := indexData{
		layout: newLayout("Flagged stories", "stories"),
		From:   v.Get("from"), To: v.Get("to"), Q: v.Get("q"),
		Filtered: v.Get("rule") != "" || v.Get("feed") != "" || v.Get("from") != "" || v.Get("to") != "" || v.Get("q") != "",
	}
	f, err := parseIndexFilter(v)
	if data.Rule = f.query.Rule; data.Rule != "" {
		data.Atom = "/feeds/rules/" + url.PathEscape(data.Rule) + ".atom"
	}
	status := http.StatusOK
	if err != nil {
		status, data.Problem = http.StatusBadRequest, err.Error()
	}
	if data.Rules, err = p.ruleOptions(r, f.query.Rule); err == nil {
		data.Feeds, err = p.feedOptions(r, f.query.Feed)
	}
	if err != nil {
		p.fail(w, err)
		return
	}
	if data.Problem == "" {
		arts, next, err := p.Store.SearchPage(ctx, f.query, f.text, 0)
		switch {
		case errors.Is(err, store.ErrBadCursor):
			status, data.Problem = http.StatusBadRequest, "This page link is out of date; start again from the newest stories."
		case err != nil:
			p.fail(w, err)
			return
		}
		set := p.ruleSet()
		for _, a := range arts {
			data.Stories = append(data.Stories, storyItem{
				ID: a.ID, Title: a.Title, Host: host(a), When: storySort(a),
				Rules: ruleNames(a), Evidence: listEvidence(set, a, f.query.Rule),
			})
		}
		if next != "" {
			data.Older = pageLink(v, next)
		}
	}
	if v.Get("after") != "" {
		data.Newest = pageLink(v, "")
	}
	p.render(w, status, "index", data)
}

// pageLink is "/" with the form's values and after set to cursor (none
// when empty).
func pageLink(v url.Values, cursor string) string {
	q := url.Values{}
	for k, vs := range v {
		if k != "after" && len(vs) > 0 && vs[0] != "" {
			q.Set(k, vs[0])
		}
	}
	if cursor != "" {
		q.Set("after", cursor)
	}
	if len(q) == 0 {
		return "/"
	}
	return "/?" + q.Encode()
}

// ruleOptions lists the configured rules, then any other rule with stored
// flags, with their counts of flagged stories.
func (p *Pages) ruleOptions(r *http.Request, selected string) ([]ruleOption, error) {
	st, err := p.Store.Stats(r.Context())
	if err != nil {
		return nil, err
	}
	var opts []ruleOption
	seen := map[string]bool{}
	if p.Rules != nil {
		for _, d := range p.Rules() {
			seen[d.Name] = true
			opts = append(opts, ruleOption{Name: d.Name, Count: st.FlagsByRule[d.Name], Selected: d.Name == selected})
		}
	}
	var others []string
	for name := range st.FlagsByRule {
		if !seen[name] {
			others = append(others, name)
		}
	}
	slices.Sort(others)
	for _, name := range others {
		opts = append(opts, ruleOption{Name: name, Count: st.FlagsByRule[name], Selected: name == selected})
	}
	return opts, nil
}

// feedOptions lists the stored feeds by name.
func (p *Pages) feedOptions(r *http.Request, selected string) ([]feedOption, error) {
	feeds, err := p.Store.Feeds(r.Context())
	if err != nil {
		return nil, err
	}
	opts := make([]feedOption, 0, len(feeds))
	for _, f := range feeds {
		name := f.Title
		if name == "" {
			name = f.URL
		}
		opts = append(opts, feedOption{URL: f.URL, Name: name, Selected: f.URL == selected})
	}
	return opts, nil
}

// fail logs a database error and renders a 500 page.
func (p *Pages) fail(w http.ResponseWriter, err error) {
	p.log().Error("page", "error", err)
	p.Problem(w, http.StatusInternalServerError, "The database could not be read; the daemon's log says why.")
}
