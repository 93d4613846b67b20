package store

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestCheckFileDoesNotSendToItself pins the wording of a damaged file:
// Open points to `newshound db check`, and CheckFile, which is what that
// command runs, does not tell its user to run it again.
func TestCheckFileDoesNotSendToItself(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			truncate(t, path, fi.Size()/2)
		}},
		{"meta pages zeroed", func(t *testing.T, path string) { writeAt(t, path, make([]byte, 8192), 0) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := realDB(t, 50)
			tt.damage(t, path)
			_, err := Open(context.Background(), path, Options{})
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "newshound db check") {
				t.Errorf("Open = %v, want ErrCorrupt pointing to `newshound db check`", err)
			}
			err = CheckFile(context.Background(), path, Options{})
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("CheckFile = %v, want ErrCorrupt", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "db check") || !strings.Contains(msg, path) || !strings.HasSuffix(msg, "restore it from a backup") {
				t.Errorf("CheckFile error = %q, want a sentence naming %s and ending in the fix, without `newshound db check`", msg, path)
			}
		})
	}
}

func TestWithoutCheckHint(t *testing.T) {
	plain := errors.New("store: something else")
	if got := withoutCheckHint(plain); got != plain {
		t.Errorf("withoutCheckHint(%v) = %v, want it unchanged", plain, got)
	}
	if got := withoutCheckHint(nil); got != nil {
		t.Errorf("withoutCheckHint(nil) = %v, want nil", got)
	}
	cause := errors.New("bbolt: bad page")
	err := corruptError("/x.db", cause)
	got := withoutCheckHint(err)
	if !errors.Is(got, ErrCorrupt) || !errors.Is(got, cause) {
		t.Errorf("withoutCheckHint(%v) = %v, which lost ErrCorrupt or its cause", err, got)
	}
	if !strings.Contains(err.Error(), "db check") {
		t.Errorf("withoutCheckHint changed its argument: %q", err)
	}
}
