package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// HostPauseStore is what the HostPauses group needs.
type HostPauseStore interface {
	PutHostPause(ctx context.Context, p store.HostPause) error
	HostPauses(ctx context.Context, now time.Time) ([]store.HostPause, error)
}

// HostPauses checks PutHostPause and HostPauses: a pause is never
// shortened, pauses over at a new pause's Since go, and HostPauses lists
// the pauses running at now, by host.
func HostPauses(t *testing.T, open func(t *testing.T) HostPauseStore) {
	pause := func(host string, since, until time.Duration) store.HostPause {
		return store.HostPause{Host: host, Since: at(since), Until: at(until), Status: 429}
	}
	tests := []struct {
		name string
		puts []store.HostPause
		now  time.Time
		want []store.HostPause
	}{
		{name: "none", now: at(0)},
		{
			name: "by host",
			puts: []store.HostPause{pause("b.example", 0, time.Hour), pause("a.example:8080", 0, 2*time.Hour)},
			now:  at(time.Minute),
			want: []store.HostPause{pause("a.example:8080", 0, 2*time.Hour), pause("b.example", 0, time.Hour)},
		},
		{
			name: "until is exclusive",
			puts: []store.HostPause{pause("a.example", 0, time.Hour), pause("b.example", 0, 2*time.Hour)},
			now:  at(time.Hour),
			want: []store.HostPause{pause("b.example", 0, 2*time.Hour)},
		},
		{
			name: "never shortened",
			puts: []store.HostPause{pause("a.example", 0, 2*time.Hour), pause("a.example", time.Minute, time.Hour)},
			now:  at(90 * time.Minute),
			want: []store.HostPause{pause("a.example", 0, 2*time.Hour)},
		},
		{
			name: "lengthened",
			puts: []store.HostPause{pause("a.example", 0, time.Hour), {Host: "a.example", Since: at(time.Minute), Until: at(3 * time.Hour), Status: 503}},
			now:  at(2 * time.Hour),
			want: []store.HostPause{{Host: "a.example", Since: at(time.Minute), Until: at(3 * time.Hour), Status: 503}},
		},
		{
			name: "over pauses go",
			puts: []store.HostPause{pause("a.example", 0, time.Hour), pause("b.example", 2*time.Hour, 3*time.Hour)},
			now:  at(-time.Hour), // a's pause would run at now, had b's not removed it
			want: []store.HostPause{pause("b.example", 2*time.Hour, 3*time.Hour)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			for _, p := range tt.puts {
				if err := s.PutHostPause(t.Context(), p); err != nil {
					t.Fatalf("PutHostPause(%+v) = %v, want no error", p, err)
				}
			}
			got, err := s.HostPauses(t.Context(), tt.now)
			if err != nil {
				t.Fatalf("HostPauses(%v) = %v, want no error", tt.now, err)
			}
			if d := diff(got, tt.want); d != "" {
				t.Errorf("HostPauses(%v) after %d puts:\n%s", tt.now, len(tt.puts), d)
			}
		})
	}
	t.Run("no host", func(t *testing.T) {
		if err := open(t).PutHostPause(t.Context(), store.HostPause{Until: at(time.Hour)}); err == nil {
			t.Errorf("PutHostPause of a pause without host = nil, want an error")
		}
	})
}
