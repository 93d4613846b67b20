package store

import (
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// realDB writes a database of n articles at a new path and returns it.
func realDB(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	putParallel(t, s, many(n))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// randomBytes returns n reproducible pseudo-random bytes.
func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestOpenCorrupt(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, path string)
	}{
		{"random bytes", func(t *testing.T, path string) { write(t, path, randomBytes(64<<10)) }},
		{"text file", func(t *testing.T, path string) { write(t, path, []byte("storage: here\n")) }},
		{"truncated to half", func(t *testing.T, path string) { truncate(t, path, size(t, path)/2) }},
		{"truncated to one page", func(t *testing.T, path string) { truncate(t, path, 5000) }},
		{"truncated below its last page", func(t *testing.T, path string) {
			m := meta(t, path)
			truncate(t, path, int64(m.pgid*m.pageSize)-1)
		}},
		{"freelist page damaged", func(t *testing.T, path string) {
			m := meta(t, path)
			writeAt(t, path, randomBytes(int(m.pageSize)), int64(m.freelist*m.pageSize))
		}},
		{"freelist lists pages beyond the end", func(t *testing.T, path string) {
			m := meta(t, path)
			page := make([]byte, 32)
			binary.NativeEndian.PutUint16(page[8:], freelistFlag)
			binary.NativeEndian.PutUint16(page[10:], 2)
			binary.NativeEndian.PutUint64(page[16:], 5)
			binary.NativeEndian.PutUint64(page[24:], m.pgid+100)
			writeAt(t, path, page, int64(m.freelist*m.pageSize))
		}},
		{"meta pages zeroed", func(t *testing.T, path string) { writeAt(t, path, make([]byte, 8192), 0) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := realDB(t, 300)
			tt.corrupt(t, path)
			for range 2 { // the second try proves the first released the file lock
				_, err := Open(context.Background(), path, Options{})
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Open(%s) = %v, want ErrCorrupt", tt.name, err)
				}
				if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "newshound db check") || strings.Contains(msg, "\n") {
					t.Errorf("Open error = %q, want one line naming %s and `newshound db check`", msg, path)
				}
			}
			if err := CheckFile(context.Background(), path, Options{}); !errors.Is(err, ErrCorrupt) {
				t.Errorf("CheckFile = %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestDamagedPages overwrites every page but the meta, root and freelist
// pages with random bytes: Open succeeds, and then Check, reads and writes
// return ErrCorrupt or another error, never a panic or a crash.
func TestDamagedPages(t *testing.T) {
	path := realDB(t, 300)
	m := meta(t, path)
	for id := uint64(2); id < m.pgid; id++ {
		if id != m.root && id != m.freelist {
			writeAt(t, path, randomBytes(int(m.pageSize)), int64(id*m.pageSize))
		}
	}
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open = %v, want no error (the root page is intact)", err)
	}
	defer s.Close()
	if err := s.Check(ctx); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Check = %v, want ErrCorrupt", err)
	}
	ops := []struct {
		name string
		run  func() error
	}{
		{"Articles", func() error { return s.Articles(ctx, Query{}, func(*Article) error { return nil }) }},
		{"Stats", func() error { _, err := s.Stats(ctx); return err }},
		{"PutArticle", func() error { return s.PutArticle(ctx, many(1)[0]) }},
		{"Prune", func() error { _, err := s.Prune(ctx, t0.Add(time.Hour), true); return err }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			err := op.run()
			t.Logf("%s on damaged pages: %v", op.name, err)
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s on damaged pages = %v, want ErrCorrupt", op.name, err)
			}
		})
	}
}

// meta reads the current meta record of the database at path.
func meta(t *testing.T, path string) boltMeta {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, ok := readMeta(f)
	if !ok || m.freelist == noFreelist {
		t.Fatalf("readMeta(%s) = %+v, %v; want a valid meta with a freelist", path, m, ok)
	}
	return m
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeAt(t *testing.T, path string, b []byte, off int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

func truncate(t *testing.T, path string, n int64) {
	t.Helper()
	if err := os.Truncate(path, n); err != nil {
		t.Fatal(err)
	}
}

func size(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}
