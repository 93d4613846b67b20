package rules

import (
	"strings"
	"testing"
)

func TestLint(t *testing.T) {
	tests := []struct {
		def  Definition
		want string // a part of the only warning; "" for none
	}{
		{Definition{Query: "@facebook AND @banks"}, ""},
		{Definition{Query: "NOT bank"}, "matches every story that lacks some words"},
		{Definition{Query: "-a AND -b"}, "matches every story that lacks some words"},
		{Definition{Query: "a OR NOT b"}, "matches every story that lacks some words"},
		{Definition{Query: "bank AND NOT bank"}, "can never match: it needs bank and excludes it"},
		{Definition{Query: `title:x NEAR/3 text:y`}, "can never match: the two sides"},
		{Definition{Query: "@empty AND a"}, "can never match: list @empty is empty"},
		{Definition{Query: "a OR b", MinScore: 3}, "min_score 3 is above the highest possible score 2"},
		{Definition{Query: "a AND b OR c"}, "AND and OR are mixed without parentheses, read as (a AND b)"},
		{Definition{Query: "(a AND b) OR c"}, ""},
		{Definition{Query: "ba* AND c"}, "use at least 3 letters before *"},
		{Definition{Query: "a AND NOT b^2"}, "has no effect under NOT"},
		{Definition{Query: "a b"}, "a space does not combine terms"},
		{Definition{Query: "@unknown"}, "unknown list @unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.def.Query, func(t *testing.T) {
			tt.def.Name = "r"
			var got []string
			for _, w := range Lint([]Definition{tt.def}, map[string][]string{"facebook": {"facebook"}, "banks": {"bank"}, "empty": {}}) {
				if w.List == "" {
					got = append(got, w.String())
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("Lint(%q) = %q, want no warning", tt.def.Query, got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("Lint(%q) = %q, want one warning with %q", tt.def.Query, got, tt.want)
			}
		})
	}
}

func TestLintLists(t *testing.T) {
	lists := map[string][]string{"used": {"a", "A", "b"}, "unused": {"c"}, "bad": {"?"}}
	got := Lint([]Definition{{Name: "r", Query: "@used"}}, lists)
	want := []string{
		`error: list "bad": entry 1: "?" has no letters or digits to match`,
		`warning: list "unused": no rule uses this list`,
		`warning: list "used": entry "A" is listed more than once`,
	}
	if len(got) != len(want) {
		t.Fatalf("Lint = %q, want %d warnings", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i].String(), want[i]) {
			t.Errorf("Lint warning %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
}
