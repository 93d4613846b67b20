package fetch_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newshound/newshound/crawler/fetch"
)

// feedsDir is $NEWSHOUND_DATA/feeds, by default ../../../shared/data/feeds
// from the crawler directory.
func feedsDir() string {
	if d := os.Getenv("NEWSHOUND_DATA"); d != "" {
		return filepath.Join(d, "feeds")
	}
	return filepath.Join("..", "..", "..", "shared", "data", "feeds")
}

// parseHangLimit is the longest one ParseFeed of a real-world file may take.
const parseHangLimit = 10 * time.Second

// TestRealWorldFeeds runs ParseFeed over every feed file of the shared
// data: none may panic or hang, and it reports how many files
// yield items with gofeed alone and with ParseFeed's repair.
func TestRealWorldFeeds(t *testing.T) {
	dir := feedsDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no real-world feeds at %s (set NEWSHOUND_DATA to the shared data directory): %v", dir, err)
	}
	var files, before, after int
	var slowest time.Duration
	var slowFile string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".txt") || strings.HasPrefix(d.Name(), "LICENSE") {
			return err
		}
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		if f, err := gofeed.NewParser().Parse(bytes.NewReader(body)); err == nil && len(f.Items) > 0 {
			before++
		}
		start := time.Now()
		f, err := fetch.ParseFeed(body, path)
		d2 := time.Since(start)
		if d2 > slowest {
			slowest, slowFile = d2, path
		}
		// A guard against a runaway parse, not a speed claim: generous
		// enough for -race on a loaded machine.
		if d2 > parseHangLimit {
			t.Errorf("ParseFeed(%s) took %s, want under %s", path, d2, parseHangLimit)
		}
		if err == nil && len(f.Items) > 0 {
			after++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no feed files under %s", dir)
	}
	t.Logf("%d files: %d yield items with gofeed alone, %d with ParseFeed (repair); slowest %s (%s)", files, before, after, slowest, slowFile)
	if after < before {
		t.Errorf("ParseFeed yields items from %d files, fewer than gofeed alone (%d)", after, before)
	}
}
