package eval

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/newshound/newshound/crawler/extract"
)

// Timing holds the speed and allocation figures of one corpus, measured one page
// at a time on the calling goroutine.
type Timing struct {
	MedianMs, P99Ms float64 // wall time per page, milliseconds
	AllocsPerPage   float64 // heap allocations per page
	BytesPerPage    float64 // heap bytes allocated per page
	MaxProcs        int     // GOMAXPROCS during the run
	// Doubted counts the pages where the first extractor's text was doubted and
	// the second one asked (extract.Result.Doubt), by reason in Doubts.
	Doubted int
	Doubts  map[string]int
}

// doubtLine describes how often the second extractor ran.
func (t *Timing) doubtLine(pages int) string {
	return fmt.Sprintf("%d of %d pages (short %d, link-heavy %d, disagrees with structured data %d)",
		t.Doubted, pages, t.Doubts[extract.DoubtShort], t.Doubts[extract.DoubtLinkHeavy], t.Doubts[extract.DoubtStructured])
}

type page struct {
	id          string
	body        []byte
	contentType string
	url         *url.URL
}

type outcome struct {
	res *extract.Result
	err error
}

// extractAll runs ex on every page in order and measures it.
func extractAll(ctx context.Context, ex *extract.Extractor, pages []page) ([]outcome, Timing, error) {
	out := make([]outcome, len(pages))
	durs := make([]float64, len(pages))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, Timing{}, fmt.Errorf("eval: %w", err)
		}
		start := time.Now()
		res, err := ex.Extract(ctx, p.body, p.contentType, p.url)
		durs[i] = float64(time.Since(start).Nanoseconds()) / 1e6
		out[i] = outcome{res: res, err: err}
	}
	runtime.ReadMemStats(&after)
	sort.Float64s(durs)
	n := float64(max(len(pages), 1))
	doubts := map[string]int{}
	doubted := 0
	for _, o := range out {
		if o.res != nil && o.res.Doubt != "" {
			doubted++
			doubts[o.res.Doubt]++
		}
	}
	return out, Timing{
		Doubted:       doubted,
		Doubts:        doubts,
		MedianMs:      percentile(durs, 0.5),
		P99Ms:         percentile(durs, 0.99),
		AllocsPerPage: float64(after.Mallocs-before.Mallocs) / n,
		BytesPerPage:  float64(after.TotalAlloc-before.TotalAlloc) / n,
		MaxProcs:      runtime.GOMAXPROCS(0),
	}, nil
}

// DateSources counts, by extract.Result.DateSource ("" when no date was read),
// the pages of known date whose date came from that source, and how many of those
// dates were exact: the precision of each source, to see which one to trust.
type DateSources map[string]*SourceCount

// SourceCount is one source's count of pages and of exact dates among them.
type SourceCount struct{ Pages, Exact int }

// add counts a page of known date whose date came from source.
func (d DateSources) add(source string, exact bool) {
	c := d[source]
	if c == nil {
		c = &SourceCount{}
		d[source] = c
	}
	c.Pages++
	if exact {
		c.Exact++
	}
}

// line describes the sources, most used first, as "metadata 60/62".
func (d DateSources) line() string {
	names := make([]string, 0, len(d))
	for n := range d {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if d[names[i]].Pages != d[names[j]].Pages {
			return d[names[i]].Pages > d[names[j]].Pages
		}
		return names[i] < names[j]
	})
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString("  ")
		}
		label := n
		if label == "" {
			label = "none"
		}
		fmt.Fprintf(&b, "%s %d/%d", label, d[n].Exact, d[n].Pages)
	}
	return b.String()
}
