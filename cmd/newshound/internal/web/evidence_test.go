package web

import (
	"html/template"
	"slices"
	"strings"
	"testing"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

// bankDataQuery has three clauses: Meta beside a bank, data, and no crypto.
const bankDataQuery = "(facebook OR meta) NEAR/8 (jpmorgan OR bank) AND (data OR information) AND NOT crypto"

// bankDataText names Facebook often, the bank and the data once each.
const bankDataText = "Facebook posts rose. Facebook said on Tuesday it had asked JPMorgan for customer data.\n\n" +
	"People shared 5 <b>posts</b> on Facebook. More Facebook news."

// brackets shows marks as [[ ]] for comparing snippets.
var brackets = strings.NewReplacer("<mark>", "[[", "</mark>", "]]")

// evidenceStory returns a story flagged as the engine flags it by the rule
// of set named r.
func evidenceStory(t *testing.T, set *rules.Set) *store.Article {
	t.Helper()
	a := &store.Article{Title: "Customer records asked for", Text: bankDataText}
	for _, h := range set.Match(&rules.Doc{Title: a.Title, Text: a.Text}) {
		f := store.Flag{Rule: h.Rule, Score: h.Score}
		for _, m := range h.Matches {
			f.Matches = append(f.Matches, store.Match{Field: m.Field, Term: m.Term, Offset: m.Offset, Length: m.Length, Snippet: m.Snippet, SnippetOffset: m.SnippetOffset})
		}
		a.Flags = append(a.Flags, f)
	}
	if len(a.Flags) != 1 {
		t.Fatalf("the rule flags the story %d times, want once", len(a.Flags))
	}
	return a
}

func compileRule(t *testing.T, query string) *rules.Set {
	t.Helper()
	set, err := rules.Compile([]rules.Definition{{Name: "r", Query: query}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func snippetTexts(ss []Snippet) []string {
	var out []string
	for _, s := range ss {
		out = append(out, brackets.Replace(string(s.HTML)))
	}
	return out
}

func TestExplainGroupsByClause(t *testing.T) {
	set := compileRule(t, bankDataQuery)
	a := evidenceStory(t, set)
	ev := Explain(set, a, a.Flags[0])
	if !ev.ByClause || ev.Rule != "r" || len(ev.Clauses) != 2 {
		t.Fatalf("Explain = %+v, want rule r by clause with 2 clauses holding by a match", ev)
	}
	near, data := ev.Clauses[0], ev.Clauses[1]
	if near.N != 1 || near.Src != "(facebook OR meta) NEAR/8 (jpmorgan OR bank)" || !near.Near {
		t.Errorf("clause 1 = %d %q near %v, want 1, the NEAR clause", near.N, near.Src, near.Near)
	}
	want := []string{"Facebook posts rose. [[Facebook]] said on Tuesday it had asked [[JPMorgan]] for customer data."}
	if got := snippetTexts(near.Snippets); !slices.Equal(got, want) {
		t.Errorf("clause 1 snippets = %q, want %q: Facebook and JPMorgan in one snippet", got, want)
	}
	if data.N != 2 || data.Src != "(data OR information)" {
		t.Errorf("clause 2 = %d %q, want 2 (data OR information)", data.N, data.Src)
	}
	want = []string{"… on Tuesday it had asked JPMorgan for customer [[data]]."}
	if got := snippetTexts(data.Snippets); !slices.Equal(got, want) {
		t.Errorf("clause 2 snippets = %q, want %q", got, want)
	}
	// The list page and the feeds: the clauses overlap, so one snippet
	// marks the evidence of both.
	got := snippetTexts(Strongest(ev, 4))
	if len(got) != 1 || !strings.Contains(got[0], "[[Facebook]] said on Tuesday it had asked [[JPMorgan]] for customer [[data]].") {
		t.Errorf("Strongest = %q, want one snippet marking Facebook, JPMorgan and data", got)
	}
}

func TestStrongest(t *testing.T) {
	filler := strings.Repeat("Nothing to see here. ", 10)
	tests := []struct {
		name, query, text string
		want              []string
	}{
		{
			name:  "the NEAR clause first, one snippet per clause",
			query: "(data OR information) AND (facebook OR meta) NEAR/8 (jpmorgan OR bank)",
			text:  "Customer data was mentioned. " + filler + "Facebook asked JPMorgan. " + filler + "Facebook again.",
			want: []string{"… Nothing to see here. Nothing to see here. [[Facebook]] asked [[JPMorgan]]. Nothing to see here. Nothing to see here. …",
				"Customer [[data]] was mentioned. Nothing to see here. Nothing to …"},
		},
		{
			name:  "the joint place before a lone one",
			query: "facebook NEAR/3 bank",
			text:  "Facebook and " + filler + " bank. " + filler + "Facebook with a bank.",
			want:  []string{"… Nothing to see here. Nothing to see here. [[Facebook]] with a [[bank]]."},
		},
		{
			name:  "at most n",
			query: "a1 AND a2 AND a3 AND a4 AND a5",
			text:  "a1 " + filler + "a2 " + filler + "a3 " + filler + "a4 " + filler + "a5",
			want: []string{"[[a1]] Nothing to see here. Nothing to see here. …", "… Nothing to see here. Nothing to see here. [[a2]] Nothing to see here. Nothing to see here. …",
				"… Nothing to see here. Nothing to see here. [[a3]] Nothing to see here. Nothing to see here. …", "… Nothing to see here. Nothing to see here. [[a4]] Nothing to see here. Nothing to see here. …"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := compileRule(t, tt.query)
			a := &store.Article{Text: tt.text}
			ev := Explain(set, a, store.Flag{Rule: "r"})
			if got := snippetTexts(Strongest(ev, 4)); !slices.Equal(got, tt.want) {
				t.Errorf("Strongest =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestExplainWithoutTheRule(t *testing.T) {
	a := evidenceStory(t, compileRule(t, "facebook AND data"))
	for name, set := range map[string]*rules.Set{"no rules": nil, "rule renamed": compileRule(t, "zzz"), "rule changed": nil} {
		t.Run(name, func(t *testing.T) {
			if name == "rule changed" {
				set = compileRule(t, "facebook AND crypto")
			}
			ev := Explain(set, a, a.Flags[0])
			if ev.ByClause {
				t.Fatalf("Explain by clause with %s, want the stored places by term", name)
			}
			var terms []string
			for _, c := range ev.Clauses {
				terms = append(terms, c.Src)
			}
			if !slices.Equal(terms, []string{"facebook", "data"}) {
				t.Errorf("groups = %q, want one per term [facebook data]", terms)
			}
			if n := len(ev.Clauses[0].Snippets); n != 2 {
				t.Errorf("facebook has %d snippets, want 2 (four places, two by two close together)", n)
			}
		})
	}
	// Offsets that no longer fit the stored text: the stored snippets.
	stale := *a
	stale.Text = "Short."
	ev := Explain(nil, &stale, a.Flags[0])
	if got := snippetTexts(ev.Clauses[1].Snippets); len(got) != 1 || !strings.Contains(got[0], "customer [[data]]") {
		t.Errorf("with stale offsets the data snippets are %q, want the stored one", got)
	}
}

func TestMarkedText(t *testing.T) {
	set := compileRule(t, bankDataQuery)
	a := evidenceStory(t, set)
	paras := MarkedText(a, "text", []Evidence{Explain(set, a, a.Flags[0])})
	want := []template.HTML{
		`Facebook posts rose. <mark title="r, clause 1: (facebook OR meta) NEAR/8 (jpmorgan OR bank)">Facebook</mark> said on Tuesday it had asked ` +
			`<mark title="r, clause 1: (facebook OR meta) NEAR/8 (jpmorgan OR bank)">JPMorgan</mark> for customer <mark title="r, clause 2: (data OR information)">data</mark>.`,
		`People shared 5 &lt;b&gt;posts&lt;/b&gt; on Facebook. More Facebook news.`,
	}
	if !slices.Equal(paras, want) {
		t.Errorf("MarkedText =\n%q\nwant\n%q", paras, want)
	}
	if got := MarkedText(a, "summary", nil); got != nil {
		t.Errorf("MarkedText of an empty summary = %q, want none", got)
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("(@meta OR @meta_ventures) NEAR/sentence ", 4)
	got := shorten(long)
	if len(got) > maxHeading+len(" …") || !strings.HasSuffix(got, " …") || !strings.HasPrefix(got, "(@meta OR") {
		t.Errorf("shorten(%q) = %q, want at most %d bytes ending in …", long, got, maxHeading)
	}
	if got := shorten("  a\n b "); got != "a b" {
		t.Errorf("shorten = %q, want %q", got, "a b")
	}
}

func TestMarkOverlapping(t *testing.T) {
	text := "they share personal information <now>"
	at := func(s string) place {
		i := strings.Index(text, s)
		return place{field: "text", off: i, end: i + len(s), title: "t " + s}
	}
	ps := []place{at("share personal"), at("personal information"), at("now")}
	if got, want := markHTMLRange(text, 0, len(text), ps, false), "they <mark>share personal information</mark> &lt;<mark>now</mark>&gt;"; got != want {
		t.Errorf("markHTMLRange = %q, want %q", got, want)
	}
	if got, want := markHTMLRange(text, 0, len(text), ps, true), `they <mark title="t share personal">share personal information</mark> &lt;<mark title="t now">now</mark>&gt;`; got != want {
		t.Errorf("markHTMLRange titled = %q, want %q", got, want)
	}
}

// TestExplainMarksTheWordsOfANestedNear checks that a NEAR whose side is
// itself a NEAR, or a counted OR of NEARs, is marked as the words that
// matched, not as one mark running over the inner pair.
func TestExplainMarksTheWordsOfANestedNear(t *testing.T) {
	tests := []struct{ query, want string }{
		{"((facebook OR meta) NEAR/sentence (jpmorgan OR bank)) NEAR/paragraph data AND NOT crypto",
			"Facebook posts rose. [[Facebook]] said on Tuesday it had asked [[JPMorgan]] for customer [[data]]."},
		{"((facebook NEAR/sentence jpmorgan) OR (meta NEAR/sentence bank))#1 AND NOT crypto",
			"Facebook posts rose. [[Facebook]] said on Tuesday it had asked [[JPMorgan]] for customer data."},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			set := compileRule(t, tt.query)
			a := evidenceStory(t, set)
			ev := Explain(set, a, a.Flags[0])
			if !ev.ByClause || len(ev.Clauses) != 1 {
				t.Fatalf("Explain = %+v, want one clause holding by a match", ev)
			}
			if got := snippetTexts(ev.Clauses[0].Snippets); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("snippets = %q, want %q", got, []string{tt.want})
			}
		})
	}
}
