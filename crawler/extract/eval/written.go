package eval

import (
	"context"
	"embed"
	"fmt"
	"maps"
	"net/url"
	"slices"

	"github.com/newshound/newshound/crawler/extract"
)

// writtenFS holds the written date pages: article pages of fictional sites that
// the project's helper sessions wrote to measure the publication date on kinds of
// pages the shared data lacks (blogs, press releases, forums, page builders, many
// languages), each with its true date. They are not real pages; written/README.md
// says how they were made and which part was tuned on.
//
//go:embed written/truth.json written/pages
var writtenFS embed.FS

// writtenTruth is one written page's truth.
type writtenTruth struct {
	URL  string `json:"url"`
	Date string `json:"date"` // YYYY-MM-DD, the first publication as a careful reader finds it; empty where the page gives none
	Lang string `json:"lang"`
	Note string `json:"note"` // where the date is written, and the page's traps
	Part string `json:"part"` // "tune" or "check": fixed when the page was written
}

// WrittenReport holds the date figures on the written date pages.
type WrittenReport struct {
	Pages, Failures int
	DateExact       float64
	DateSources     DateSources
	Timing
}

// runWritten evaluates ex's dates on the written pages of split. Their parts are
// fixed in their truth, not by hash: each part was written separately, the check
// part after every rule it measures.
func runWritten(ctx context.Context, ex *extract.Extractor, split Split) (*WrittenReport, error) {
	truth, err := readJSON[map[string]writtenTruth](writtenFS, "written/truth.json")
	if err != nil {
		return nil, err
	}
	var pages []page
	for _, id := range slices.Sorted(maps.Keys(truth)) {
		if split != SplitAll && truth[id].Part != split.String() {
			continue
		}
		body, err := readGzip(writtenFS, "written/pages/"+id+".html.gz")
		if err != nil {
			return nil, err
		}
		u, err := url.Parse(truth[id].URL)
		if err != nil {
			return nil, fmt.Errorf("eval: written page %s: bad url: %w", id, err)
		}
		// No Content-Type, as for trafilatura-dev: some pages are not UTF-8 and
		// declare their charset in <meta>.
		pages = append(pages, page{id: id, body: body, url: u})
	}
	results, timing, err := extractAll(ctx, ex, pages)
	if err != nil {
		return nil, err
	}
	rep := &WrittenReport{Pages: len(pages), Timing: timing, DateSources: DateSources{}}
	exact := 0
	for i, o := range results {
		if o.err != nil || o.res == nil {
			rep.Failures++
			rep.DateSources.add("", false)
			continue
		}
		got := ""
		if !o.res.Published.IsZero() {
			got = o.res.Published.Format("2006-01-02")
		}
		ok := got == truth[pages[i].id].Date
		if ok {
			exact++
		}
		rep.DateSources.add(o.res.DateSource, ok)
	}
	rep.DateExact = ratio(exact, rep.Pages)
	return rep, nil
}
