package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOpenEmptyFileReadOnly: a read-only open of a 0-byte file (and the
// check, which opens read-only) says the file is empty, names it and the
// fix, instead of bbolt's "bad file descriptor"; a read-write open still
// initializes it.
func TestOpenEmptyFileReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	write(t, path, nil)
	ctx := context.Background()
	_, openErr := Open(ctx, path, Options{ReadOnly: true})
	for _, c := range []struct {
		name string
		err  error
	}{{"Open read-only", openErr}, {"CheckFile", CheckFile(ctx, path, Options{})}} {
		msg := ""
		if c.err != nil {
			msg = c.err.Error()
		}
		if !errors.Is(c.err, ErrCorrupt) || !strings.Contains(msg, path) || !strings.Contains(msg, "is an empty file, not a newshound database") ||
			!strings.Contains(msg, "remove it") || strings.Contains(msg, "bad file descriptor") {
			t.Errorf("%s(empty file) = %v, want ErrCorrupt saying the file %s is empty and to remove it or restore a backup", c.name, c.err, path)
		}
	}
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open read-write(empty file) = %v, want it initialized", err)
	}
	s.Close()
}

// TestOpenDiskFull opens a database whose file is /dev/full, where every
// write fails with ENOSPC, as on a full disk: the error says the disk is
// full, names the file and the fix, and keeps the cause for errors.Is.
func TestOpenDiskFull(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	path := filepath.Join(t.TempDir(), "full.db")
	if err := os.Symlink("/dev/full", path); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path, Options{})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "the disk holding the database "+path+" is full: free space on it") {
		t.Errorf("Open(on /dev/full) = %v, want ENOSPC saying the disk holding %s is full", err, path)
	}
}
