package rules

import (
	"errors"
	"strings"
	"testing"
)

func TestExplainClauses(t *testing.T) {
	set, err := Compile([]Definition{{Name: "r", Query: "(facebook OR meta) NEAR/5 (bank OR jpmorgan) AND data AND NOT crypto AND privacy"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := &Doc{Title: "Meta and banks", Text: "Facebook asked JPMorgan for customer data. The data was shared."}
	cs, ok := set.ExplainClauses("r", doc)
	if !ok {
		t.Fatal("ExplainClauses(r) not ok")
	}
	type clause struct {
		src   string
		held  bool
		near  bool
		terms string
	}
	var got []clause
	for _, c := range cs {
		var terms []string
		for _, m := range c.Matches {
			terms = append(terms, m.Field+":"+doc.Text[m.Offset:m.Offset+m.Length])
		}
		got = append(got, clause{c.Src, c.Held, c.Near, strings.Join(terms, " ")})
	}
	want := []clause{
		{"(facebook OR meta) NEAR/5 (bank OR jpmorgan)", true, true, "text:Facebook text:JPMorgan"},
		{"data", true, false, "text:data text:data"},
		{"NOT crypto", true, false, ""},
		{"privacy", false, false, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("ExplainClauses = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("clause %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if m := cs[0].Matches[1]; Mark(m, "[[", "]]") != "Facebook asked [[JPMorgan]] for customer data. The data was shared." {
		t.Errorf("Mark(%+v) = %q", m, Mark(m, "[[", "]]"))
	}
	if _, ok := set.ExplainClauses("missing", doc); ok {
		t.Errorf("ExplainClauses(missing) ok, want not ok")
	}
	if _, ok := (*Set)(nil).ExplainClauses("r", doc); ok {
		t.Errorf("nil set: ExplainClauses ok, want not ok")
	}
}

func TestClauseLabels(t *testing.T) {
	query := "facebook NEAR/5 bank AND data AND NOT crypto"
	set, err := Compile([]Definition{{Name: "r", Query: query, ClauseLabels: []string{"Facebook beside a bank", "the data", "not about crypto"}}}, nil)
	if err != nil {
		t.Fatalf("Compile with three labels for three clauses: %v", err)
	}
	cs, ok := set.ExplainClauses("r", &Doc{Text: "Facebook asked a bank for data."})
	if !ok || len(cs) != 3 {
		t.Fatalf("ExplainClauses = %+v, %v, want 3 clauses", cs, ok)
	}
	for i, want := range []string{"Facebook beside a bank", "the data", "not about crypto"} {
		if cs[i].Label != want {
			t.Errorf("clause %d label = %q, want %q", i+1, cs[i].Label, want)
		}
	}
	for _, tt := range []struct {
		labels []string
		want   string
	}{
		{[]string{"a", "b"}, "in clause_labels: there are 2 labels but the query has 3 top-level clauses"},
		{[]string{"a", "b", "c", "d"}, "in clause_labels: there are 4 labels but the query has 3 top-level clauses"},
		{[]string{"a", " ", "c"}, "in clause_labels: label 2 is empty"},
	} {
		_, err := Compile([]Definition{{Name: "r", Query: query, ClauseLabels: tt.labels}}, nil)
		var e *Error
		if !errors.As(err, &e) || e.Rule != "r" || !strings.HasPrefix(e.Msg, tt.want) {
			t.Errorf("Compile with labels %q: error %v, want an *Error of rule r starting %q", tt.labels, err, tt.want)
		}
	}
}
