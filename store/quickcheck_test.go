package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// bucketRoot returns the root page of the top-level bucket name in the
// database at path (0 for a bucket stored inline in its parent's page).
func bucketRoot(t *testing.T, path string, name []byte) uint64 {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var root uint64
	err = db.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(name).Root()); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestQuickCheck(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, path string)
		corrupt bool
	}{
		{"sound", func(*testing.T, string) {}, false},
		{"every page but the meta, root and freelist", func(t *testing.T, path string) {
			m := meta(t, path)
			for id := uint64(2); id < m.pgid; id++ {
				if id != m.root && id != m.freelist {
					writeAt(t, path, randomBytes(int(m.pageSize)), int64(id*m.pageSize))
				}
			}
		}, true},
		{"the root page of the articles", func(t *testing.T, path string) {
			m, root := meta(t, path), bucketRoot(t, path, bucketArticles)
			if root == 0 {
				t.Fatal("the articles bucket is inline; the case damages nothing")
			}
			writeAt(t, path, randomBytes(int(m.pageSize)), int64(root*m.pageSize))
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := realDB(t, 300)
			tt.damage(t, path)
			for _, ro := range []bool{false, true} {
				s, err := Open(context.Background(), path, Options{ReadOnly: ro})
				if err != nil {
					t.Fatalf("Open = %v, want it open (the damage is past what Open reads)", err)
				}
				err = s.QuickCheck(context.Background())
				s.Close()
				if tt.corrupt != (err != nil) || (err != nil && !errors.Is(err, ErrCorrupt)) {
					t.Fatalf("QuickCheck (read-only %v) = %v, want ErrCorrupt %v", ro, err, tt.corrupt)
				}
				if err != nil && (!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "newshound db check") || !strings.Contains(err.Error(), "restore it from a backup")) {
					t.Errorf("QuickCheck = %q, want the file, `newshound db check` and the backup named", err)
				}
			}
		})
	}
}

// BenchmarkQuickCheck times the start-up check against the full Check on
// a database of 20,000 stories: QuickCheck reads a few pages per bucket,
// whatever the size of the file.
func BenchmarkQuickCheck(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "n.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	putParallel(b, s, many(20000))
	for _, c := range []struct {
		name  string
		check func(context.Context) error
	}{{"quick", s.QuickCheck}, {"full", s.Check}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.check(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/check")
		})
	}
}
