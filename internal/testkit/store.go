package testkit

import (
	"path/filepath"
	"testing"

	"github.com/newshound/newshound/store"
)

// Store opens a fresh bbolt store, test.db in its own t.TempDir(), with
// the zero store.Options; it is closed when the test ends.
func Store(t testing.TB) *store.Store {
	t.Helper()
	return OpenStore(t, filepath.Join(t.TempDir(), "test.db"), store.Options{})
}

// OpenStore opens the store at path with opts and closes it when the test
// ends (a test may close it sooner; the second Close does nothing).
func OpenStore(t testing.TB, path string, opts store.Options) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), path, opts)
	if err != nil {
		t.Fatalf("open store %s: %v", path, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
