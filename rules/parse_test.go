package rules

import (
	"errors"
	"strings"
	"testing"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		query string
		pos   int
		msg   string // a part of the message
	}{
		{"", 0, "the query is empty"},
		{"facebook bank", 10, `write facebook AND bank or facebook OR bank, or the phrase "facebook bank"`},
		{"a and b", 3, `"and" is not an operator: operators are upper case, write AND`},
		{"a NOT b", 3, "write a AND NOT b"},
		{"a -b", 3, "write a AND -b"},
		{"(a OR b", 8, `expected ")" to close the "(" at position 1, found the end of the query`},
		{"a AND", 3, "AND must be followed by a term"},
		{"a OR )", 3, "OR must be followed by a term"},
		{"title:(text:a)", 7, "field text: is inside field title:"},
		{"foo:bar", 1, `unknown field "foo"`},
		{"NEAR/3 a", 1, `expected a word`},
		{"a NEAR b", 3, "NEAR needs a distance"},
		{"a NEAR/0 b", 3, "NEAR needs a distance"},
		{"a ONEAR/x b", 3, "ONEAR needs a distance"},
		{`"open banking`, 1, "phrase has no closing quote"},
		{"(a AND b) NEAR/3 c", 1, "NEAR and ONEAR join words"},
		{"a NEAR/3 NOT b", 10, "NEAR and ONEAR join words"},
		{"@nolist", 1, "unknown list @nolist"},
		{"ba*nk", 1, "wildcards only end words"},
		{"*", 1, "has no letters or digits"},
		{"a^0", 2, "a weight is ^ and a number"},
		{"a^x", 2, "a weight is ^ and a number"},
		{"a^2^3", 4, "a clause has one weight"},
		{"a#0", 2, "a count is # and a whole number"},
		{"C# AND java", 2, `to match C#, write C or "C#"`},
		{"(a OR b)#", 9, "a count is # and a whole number"},
		{"(a#2 OR b)#2", 2, "a count cannot be inside a counted group"},
		{"(a#2 NEAR/3 b)", 2, "a count cannot be inside NEAR"},
		{"(a AND b)#2", 1, "a count #2 applies to a word"},
		{"-", 1, "a - must be followed"},
		{"@", 1, "@ must be followed by a list name"},
		{`"!!"`, 1, "has no letters or digits"},
		{"a AND (b c)", 10, "a space does not combine terms: write b AND c"},
		{")", 1, `expected a word`},
		{"a)", 2, `unexpected ")"`},
		{strings.Repeat("(", MaxDepth+1) + "a" + strings.Repeat(")", MaxDepth+1), MaxDepth + 1, "nests NOTs and parentheses more than"},
		{strings.Repeat("NOT ", MaxDepth+1) + "a", 4*MaxDepth + 1, "nests NOTs and parentheses more than"},
		{strings.Repeat("a OR ", MaxQueryBytes/5+1) + "a", 0, "more than the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.query[:min(len(tt.query), 30)], func(t *testing.T) {
			_, err := Compile([]Definition{{Name: "r", Query: tt.query}}, testLists)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%.40q) error = %v, want an *Error", tt.query, err)
			}
			if e.Rule != "r" || e.Pos != tt.pos || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("Compile(%.40q) = %q (pos %d), want pos %d and %q", tt.query, err, e.Pos, tt.pos, tt.msg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is more than one line", err)
			}
		})
	}
}

func TestCompileErrorFormat(t *testing.T) {
	_, err := Compile([]Definition{{Name: "x", Query: "a AND (b"}}, nil)
	want := `rules: rule "x" at position 9: expected ")" to close the "(" at position 7, found the end of the query`
	if err == nil || err.Error() != want {
		t.Errorf("Compile error = %v, want %s", err, want)
	}
}

func TestCompileJoinsErrors(t *testing.T) {
	defs := []Definition{
		{Name: "ok", Query: "bank"},
		{Name: "one", Query: "a b"},
		{Name: "two", Query: "(a"},
		{Name: "ok", Query: "again"},
		{Name: "", Query: "x"},
		{Name: "neg", Query: "x", MinScore: -1},
	}
	lists := map[string][]string{"bad": {"fine", "--"}}
	_, err := Compile(defs, lists)
	if err == nil {
		t.Fatal("Compile returned no error")
	}
	for _, want := range []string{`rule "one"`, `rule "two"`, `rule "ok": another rule has the same name`, `rule "": the rule has no name`, `rule "neg": min_score`, `list "bad": entry 2`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Compile error %q lacks %q", err, want)
		}
	}
}

func TestCompileValid(t *testing.T) {
	for _, q := range []string{
		"a", "a AND b", "a OR b AND c", "(a OR b) AND NOT c", "-a AND b",
		`"credit card" OR bank*`, "a NEAR/5 b", "a ONEAR/1000 b", "title:a",
		`text:(a OR "b c")^2`, "@banks^3 AND -url:sport", "10:30", "e-mail",
		"a NEAR/2 b NEAR/3 c", "(a OR b) NEAR/3 @banks", "NOT NOT a", "a^1.5",
	} {
		if _, err := Compile([]Definition{{Name: "r", Query: q}}, testLists); err != nil {
			t.Errorf("Compile(%q) error: %v", q, err)
		}
	}
}
