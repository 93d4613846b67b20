package extract

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newshound/newshound/internal/testkit/seeds"
)

// aebPages loads the aeb-dev pages from seeds.DataDir (NEWSHOUND_DATA, by default
// ../shared/data beside the repository), or skips.
func aebPages(b *testing.B) [][]byte {
	b.Helper()
	dir := seeds.DataDir()
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

// BenchmarkDatesManyDates measures the visible date sources (the heading's, the
// labelled, the byline's, the description's) on a hostile page of 1.4 MB
// written as dates: every sentence holds one, too far after the author's name to
// be the byline's and too far after a publication word to be labelled by it, and
// the description is 44 KB of dates labelled as updates. Each source must cost
// about the text's length, not its square.
func BenchmarkDatesManyDates(b *testing.B) {
	desc := strings.Repeat("updated 3 March 2021. ", 2000)
	body := strings.Repeat("<p>Ann Lee wrote in the weekly letter to the board that on 3 March 2021 the bank, as published in the press of the region, said more.</p>\n", 10000)
	page := `<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + body + `</article></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		b.Fatalf("html.Parse: %v", err)
	}
	authors := []string{"Ann Lee"}
	for b.Loop() {
		s := dateStream(doc, nil, false)
		metaLineDate(s)
		labelledDate(s)
		bylineDate(s, authors)
		unlabelledDate(desc, false)
		headerDate(doc, mainHeading(doc, "Bank shares data"), false, time.Time{})
	}
	b.ReportMetric(float64(len(page))/1e6*float64(b.N)/b.Elapsed().Seconds(), "MB/s")
}

// BenchmarkDatesManyLabels measures the label-reading date sources on a hostile
// page of 1.4 MB where every <time> follows update and publication words: each
// date's label is read from the 30 bytes before it, at a cost bounded by them.
func BenchmarkDatesManyLabels(b *testing.B) {
	body := strings.Repeat(`<p>edited posted edited posted <time datetime="2021-03-03">x</time> 3 March 2021</p>`+"\n", 16000)
	page := `<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + body + `</article></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		b.Fatalf("html.Parse: %v", err)
	}
	for b.Loop() {
		s := dateStream(doc, nil, false)
		metaLineDate(s)
		labelledDate(s)
		headerDate(doc, mainHeading(doc, "Bank shares data"), false, time.Time{})
	}
	b.ReportMetric(float64(len(page))/1e6*float64(b.N)/b.Elapsed().Seconds(), "MB/s")
}

// BenchmarkHeaderDateLongList measures the date beside the heading on a hostile
// page whose heading follows a list of one item of 60,000 elements without a link
// and 3,000 items with one: each item asks whether another holds a link, and the
// answers are remembered, so the list is read about once, not once an item.
func BenchmarkHeaderDateLongList(b *testing.B) {
	giant := "<li>" + strings.Repeat("<span>word</span>", 60000) + "</li>"
	items := strings.Repeat(`<li><a href="/s">Other story</a> 3 March 2021</li>`, 3000)
	page := `<html><head><title>Bank shares data</title></head><body><ol>` + giant + items + `</ol><h1>Bank shares data</h1><p>Ann Lee, 4 March 2021</p></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		b.Fatalf("html.Parse: %v", err)
	}
	h := mainHeading(doc, "Bank shares data")
	for b.Loop() {
		if got := headerDate(doc, h, false, time.Time{}).t; got.Day() != 4 {
			b.Fatalf("headerDate = %v, want 4 March 2021", got)
		}
	}
	b.ReportMetric(float64(len(page))/1e6*float64(b.N)/b.Elapsed().Seconds(), "MB/s")
}

// BenchmarkFirstPublishedManyNotes measures the first publication's note on a
// hostile text of 1 MB, one line of its words without a date: each find reads a
// bounded stretch back and forth, not the line.
func BenchmarkFirstPublishedManyNotes(b *testing.B) {
	text := strings.Repeat("first published and originally posted ", 26000)
	for b.Loop() {
		if !firstPublishedDate(text, false).IsZero() {
			b.Fatal("a date where there is none")
		}
	}
	b.ReportMetric(float64(len(text))/1e6*float64(b.N)/b.Elapsed().Seconds(), "MB/s")
}

// BenchmarkExtractManyParagraphs measures a page at the paragraph cap
// (DefaultMaxParagraphs short <p>), the most go-trafilatura is given.
func BenchmarkExtractManyParagraphs(b *testing.B) {
	body := strings.Repeat("<p>The bank said more about the data it shares with others, and why.</p>\n", DefaultMaxParagraphs-10)
	page := `<html><head><title>Bank shares data</title></head><body><article><h1>Bank shares data</h1>` + body + `</article></body></html>`
	b.ReportAllocs()
	benchPages(b, [][]byte{[]byte(page)})
}
