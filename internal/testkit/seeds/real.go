package seeds

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realFeedMax is the size above which a real feed is left out of the
// seeds: the fuzzers mutate small inputs best.
const realFeedMax = 16 << 10

// DataDir is the shared data directory: $NEWSHOUND_DATA, or else
// ../shared/data beside the module's root (the folder holding go.mod,
// found from the working directory up), as the repository sits in the
// workspace. A relative $NEWSHOUND_DATA that does not exist from the working
// directory (go test runs in the package's folder) is read from the module's
// root, where the documented commands are typed: NEWSHOUND_DATA=../shared/data
// works for every package. It does not check that the directory exists.
func DataDir() string {
	d := os.Getenv("NEWSHOUND_DATA")
	if d != "" && (filepath.IsAbs(d) || exists(d)) {
		return d
	}
	root := moduleRoot()
	switch {
	case d != "" && root != "":
		return filepath.Join(root, d)
	case d != "":
		return d
	case root != "":
		return filepath.Join(root, "..", "shared", "data")
	}
	return filepath.Join("..", "shared", "data")
}

// moduleRoot is the nearest folder holding go.mod from the working directory
// up, or "" when there is none.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if exists(filepath.Join(dir, "go.mod")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// exists reports whether path names an existing file or folder.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// RealFeeds returns up to n of the real feeds under DataDir()/feeds
// (.xml and .json files under 16 KiB), spread over the sorted list and
// read in place, or none, logged, when the shared data is missing.
func RealFeeds(tb testing.TB, n int) [][]byte {
	tb.Helper()
	dir := filepath.Join(DataDir(), "feeds")
	var paths []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".xml") || strings.HasSuffix(path, ".json")) {
			if info, err := d.Info(); err == nil && info.Size() < realFeedMax {
				paths = append(paths, path)
			}
		}
		return nil
	})
	if len(paths) == 0 {
		tb.Logf("no real-world feed seeds at %s (set NEWSHOUND_DATA to the shared data directory)", dir)
		return nil
	}
	var out [][]byte
	step := max(1, len(paths)/n)
	for i := 0; i < len(paths) && len(out) < n; i += step {
		if b, err := os.ReadFile(paths[i]); err == nil {
			out = append(out, b)
		}
	}
	return out
}
