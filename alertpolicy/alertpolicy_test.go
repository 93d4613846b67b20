package alertpolicy

import (
	"slices"
	"testing"

	"github.com/newshound/newshound/store"
)

func TestAlert(t *testing.T) {
	p := New(func(rule string) []string {
		if rule == "banks" {
			return []string{"https://hook.test/banks"}
		}
		return nil
	})
	for _, tt := range []struct {
		name        string
		f           store.Flag
		had         bool
		raise       bool
		wantTargets []string
	}{
		{"a new rule alerts its webhooks", store.Flag{Rule: "banks"}, false, true, []string{"https://hook.test/banks"}},
		{"a new rule without webhooks still logs", store.Flag{Rule: "ads"}, false, true, nil},
		{"a rule the story had does not alert again", store.Flag{Rule: "banks"}, true, false, nil},
		{"a duplicate of an alerted story does not alert", store.Flag{Rule: "banks", Duplicate: true}, false, false, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raise, targets := p.Alert(tt.f, tt.had)
			if raise != tt.raise || !slices.Equal(targets, tt.wantTargets) {
				t.Errorf("Alert(%+v, %v) = %v, %v, want %v, %v", tt.f, tt.had, raise, targets, tt.raise, tt.wantTargets)
			}
		})
	}
	p.SetTargets(nil)
	if raise, targets := p.Alert(store.Flag{Rule: "banks"}, false); !raise || targets != nil {
		t.Errorf("after SetTargets(nil), Alert = %v, %v, want true, no targets", raise, targets)
	}
	var zero Policy
	if raise, targets := zero.Alert(store.Flag{Rule: "banks"}, false); !raise || targets != nil {
		t.Errorf("zero Policy: Alert = %v, %v, want true, no targets", raise, targets)
	}
}
