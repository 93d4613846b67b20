package extract

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// aebPages loads the aeb-dev pages from NEWSHOUND_DATA (default ../shared/data from
// the repository root), or skips.
func aebPages(b *testing.B) [][]byte {
	b.Helper()
	dir := os.Getenv("NEWSHOUND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	files, err := filepath.Glob(filepath.Join(dir, "extraction", "aeb-dev", "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Skipf("no aeb-dev pages under %s (set NEWSHOUND_DATA to the shared data directory)", dir)
	}
	var pages [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatalf("read %s: %v", f, err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatalf("gunzip %s: %v", f, err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			b.Fatalf("gunzip %s: %v", f, err)
		}
		pages = append(pages, page)
	}
	return pages
}

func benchPages(b *testing.B, pages [][]byte) {
	ex := &Extractor{}
	ctx := context.Background()
	var n, size int
	for b.Loop() {
		p := pages[n%len(pages)]
		if _, err := ex.Extract(ctx, p, "text/html; charset=utf-8", nil); err != nil {
			b.Fatalf("Extract() error: %v", err)
		}
		n++
		size += len(p)
	}
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)/s, "pages/s")
	b.ReportMetric(float64(size)/1e6/s, "MB/s")
}

// BenchmarkExtract measures the production path on the aeb-dev pages, in turn.
func BenchmarkExtract(b *testing.B) {
	pages := aebPages(b)
	b.ReportAllocs()
	benchPages(b, pages)
}

// BenchmarkExtractSynthetic measures a small generated article page.
func BenchmarkExtractSynthetic(b *testing.B) {
	b.ReportAllocs()
	benchPages(b, [][]byte{[]byte(articlePage("Libraries get their budget", storyPara, 8))})
}
