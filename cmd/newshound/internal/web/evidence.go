package web

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// Evidence limits: the words of context either side of a snippet, how far
// apart (in bytes) two places may be to share a snippet, how wide a
// snippet's marked part may grow, and how long a clause heading is.
const (
	contextWords   = 8
	joinGap        = 40
	maxSnippetSpan = 160
	maxJoined      = 160 // the widest marked part of two clauses' snippets joined
	maxHeading     = 90
)

// Evidence is why a rule flagged a story, grouped by the rule's top-level
// clauses: for each, the snippets where it matched.
type Evidence struct {
	// Rule is the rule's name.
	Rule string
	// ByClause reports whether Clauses are the current rule's clauses. It is
	// false when the rule is no longer configured or no longer matches the
	// stored text: Clauses then group the flag's stored places by term.
	ByClause bool
	// Clauses are the clauses that hold by a match, in query order.
	Clauses []ClauseEvidence
}

// ClauseEvidence is one clause of a rule and where in the story it matched.
type ClauseEvidence struct {
	// N is the clause's number among the rule's top-level clauses, from 1;
	// 0 for a stored term grouped without its rule.
	N int
	// Src is the clause as written, shortened for a heading (or the term).
	Src string
	// Label is the clause's label from the rule's clause_labels, shown
	// as its heading; empty when the rule has none.
	Label string
	// Near reports whether the clause has a NEAR in it.
	Near bool
	// Snippets are its places with some words around them, places close
	// together sharing one snippet, strongest first.
	Snippets []Snippet
	places   []place
}

// Snippet is a piece of a story's field with the matched terms in <mark>.
type Snippet struct {
	// HTML is the escaped text with the terms inside <mark>.
	HTML template.HTML
	// Field is the field it comes from ("text", "title", ...).
	Field string
	// Terms counts the distinct terms marked in it: a snippet of a NEAR
	// clause that shows both sides has at least 2.
	Terms int

	text     string  // the field's text; empty for a stored snippet
	from, to int     // the range of text shown
	places   []place // the places marked, sorted
}

// place is one matched term in a field of the story.
type place struct {
	field, term string
	off, end    int
	stored      store.Match // the stored match, for a snippet when the offsets are stale
	title       string      // what a <mark> of it says: the rule and the clause
}

// Explain groups the evidence of flag f of story a by its rule's clauses,
// explaining the rule of set (which may be nil) again on the stored text;
// when set has no such rule, or it no longer matches, the flag's stored
// places are grouped by term.
func Explain(set *rules.Set, a *store.Article, f store.Flag) Evidence {
	ev := Evidence{Rule: f.Rule}
	doc := &rules.Doc{Title: a.Title, Summary: a.Summary, Text: a.Text, Author: a.Author, URL: a.URL, Feed: a.Feed.Title}
	if cs, ok := set.ExplainClauses(f.Rule, doc); ok && allHeld(cs) {
		ev.ByClause = true
		for i, c := range cs {
			if len(c.Matches) == 0 {
				continue
			}
			ce := ClauseEvidence{N: i + 1, Src: shorten(c.Src), Label: c.Label, Near: c.Near}
			title := f.Rule + ", clause " + strconv.Itoa(i+1) + ": " + cmp.Or(ce.Label, ce.Src)
			for _, m := range c.Matches {
				ce.places = append(ce.places, place{field: m.Field, term: m.Term, off: m.Offset, end: m.Offset + m.Length, title: title,
					stored: store.Match{Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length, Snippet: m.Snippet, SnippetOffset: m.SnippetOffset}})
			}
			ev.Clauses = append(ev.Clauses, ce)
		}
	} else {
		byTerm := map[string]int{}
		for _, m := range f.Matches {
			key := strings.ToLower(m.Term)
			i, ok := byTerm[key]
			if !ok {
				i = len(ev.Clauses)
				byTerm[key] = i
				ev.Clauses = append(ev.Clauses, ClauseEvidence{Src: m.Term})
			}
			p := place{field: m.Field, term: m.Term, off: -1, stored: m, title: f.Rule + ": " + m.Term}
			if validPlace(fieldText(a, m.Field), m.Offset, m.Length) {
				p.off, p.end = m.Offset, m.Offset+m.Length
			}
			ev.Clauses[i].places = append(ev.Clauses[i].places, p)
		}
	}
	for i := range ev.Clauses {
		ev.Clauses[i].Snippets = snippetsOf(a, ev.Clauses[i].places)
	}
	return ev
}

func allHeld(cs []rules.ClauseMatches) bool {
	for _, c := range cs {
		if !c.Held {
			return false
		}
	}
	return len(cs) > 0
}

// Strongest picks up to n snippets of ev, one per clause: each clause's
// strongest snippet outside the title (which lists show beside them;
// title snippets only when there is nothing else), joined with one already picked when they overlap
// (then both clauses' terms are marked in it), the snippets that mark the
// most terms (a NEAR joining two sides) first, then in clause order.
func Strongest(ev Evidence, n int) []Snippet {
	type pick struct {
		s    Snippet
		near bool
		i    int
	}
	var picks []pick
	for i, c := range ev.Clauses {
		j := slices.IndexFunc(c.Snippets, func(s Snippet) bool { return s.Field != "title" })
		if j < 0 {
			continue
		}
		s := c.Snippets[j]
		joined := false
		for j := range picks {
			if p := &picks[j].s; p.text != "" && s.text != "" && p.Field == s.Field && s.from < p.to && p.from < s.to &&
				max(p.places[len(p.places)-1].end, s.places[len(s.places)-1].end)-min(p.places[0].off, s.places[0].off) <= maxJoined {
				*p = snippetOf(p.text, p.Field, append(slices.Clone(p.places), s.places...))
				picks[j].near = picks[j].near || c.Near
				joined = true
				break
			}
		}
		if !joined {
			picks = append(picks, pick{s, c.Near, i})
		}
	}
	if len(picks) == 0 {
		for i, c := range ev.Clauses {
			if len(c.Snippets) > 0 {
				picks = append(picks, pick{c.Snippets[0], c.Near, i})
			}
		}
	}
	slices.SortStableFunc(picks, func(a, b pick) int {
		if a.s.Terms != b.s.Terms {
			return b.s.Terms - a.s.Terms
		}
		if a.near != b.near {
			if a.near {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	out := make([]Snippet, 0, min(n, len(picks)))
	for _, p := range picks[:min(n, len(picks))] {
		out = append(out, p.s)
	}
	return out
}

// fieldRank orders a story's fields for snippets: the text a person has
// not seen yet first, the title (shown beside them) last.
func fieldRank(field string) int {
	switch field {
	case "text":
		return 0
	case "summary":
		return 1
	case "title":
		return 2
	}
	return 3
}

// snippetsOf builds a clause's snippets: its places with valid offsets,
// those close together in one paragraph of a field joined, with words around them; a
// place whose offsets are stale shows its stored snippet.
func snippetsOf(a *store.Article, places []place) []Snippet {
	var live []place
	var out []Snippet
	for _, p := range places {
		if p.off < 0 {
			if p.stored.Snippet != "" {
				out = append(out, Snippet{HTML: Highlight(p.stored), Field: p.field, Terms: 1})
			}
			continue
		}
		live = append(live, p)
	}
	slices.SortFunc(live, func(x, y place) int {
		return cmp.Or(cmp.Compare(fieldRank(x.field), fieldRank(y.field)), cmp.Compare(x.field, y.field), cmp.Compare(x.off, y.off), cmp.Compare(y.end, x.end))
	})
	for i := 0; i < len(live); {
		j := i + 1
		for j < len(live) && live[j].field == live[i].field && live[j].off-live[j-1].end <= joinGap && live[j].end-live[i].off <= maxSnippetSpan &&
			!paragraphBreak.MatchString(fieldText(a, live[i].field)[min(live[j-1].end, live[j].off):live[j].off]) {
			j++
		}
		out = append(out, snippetOf(fieldText(a, live[i].field), live[i].field, live[i:j]))
		i = j
	}
	seen := map[template.HTML]bool{}
	out = slices.DeleteFunc(out, func(s Snippet) bool {
		dup := seen[s.HTML]
		seen[s.HTML] = true
		return dup
	})
	slices.SortStableFunc(out, func(x, y Snippet) int { return y.Terms - x.Terms })
	return out
}

// snippetOf is the snippet of places (in one field, of text).
func snippetOf(text, field string, places []place) Snippet {
	places = slices.Clone(places)
	slices.SortFunc(places, func(x, y place) int { return cmp.Or(cmp.Compare(x.off, y.off), cmp.Compare(y.end, x.end)) })
	s := Snippet{Field: field, Terms: distinctTerms(text, places), text: text, places: places}
	s.HTML, s.from, s.to = snippetHTML(text, places)
	return s
}

// distinctTerms counts the distinct matched words (case folded) of places.
func distinctTerms(text string, places []place) int {
	seen := map[string]bool{}
	for _, p := range places {
		seen[strings.ToLower(text[p.off:p.end])] = true
	}
	return len(seen)
}

// snippetHTML is text around places (sorted, in one field) with
// contextWords words either side, white space collapsed, "…" where the
// text goes on, and the places in <mark>; from and to are the range of
// text it shows.
func snippetHTML(text string, places []place) (h template.HTML, from, to int) {
	from, to = places[0].off, places[0].end
	for _, p := range places {
		to = max(to, p.end)
	}
	from, before := wordsBefore(text, from, contextWords)
	to, after := wordsAfter(text, to, contextWords)
	var b strings.Builder
	if before {
		b.WriteString("… ")
	}
	b.WriteString(markHTMLRange(text, from, to, places, false))
	if after {
		b.WriteString(" …")
	}
	return template.HTML(strings.TrimSpace(b.String())), from, to
}

// markHTMLRange escapes text[from:to] with white space collapsed, and the
// places (sorted) inside it in <mark>, titled with their clause when
// titled is set. Overlapping places make one mark, with the first's title.
func markHTMLRange(text string, from, to int, places []place, titled bool) string {
	var b strings.Builder
	at := from
	for i := 0; i < len(places); {
		p := places[i]
		hi := p.end
		for i++; i < len(places) && places[i].off < hi; i++ {
			hi = max(hi, places[i].end)
		}
		lo, hi := max(p.off, at), min(hi, to)
		if lo >= hi {
			continue
		}
		b.WriteString(escapeText(text[at:lo], !titled))
		if titled {
			b.WriteString(`<mark title="` + template.HTMLEscapeString(p.title) + `">`)
		} else {
			b.WriteString("<mark>")
		}
		b.WriteString(escapeText(text[lo:hi], !titled))
		b.WriteString("</mark>")
		at = hi
	}
	b.WriteString(escapeText(text[at:to], !titled))
	return b.String()
}

// escapeText escapes s for HTML, invalid UTF-8 as U+FFFD, with every run
// of white space made one space when collapse is set.
func escapeText(s string, collapse bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if collapse {
		s = rules.CollapseSpace(s)
	}
	return template.HTMLEscapeString(s)
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// wordsBefore is the offset n words before i in text, or the start of
// i's paragraph (or of text) when nearer; more reports whether the text
// goes on before it.
func wordsBefore(text string, i, n int) (at int, more bool) {
	for i > 0 && !isSpaceByte(text[i-1]) {
		i-- // the rest of the word i is in, as "(" of "(Meta"
	}
	for ; n > 0 && i > 0; n-- {
		j, lines := i, 0
		for j > 0 && isSpaceByte(text[j-1]) {
			if text[j-1] == '\n' {
				lines++
			}
			j--
		}
		if lines > 1 {
			return i, false // a blank line: the paragraph starts at i
		}
		for j > 0 && !isSpaceByte(text[j-1]) {
			j--
		}
		i = j
	}
	return i, i > 0
}

// wordsAfter is the offset n words after i in text, or the end of i's
// paragraph (or of text) when nearer; more reports whether the text goes
// on after it.
func wordsAfter(text string, i, n int) (at int, more bool) {
	for i < len(text) && !isSpaceByte(text[i]) {
		i++ // the rest of the word i is in, as "." of "data."
	}
	for ; n > 0 && i < len(text); n-- {
		j, lines := i, 0
		for j < len(text) && isSpaceByte(text[j]) {
			if text[j] == '\n' {
				lines++
			}
			j++
		}
		if lines > 1 || j == len(text) {
			return i, false
		}
		for j < len(text) && !isSpaceByte(text[j]) {
			j++
		}
		i = j
	}
	return i, i < len(text) && strings.TrimSpace(text[i:]) != ""
}

// validPlace reports whether off and n locate a non-empty run of text on
// UTF-8 boundaries.
func validPlace(text string, off, n int) bool {
	return n > 0 && off >= 0 && off+n <= len(text) && boundary(text, off) && boundary(text, off+n)
}

func boundary(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// fieldText is the stored text of a story's field, by the rules' names.
func fieldText(a *store.Article, field string) string {
	switch field {
	case "title":
		return a.Title
	case "summary":
		return a.Summary
	case "text":
		return a.Text
	case "author":
		return a.Author
	case "url":
		return a.URL
	case "feed":
		return a.Feed.Title
	}
	return ""
}

// shorten cuts a clause to maxHeading bytes at a space, with "…".
func shorten(s string) string {
	s = rules.CollapseSpace(strings.TrimSpace(s))
	if len(s) <= maxHeading {
		return s
	}
	cut := strings.LastIndexByte(s[:maxHeading], ' ')
	if cut < maxHeading/2 {
		cut = maxHeading
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}
