package rules

import (
	"reflect"
	"testing"
)

func TestDiagnose(t *testing.T) {
	far := Doc{Text: "Facebook said on Tuesday that it had talked for months with a large bank."}
	tests := []struct {
		name     string
		query    string
		minScore float64
		doc      Doc
		want     Diagnosis
	}{
		{
			name:  "AND of clauses, one missing",
			query: "facebook AND bank AND data",
			doc:   Doc{Title: "Facebook and a bank", Text: "They met."},
			want: Diagnosis{Clauses: []Clause{
				{Src: "facebook", Held: true},
				{Src: "bank", Held: true},
				{Src: "data", Missing: []Part{{Src: "data", Pos: 22}}},
			}},
		},
		{
			name:  "every clause holds",
			query: "facebook AND bank",
			doc:   Doc{Text: "Facebook and a bank"},
			want: Diagnosis{Matched: true, Score: 2, Clauses: []Clause{
				{Src: "facebook", Held: true},
				{Src: "bank", Held: true},
			}},
		},
		{
			name:  "NEAR whose sides occur too far apart",
			query: "facebook NEAR/3 bank",
			doc:   far,
			want:  Diagnosis{Clauses: []Clause{{Src: "facebook NEAR/3 bank"}}},
		},
		{
			name:  "NEAR/sentence whose sides are in two sentences",
			query: "facebook NEAR/sentence bank",
			doc:   Doc{Text: "Facebook said nothing. A bank did."},
			want:  Diagnosis{Clauses: []Clause{{Src: "facebook NEAR/sentence bank"}}},
		},
		{
			name:  "NEAR with a side missing",
			query: "(facebook NEAR/3 bank) AND data",
			doc:   Doc{Text: "Facebook shared data."},
			want: Diagnosis{Clauses: []Clause{
				{Src: "(facebook NEAR/3 bank)", Missing: []Part{{Src: "bank", Pos: 17}}},
				{Src: "data", Held: true},
			}},
		},
		{
			name:  "a count not reached is not missing",
			query: "facebook#2 AND bank",
			doc:   Doc{Text: "Facebook and a bank"},
			want: Diagnosis{Clauses: []Clause{
				{Src: "facebook#2"},
				{Src: "bank", Held: true},
			}},
		},
		{
			name:  "a counted word that does not occur",
			query: "facebook#2 AND bank",
			doc:   Doc{Text: "A bank"},
			want: Diagnosis{Clauses: []Clause{
				{Src: "facebook#2", Missing: []Part{{Src: "facebook#2", Pos: 0}}},
				{Src: "bank", Held: true},
			}},
		},
		{
			name:  "a counted NEAR with a side missing",
			query: "(facebook NEAR/sentence bank)#2",
			doc:   Doc{Text: "Facebook said so. Facebook left."},
			want: Diagnosis{Clauses: []Clause{
				{Src: "(facebook NEAR/sentence bank)#2", Missing: []Part{{Src: "bank", Pos: 24}}},
			}},
		},
		{
			name:  "a counted NEAR in one sentence only",
			query: "(facebook NEAR/sentence bank)#2",
			doc:   Doc{Text: "Facebook asked a bank. Facebook left."},
			want:  Diagnosis{Clauses: []Clause{{Src: "(facebook NEAR/sentence bank)#2"}}},
		},
		{
			name:  "a missing list",
			query: "@facebook AND @banks",
			doc:   Doc{Text: "Instagram changed its feed."},
			want: Diagnosis{Clauses: []Clause{
				{Src: "@facebook", Held: true},
				{Src: "@banks", Missing: []Part{{Src: "@banks", Pos: 14}}},
			}},
		},
		{
			name:  "a missing OR is one part",
			query: "facebook AND (bank OR lender)",
			doc:   Doc{Text: "Facebook changed its feed."},
			want: Diagnosis{Clauses: []Clause{
				{Src: "facebook", Held: true},
				{Src: "(bank OR lender)", Missing: []Part{{Src: "(bank OR lender)", Pos: 13}}},
			}},
		},
		{
			name:  "an excluded term occurs",
			query: "facebook AND NOT bank",
			doc:   Doc{Text: "Facebook and a bank"},
			want: Diagnosis{Clauses: []Clause{
				{Src: "facebook", Held: true},
				{Src: "NOT bank"},
			}},
		},
		{
			name:     "min_score not reached",
			query:    "facebook OR bank^2",
			minScore: 2,
			doc:      Doc{Text: "Facebook changed its feed."},
			want:     Diagnosis{Matched: true, Score: 1, MinScore: 2, Clauses: []Clause{{Src: "facebook OR bank^2", Held: true}}},
		},
		{
			name:     "min_score reached",
			query:    "facebook OR bank^2",
			minScore: 2,
			doc:      Doc{Text: "A bank changed its fees."},
			want:     Diagnosis{Matched: true, Score: 2, MinScore: 2, Clauses: []Clause{{Src: "facebook OR bank^2", Held: true}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Compile([]Definition{{Name: "r", Query: tt.query, MinScore: tt.minScore}}, testLists)
			if err != nil {
				t.Fatalf("Compile(%q) error: %v", tt.query, err)
			}
			got, ok := s.Diagnose("r", &tt.doc)
			if !ok {
				t.Fatalf("Diagnose(r) ok = false, want true")
			}
			tt.want.Rule = "r"
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Diagnose(%q, %+v) =\n  %+v\nwant\n  %+v", tt.query, tt.doc, got, tt.want)
			}
			if flags := len(s.Match(&tt.doc)) > 0; got.Flags() != flags {
				t.Errorf("Diagnose(%q).Flags() = %v, but Match flags: %v", tt.query, got.Flags(), flags)
			}
		})
	}
}

func TestDiagnoseUnknownRule(t *testing.T) {
	s, err := Compile([]Definition{{Name: "r", Query: "facebook"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := s.Diagnose("nope", &Doc{Text: "facebook"}); ok {
		t.Errorf("Diagnose(nope) = %+v, true; want false for a rule not in the set", d)
	}
	if d, ok := s.Diagnose("r", nil); ok {
		t.Errorf("Diagnose(r, nil) = %+v, true; want false for no document", d)
	}
	var none *Set
	if d, ok := none.Diagnose("r", &Doc{Text: "facebook"}); ok {
		t.Errorf("(*Set)(nil).Diagnose(r) = %+v, true; want false", d)
	}
}
