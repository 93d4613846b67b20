package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunRefusesShortToken: a token under 16 characters, from the file or
// from NEWSHOUND_TOKEN, stops the daemon at start with a sentence naming
// the fix; it used to serve with it.
func TestRunRefusesShortToken(t *testing.T) {
	for _, tt := range []struct{ name, file, env string }{
		{"in the file", "s3cret", ""},
		{"in the environment", "", "s3cret"},
		{"15 characters", "", "0123456789abcde"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "config.yaml")
			server := "  listen: " + freeAddr(t) + "\n"
			if tt.file != "" {
				server += "  token: " + tt.file + "\n"
			}
			os.WriteFile(cfg, []byte(fmt.Sprintf("storage:\n  path: %s\nserver:\n%s", filepath.Join(dir, "n.db"), server)), 0o644)
			t.Setenv("NEWSHOUND_TOKEN", tt.env)
			// Were the token accepted, the daemon would serve until the
			// context ends, and return nil.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := run(ctx, []string{"run", "--config", cfg}, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "too short") || !strings.Contains(err.Error(), "at least 16") {
				t.Errorf("run with a %d-character token = %v, want an error saying it is too short and to use at least 16", len(tt.file+tt.env), err)
			}
		})
	}
}
