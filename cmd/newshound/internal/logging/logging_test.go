package logging

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	tests := []struct {
		level, format string
		wantDebug     bool
		wantJSON      bool
	}{
		{"debug", "text", true, false},
		{"info", "json", false, true},
		{"bogus", "text", false, false}, // unknown level: info
	}
	for _, tt := range tests {
		t.Run(tt.level+"/"+tt.format, func(t *testing.T) {
			var buf bytes.Buffer
			log := New(&buf, tt.level, tt.format)
			log.Debug("dbg")
			log.Info("inf", "k", "v")
			out := buf.String()
			if got := strings.Contains(out, "dbg"); got != tt.wantDebug {
				t.Errorf("debug logged = %v, want %v:\n%s", got, tt.wantDebug, out)
			}
			if !strings.Contains(out, "inf") {
				t.Fatalf("info not logged:\n%s", out)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			last := lines[len(lines)-1] // the info record
			if got := json.Valid([]byte(last)); got != tt.wantJSON {
				t.Errorf("line %q is JSON = %v, want %v", last, got, tt.wantJSON)
			}
		})
	}
}

func TestForCrawl(t *testing.T) {
	var quiet bytes.Buffer
	log := ForCrawl(&quiet, "info", "text", false).With("feed", "f")
	log.Info("polled")
	log.Warn("feed failed", "err", "x")
	log.Warn("disk nearly full")
	if out := quiet.String(); strings.Contains(out, "polled") || strings.Contains(out, "feed failed") || !strings.Contains(out, "disk nearly full") {
		t.Errorf("unasked crawl logger wrote:\n%s\nwant only the other warning", out)
	}

	var asked bytes.Buffer
	log = ForCrawl(&asked, "info", "text", true)
	log.Info("polled")
	log.Warn("feed failed")
	if out := asked.String(); !strings.Contains(out, "polled") || !strings.Contains(out, "feed failed") {
		t.Errorf("asked-for level dropped records:\n%s", out)
	}
}
