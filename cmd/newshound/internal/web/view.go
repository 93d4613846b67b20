package web

import (
	"html/template"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// funcs are the template functions.
var funcs = template.FuncMap{
	"when": when,
	"iso":  iso,
	"join": strings.Join,
}

// timeOf reads a time.Time or *time.Time; nil gives the zero time.
func timeOf(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case *time.Time:
		if t != nil {
			return *t
		}
	}
	return time.Time{}
}

// when formats a time for people, in UTC to the minute; "never" when zero.
func when(v any) string {
	t := timeOf(v)
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// iso formats a time as RFC 3339 for <time datetime>.
func iso(v any) string {
	return timeOf(v).UTC().Format(time.RFC3339)
}

// Private-use code points stand in for <mark> and </mark> while the
// snippet is escaped; U+FFFD, of the same UTF-8 length, replaces any in
// the snippet itself so that offsets stay right.
const openMark, closeMark = "\uE000", "\uE001"

var (
	unmark   = strings.NewReplacer(openMark, "\uFFFD", closeMark, "\uFFFD")
	markHTML = strings.NewReplacer(openMark, "<mark>", closeMark, "</mark>")
)

// Highlight returns m's snippet as HTML: every character escaped, and the
// matched text (located as rules.Mark does) inside <mark>. A snippet full
// of markup stays text.
func Highlight(m store.Match) template.HTML {
	marked := rules.Mark(rules.Match{
		Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length,
		Snippet: unmark.Replace(m.Snippet), SnippetOffset: m.SnippetOffset,
	}, openMark, closeMark)
	esc := strings.ToValidUTF8(template.HTMLEscapeString(marked), "\uFFFD")
	return template.HTML(markHTML.Replace(esc))
}

// host is the host name of a story's URL, for display.
func host(a *store.Article) string {
	if u, err := url.Parse(a.URL); err == nil && u.Host != "" {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return a.Feed.Title
}

// storySort is the time a story is listed under: published, else fetched.
func storySort(a *store.Article) time.Time {
	if a.Published != nil && !a.Published.IsZero() && !a.Published.After(a.Fetched) {
		return *a.Published
	}
	return a.Fetched
}

// flagView is one flag as the story page shows it: the flag and its
// evidence grouped by clause.
type flagView struct {
	Flag store.Flag
	Ev   Evidence
}

// storySnippets is the most story snippets a clause shows on the story page.
const storySnippets = 5

func flagViews(set *rules.Set, a *store.Article) []flagView {
	var out []flagView
	for _, f := range a.Flags {
		ev := Explain(set, a, f)
		for i := range ev.Clauses {
			c := &ev.Clauses[i]
			c.Snippets = c.Snippets[:min(len(c.Snippets), storySnippets)]
		}
		out = append(out, flagView{Flag: f, Ev: ev})
	}
	return out
}

// ruleEvidence is a rule's strongest snippets in the story list.
type ruleEvidence struct {
	Rule     string
	Snippets []template.HTML
}

// listSnippets is the most snippets the story list shows per rule.
const listSnippets = 4

// listEvidence picks, per flag of a story, its strongest snippets (one per
// clause), the flags of rule first when it is set.
func listEvidence(set *rules.Set, a *store.Article, rule string) []ruleEvidence {
	var out []ruleEvidence
	for pass := range 2 {
		for _, f := range a.Flags {
			if first := rule == "" || f.Rule == rule; first != (pass == 0) {
				continue
			}
			re := ruleEvidence{Rule: f.Rule}
			for _, s := range Strongest(Explain(set, a, f), listSnippets) {
				re.Snippets = append(re.Snippets, s.HTML)
			}
			out = append(out, re)
		}
	}
	return out
}

// ruleNames lists a story's distinct rule names, in flag order.
func ruleNames(a *store.Article) []string {
	var out []string
	for _, f := range a.Flags {
		if !slices.Contains(out, f.Rule) {
			out = append(out, f.Rule)
		}
	}
	return out
}
