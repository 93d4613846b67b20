package eval

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// htmldateDir returns go-htmldate's module directory, or skips the test.
func htmldateDir(t *testing.T) string {
	t.Helper()
	dir, err := htmldateModuleDir(context.Background())
	if errors.Is(err, ErrNoHtmldatePages) {
		t.Skipf("%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestHtmldateTruth checks that the comparison truth reads whole: every entry has
// a page on disk and a valid day or none.
func TestHtmldateTruth(t *testing.T) {
	dir := htmldateDir(t)
	entries, err := readHtmldateTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 900 {
		t.Errorf("%d comparison entries, want about a thousand", len(entries))
	}
	for _, e := range entries {
		if _, err := time.Parse("2006-01-02", e.Date); err != nil && e.Date != htmldateNoDate {
			t.Errorf("%s: date %q: %v", e.URL, e.Date, err)
		}
		if _, err := readHtmldatePage(dir, e.File); err != nil {
			t.Error(err)
		}
	}
}

// TestHtmldateLeavesOutOtherCorpora checks that no page of trafilatura-dev, by
// URL, host or bytes, is among the comparison pages evaluated, and that the host
// split puts each host in one part only.
func TestHtmldateLeavesOutOtherCorpora(t *testing.T) {
	moduleDir := htmldateDir(t)
	data, err := findData(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	seen, err := otherCorpora(data)
	if err != nil {
		t.Fatal(err)
	}
	traf, err := readTrafTruth(filepath.Join(data, "trafilatura-dev"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := readHtmldateTruth(moduleDir)
	if err != nil {
		t.Fatal(err)
	}
	left, kept := 0, 0
	for _, e := range entries {
		body, err := readHtmldatePage(moduleDir, e.File)
		if err != nil {
			t.Fatal(err)
		}
		if seen.has(e, body) {
			left++
			continue
		}
		kept++
		if _, ok := traf[e.URL]; ok {
			t.Errorf("%s is a trafilatura-dev page and was kept", e.URL)
		}
	}
	// About a fifth of the comparison pages are trafilatura-dev's too.
	if left < 150 || kept < 600 {
		t.Errorf("left out %d and kept %d comparison pages, want about 230 and 770", left, kept)
	}
	if Part(htmldateHost("https://www.Example.org/a")) != Part(htmldateHost("http://example.org/b")) {
		t.Error("two pages of one host fall in different parts")
	}
}
