package store_test

import (
	"path/filepath"
	"testing"

	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/storetest"
)

// TestConformance runs the storage conformance suite against the bbolt
// store, a new file in a temporary folder per case.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Backend {
		path := filepath.Join(t.TempDir(), "news.db")
		s, err := store.Open(t.Context(), path, store.Options{})
		if err != nil {
			t.Fatalf("store.Open(%s) = %v, want no error", path, err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close() = %v, want no error", err)
			}
		})
		return s
	})
}
