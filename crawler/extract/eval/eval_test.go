package eval

import (
	"context"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/crawler/extract"
	"github.com/newshound/newshound/internal/testkit/seeds"
)

// dataDir returns the shared data directory (seeds.DataDir: NEWSHOUND_DATA, by
// default ../shared/data beside the repository), or skips the test.
func dataDir(t *testing.T) string {
	t.Helper()
	d := seeds.DataDir()
	if _, err := findData(d); err != nil {
		t.Skipf("no evaluation data (set NEWSHOUND_DATA to the shared data directory): %v", err)
	}
	return d
}

// TestFloors runs the evaluation on one core and asserts the project's quality
// floors, on all pages and, for issue 17's, on the check part. It logs the
// speed figures but asserts none: on a shared machine the median moves by a
// factor of four between runs, and speed is claimed by BenchmarkExtract.
func TestFloors(t *testing.T) {
	if os.Getenv("NEWSHOUND_EVAL") != "1" {
		t.Skip("set NEWSHOUND_EVAL=1 to run the extraction evaluation")
	}
	dir := dataDir(t)
	prev := runtime.GOMAXPROCS(1)
	t.Cleanup(func() { runtime.GOMAXPROCS(prev) })
	var out strings.Builder
	rep, err := Run(context.Background(), dir, SplitAll, &out)
	if err != nil {
		t.Fatalf("Run(%q) error: %v", dir, err)
	}
	t.Log("\n" + out.String())
	if rep.AEB.F1 < 0.960 {
		t.Errorf("aeb-dev body F1 = %.3f, want >= 0.960", rep.AEB.F1)
	}
	// Two date figures (see BENCHMARKS.md, Extraction): over the pages whose truth
	// has a date, and over all pages with a date key, where an empty truth must be
	// met by no date. Many empty truths sit on pages that declare an article date in
	// their own metadata, which Extract reports on purpose.
	if rep.Traf.DateFound < 0.85 {
		t.Errorf("trafilatura-dev date exact (truth has a date) = %.3f, want >= 0.85", rep.Traf.DateFound)
	}
	if rep.Traf.DateExact < 0.79 {
		t.Errorf("trafilatura-dev date exact (all pages, no date must match no date) = %.3f, want >= 0.79", rep.Traf.DateExact)
	}
	// aeb-dev's dates are labelled for newshound (aebdates.json): 0.956 when labelled.
	if rep.AEB.DateFound < 0.90 {
		t.Errorf("aeb-dev date exact (labelled dates) = %.3f, want >= 0.90", rep.AEB.DateFound)
	}
	// Issue 17's floors hold on the check part, the pages nobody tuned on. The
	// date's is met by one page (81 of 90): BENCHMARKS.md, Extraction.
	out.Reset()
	check, err := Run(context.Background(), dir, SplitCheck, &out)
	if err != nil {
		t.Fatalf("Run(%q, check) error: %v", dir, err)
	}
	t.Log("\n" + out.String())
	if check.AEB.F1 < 0.965 {
		t.Errorf("check part: aeb-dev body F1 = %.4f, want >= 0.965", check.AEB.F1)
	}
	if check.Traf.F1 < 0.93 {
		t.Errorf("check part: trafilatura-dev snippet F = %.4f, want >= 0.93", check.Traf.F1)
	}
	if check.Traf.TitleExact < 0.80 {
		t.Errorf("check part: trafilatura-dev title exact = %.4f, want >= 0.80", check.Traf.TitleExact)
	}
	if check.Traf.DateFound < 0.90 {
		t.Errorf("check part: trafilatura-dev date exact (truth has a date) = %.4f, want >= 0.90", check.Traf.DateFound)
	}
}

// TestStrategies prints the figures of every strategy, to choose the default.
func TestStrategies(t *testing.T) {
	if os.Getenv("NEWSHOUND_EVAL") != "strategies" {
		t.Skip("set NEWSHOUND_EVAL=strategies to compare the extraction strategies")
	}
	dir := dataDir(t)
	for _, s := range []extract.Strategy{extract.StrategyTrafilatura, extract.StrategyReadability,
		extract.StrategyFallback, extract.StrategyCompare, extract.StrategySecondOpinion} {
		var out strings.Builder
		if _, err := RunWith(context.Background(), &extract.Extractor{Strategy: s}, dir, SplitAll, &out); err != nil {
			t.Fatalf("RunWith(%s) error: %v", s, err)
		}
		t.Log("\n" + out.String())
	}
}

// TestWrittenTruth checks the written date pages' truth: every page is there, in
// a part, with a date (or none, for a page that gives none) and a URL.
func TestWrittenTruth(t *testing.T) {
	truth, err := readJSON[map[string]writtenTruth](writtenFS, "written/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(truth) < 100 {
		t.Errorf("%d written pages, want at least 100", len(truth))
	}
	for id, w := range truth {
		if _, err := time.Parse("2006-01-02", w.Date); err != nil && w.Date != "" {
			t.Errorf("%s: date %q: %v", id, w.Date, err)
		}
		if w.Part != "tune" && w.Part != "check" {
			t.Errorf("%s: part %q, want tune or check", id, w.Part)
		}
		if u, err := url.Parse(w.URL); err != nil || u.Host == "" {
			t.Errorf("%s: url %q is no absolute URL", id, w.URL)
		}
		if _, err := readGzip(writtenFS, "written/pages/"+id+".html.gz"); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
}

// TestWrittenDates holds the date on the written pages' tuning part to its floor:
// the rules tuned on them must keep what they gained. The floor was 0.97 on 325
// pages; sets p, q and s (the old web among them, 18 of 25) brought the part to
// 400 pages and 0.958.
func TestWrittenDates(t *testing.T) {
	rep, err := runWritten(context.Background(), &extract.Extractor{}, SplitTune)
	if err != nil {
		t.Fatalf("runWritten: %v", err)
	}
	if rep.Failures > 0 || rep.DateExact < 0.95 {
		t.Errorf("written pages, tuning part: date exact %.3f with %d failures, want >= 0.95 and none (sources: %s)",
			rep.DateExact, rep.Failures, rep.DateSources.line())
	}
}
