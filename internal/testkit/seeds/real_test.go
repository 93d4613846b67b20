package seeds

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDataDir checks how NEWSHOUND_DATA is read from a package's folder, where
// go test runs: as given when absolute or found from there, else from the
// module's root, where the documented commands are typed.
func TestDataDir(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "crawler", "extract")
	for _, d := range []string{pkg, filepath.Join(pkg, "local")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	tests := []struct{ env, want string }{
		{"/srv/data", "/srv/data"},
		{"local", "local"},
		{"../shared/data", filepath.Join(root, "..", "shared", "data")},
		{"", filepath.Join(root, "..", "shared", "data")},
	}
	for _, tt := range tests {
		t.Setenv("NEWSHOUND_DATA", tt.env)
		if got := DataDir(); got != tt.want {
			t.Errorf("NEWSHOUND_DATA=%q: DataDir() = %q, want %q", tt.env, got, tt.want)
		}
	}
}
