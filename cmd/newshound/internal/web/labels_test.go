package web

import (
	"slices"
	"testing"

	"github.com/newshound/newshound/rules"
	"github.com/newshound/newshound/store"
)

func TestLabelRules(t *testing.T) {
	defs := []rules.Definition{{Name: "b"}, {Name: "a"}}
	tests := []struct {
		name  string
		defs  []rules.Definition
		flags []string
		want  []string
	}{
		{"configured only", defs, nil, []string{"b", "a"}},
		{"flagged by a configured rule", defs, []string{"a"}, []string{"b", "a"}},
		{"flagged by rules no longer configured", defs, []string{"old", "a", "older", "old"}, []string{"b", "a", "old", "older"}},
		{"no rules configured", nil, []string{"old"}, []string{"old"}},
		{"nothing", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &store.Article{}
			for _, r := range tt.flags {
				a.Flags = append(a.Flags, store.Flag{Rule: r})
			}
			if got := LabelRules(tt.defs, a); !slices.Equal(got, tt.want) {
				t.Errorf("LabelRules(%v, flags %v) = %q, want %q", tt.defs, tt.flags, got, tt.want)
			}
		})
	}
}
