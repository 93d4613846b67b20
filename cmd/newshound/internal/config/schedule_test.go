package config

import (
	"testing"
	"time"
)

// TestScheduleDefaultsSuitMonitoring: with no schedule section a feed is
// polled at least every 3h, however quiet; a longer schedule.interval
// still raises the cap to itself.
func TestScheduleDefaultsSuitMonitoring(t *testing.T) {
	tests := []struct {
		yaml string
		want time.Duration
	}{
		{"", 3 * time.Hour},
		{"schedule:\n  interval: 4h\n", 4 * time.Hour},
		{"schedule:\n  max_interval: 1d\n", 24 * time.Hour},
	}
	for _, tt := range tests {
		cfg, err := Parse([]byte(tt.yaml), "/etc/newshound/config.yaml")
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.yaml, err)
		}
		if got := cfg.Schedule.MaxInterval.D(); got != tt.want {
			t.Errorf("Parse(%q).Schedule.MaxInterval = %s, want %s", tt.yaml, got, tt.want)
		}
	}
}
