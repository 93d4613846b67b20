package opml

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// opmlHeapBound is the most the heap may grow while Parse reads one of
// the 3.5 MB documents below. The folder paths were built by
// concatenation at every level, and a 3.5 MB document nested deep took
// 3.4 GB.
const opmlHeapBound = 64 << 20

// deepOPML is a 3.5 MB document of depth folders nested in each other,
// each a feed too, all named with label bytes of label.
func deepOPML(depth, label int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><body>`)
	name := strings.Repeat("n", label)
	for i := range depth {
		fmt.Fprintf(&b, `<outline text="%s" xmlUrl="https://deep.example/%d">`, name, i)
	}
	b.WriteString(strings.Repeat("</outline>", depth) + "</body></opml>")
	return b.String()
}

// wideOPML is a 3.5 MB document within every limit: blocks of folders
// nested MaxDepth-3 deep with a feed at every level. It returns the
// document, its number of feeds and the Category of the last one.
func wideOPML() (doc string, feeds int, last string) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><body>`)
	const depth = MaxDepth - 3
	for b.Len() < 3_500_000 {
		for d := range depth {
			fmt.Fprintf(&b, `<outline text="f%02d"><outline text="feed %d" xmlUrl="https://wide.example/%d"/>`, d, feeds, feeds)
			feeds++
		}
		b.WriteString(strings.Repeat("</outline>", depth))
	}
	b.WriteString("</body></opml>")
	parts := make([]string, depth)
	for d := range parts {
		parts[d] = fmt.Sprintf("f%02d", d)
	}
	return b.String(), feeds, strings.Join(parts, "/")
}

// TestParseDeepOPMLHeap parses 3.5 MB documents nested deep (refused,
// with the limit named) and one within the limits (read whole, folders
// right) with the heap's growth under opmlHeapBound. The first, 2,000
// folders of 1,700-byte names, took 3.4 GB when each level's path was
// concatenated and kept by its feed.
func TestParseDeepOPMLHeap(t *testing.T) {
	for _, tc := range []struct {
		depth, label int
		want         string
	}{
		{2_000, 1_700, fmt.Sprintf("a folder name longer than %d bytes at line 1 (shorten it)", MaxCategoryBytes)},
		{9_000, 340, fmt.Sprintf("folder names longer than %d bytes together at line 1 (shorten or flatten the folders)", MaxCategoryBytes)},
		{60_000, 1, fmt.Sprintf("elements nested deeper than %d at line 1 (flatten the folders)", MaxDepth)},
	} {
		deep := deepOPML(tc.depth, tc.label)
		var err error
		grew := heapGrowth(func() { _, err = Parse(strings.NewReader(deep), "deep.opml") })
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%.1f MB, %d folders of %d-byte names) = %v, want ErrInvalid saying %q", float64(len(deep))/1e6, tc.depth, tc.label, err, tc.want)
		}
		t.Logf("%.1f MB, %d folders of %d-byte names: heap grew %d MB", float64(len(deep))/1e6, tc.depth, tc.label, grew>>20)
		if grew > opmlHeapBound {
			t.Errorf("Parse(%.1f MB, %d folders of %d-byte names): heap grew %d MB, want under %d MB", float64(len(deep))/1e6, tc.depth, tc.label, grew>>20, opmlHeapBound>>20)
		}
	}

	wide, n, last := wideOPML()
	var (
		feeds []Feed
		err   error
	)
	grew := heapGrowth(func() { feeds, err = Parse(strings.NewReader(wide), "wide.opml") })
	if err != nil || len(feeds) != n {
		t.Fatalf("Parse(%d bytes within the limits) = %d feeds, %v; want %d", len(wide), len(feeds), err, n)
	}
	if got := feeds[n-1]; got.Category != last || got.URL != fmt.Sprintf("https://wide.example/%d", n-1) {
		t.Errorf("Parse(wide) last feed = %+v, want %s in %q", got, fmt.Sprintf("https://wide.example/%d", n-1), last)
	}
	if got := feeds[0].Category; got != "f00" {
		t.Errorf("Parse(wide) first feed's Category = %q, want f00", got)
	}
	t.Logf("wide %.1f MB, %d feeds: heap grew %d MB", float64(len(wide))/1e6, n, grew>>20)
	if grew > opmlHeapBound {
		t.Errorf("Parse(%d bytes within the limits): heap grew %d MB, want under %d MB", len(wide), grew>>20, opmlHeapBound>>20)
	}
}

// BenchmarkParseOPML measures Parse on the 3.5 MB wide document in MB/s.
func BenchmarkParseOPML(b *testing.B) {
	doc, n, _ := wideOPML()
	for b.Loop() {
		if feeds, err := Parse(strings.NewReader(doc), "wide.opml"); err != nil || len(feeds) != n {
			b.Fatalf("Parse(wide) = %d feeds, %v; want %d", len(feeds), err, n)
		}
	}
	b.ReportMetric(float64(len(doc))*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "feeds/s")
}

// heapGrowth runs f while sampling the bytes of heap objects every
// millisecond, and returns how far they rose above where they stood after
// a collection before f.
func heapGrowth(f func()) uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base, peak := s[0].Value.Uint64(), s[0].Value.Uint64()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(s)
				peak = max(peak, s[0].Value.Uint64())
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	metrics.Read(s)
	return max(peak, s[0].Value.Uint64()) - base
}
