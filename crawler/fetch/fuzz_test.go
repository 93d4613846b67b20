package fetch

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/testkit/seeds"
)

// FuzzRepairFeed checks repairFeed on arbitrary bytes: no panic, and a
// repaired body starts with '<', holds no control character XML forbids,
// and needs no second repair.
func FuzzRepairFeed(f *testing.F) {
	for _, s := range seeds.Feeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in := slices.Clone(body)
		fixed := repairFeed(body)
		if !bytes.Equal(body, in) {
			t.Fatalf("repairFeed changed its argument")
		}
		if fixed == nil {
			return
		}
		if fixed[0] != '<' {
			t.Fatalf("repairFeed(%q) = %q, which does not start with '<'", body, fixed)
		}
		if i := bytes.IndexFunc(fixed, isBadControl); i >= 0 {
			t.Fatalf("repairFeed(%q) = %q, which keeps control character %#x at %d", body, fixed, fixed[i], i)
		}
		if again := repairFeed(fixed); again != nil {
			t.Fatalf("repairFeed(%q) = %q, which repairs again into %q", body, fixed, again)
		}
	})
}

// TestRepairControlInDeclaration pins what FuzzRepairFeed found: a control
// character inside the XML declaration hid the encoding it names from the
// repair, so a feed declaring an unknown encoding stayed unreadable.
func TestRepairControlInDeclaration(t *testing.T) {
	body := "<?xml version=\"1.0\" enco\x01ding=\"x-unknown\"?><rss version=\"2.0\"><channel><title>T</title>" +
		"<item><title>I</title><link>https://news.example/i</link></item></channel></rss>"
	f, err := ParseFeed([]byte(body), "https://feeds.example/rss")
	if err != nil {
		t.Fatalf("ParseFeed(%q) = %v, want the feed read after repair", body, err)
	}
	if len(f.Items) != 1 || f.Items[0].Title != "I" {
		t.Errorf("ParseFeed(%q) gave items %+v, want the one item I", body, f.Items)
	}
}

// realFeedSeeds returns up to n small files of $NEWSHOUND_DATA/feeds
// (by default ../../../shared/data/feeds), read in place, or none when the
// shared data is missing.
func realFeedSeeds(f *testing.F, n int) [][]byte {
	dir := filepath.Join("..", "..", "..", "shared", "data", "feeds")
	if d := os.Getenv("NEWSHOUND_DATA"); d != "" {
		dir = filepath.Join(d, "feeds")
	}
	var paths []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".xml") || strings.HasSuffix(path, ".json")) {
			if info, err := d.Info(); err == nil && info.Size() < 16<<10 {
				paths = append(paths, path)
			}
		}
		return nil
	})
	if len(paths) == 0 {
		f.Logf("no real-world feed seeds at %s (set NEWSHOUND_DATA to the shared data directory)", dir)
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
