// Package eval measures the production extraction path (extract.Extractor) on the
// shared evaluation data: the article extraction benchmark's development pages
// (aeb-dev: body precision, recall and F1 over 4-token shingles, speed, allocations)
// and trafilatura's evaluation pages (trafilatura-dev: snippet precision, recall and
// F, exact title, author and date), and the publication date on pages the project
// wrote for it (written/). The metrics are restated in each directory's
// SOURCE.txt and implemented in metric.go, aeb.go and trafdev.go.
package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/newshound/newshound/crawler/extract"
)

// Report holds the figures of one evaluation run.
type Report struct {
	Strategy string
	Split    Split
	AEB      *AEBReport
	Traf     *TrafReport
	Written  *WrittenReport
}

// ErrNoData means the evaluation data directory does not hold the expected corpora.
var ErrNoData = errors.New("eval: evaluation data not found")

// Run evaluates the default extract.Extractor (the production configuration) on the
// corpora under dataDir and writes a human-readable summary to w. dataDir is either
// the extraction directory itself (holding aeb-dev/ and trafilatura-dev/) or the
// shared data root (holding extraction/). Only the pages of split are evaluated
// (see Split). Pages are extracted one at a time; run with GOMAXPROCS=1 for
// one-core timings.
func Run(ctx context.Context, dataDir string, split Split, w io.Writer) (*Report, error) {
	return RunWith(ctx, &extract.Extractor{}, dataDir, split, w)
}

// RunWith is Run with a given Extractor, to compare configurations.
func RunWith(ctx context.Context, ex *extract.Extractor, dataDir string, split Split, w io.Writer) (*Report, error) {
	dir, err := findData(dataDir)
	if err != nil {
		return nil, err
	}
	rep := &Report{Strategy: ex.Strategy.String(), Split: split}
	if rep.AEB, err = runAEB(ctx, ex, filepath.Join(dir, "aeb-dev"), split); err != nil {
		return nil, err
	}
	if rep.Traf, err = runTraf(ctx, ex, filepath.Join(dir, "trafilatura-dev"), split); err != nil {
		return nil, err
	}
	if rep.Written, err = runWritten(ctx, ex, split); err != nil {
		return nil, err
	}
	if err := rep.Write(w); err != nil {
		return nil, fmt.Errorf("eval: write report: %w", err)
	}
	return rep, nil
}

// findData returns the directory holding aeb-dev/ and trafilatura-dev/.
func findData(dataDir string) (string, error) {
	for _, d := range []string{dataDir, filepath.Join(dataDir, "extraction")} {
		if fi, err := os.Stat(filepath.Join(d, "aeb-dev", "ground-truth.json")); err == nil && !fi.IsDir() {
			return d, nil
		}
	}
	return "", fmt.Errorf("%w: %s has neither aeb-dev/ nor extraction/aeb-dev/ (pass the shared data directory, e.g. --data ../shared/data)", ErrNoData, dataDir)
}

// Write prints the report as aligned text.
func (r *Report) Write(w io.Writer) error {
	a, t := r.AEB, r.Traf
	_, err := fmt.Fprintf(w, `extraction evaluation (strategy %s, split %s, GOMAXPROCS=%d)
aeb-dev          pages %d  failures %d
  body           precision %.3f  recall %.3f  F1 %.3f
  date           exact %.3f (n=%d, dates labelled for newshound)
  date sources   %s (exact/pages)
  speed          median %.2f ms/page  p99 %.2f ms/page  %.0f allocs/page  %.0f KB/page
  second opinion %s
trafilatura-dev  pages %d  failures %d
  snippets       precision %.3f  recall %.3f  F %.3f  (tp %d fn %d fp %d tn %d)
  metadata       title exact %.3f (n=%d)  author exact %.3f (n=%d)
                 date exact, all pages (no date must match no date) %.3f (n=%d)
                 date exact, pages whose truth has a date %.3f (n=%d)
                 date exact, pages the truth leaves undated %.3f (n=%d, dates labelled for newshound)
                 date sources, pages of both: %s (exact/pages)
  speed          median %.2f ms/page  p99 %.2f ms/page  %.0f allocs/page  %.0f KB/page
  second opinion %s
written dates    pages %d  failures %d (pages the project wrote, not real ones: crawler/extract/eval/written)
  date           exact %.3f
  date sources   %s (exact/pages)
`, r.Strategy, r.Split, a.MaxProcs,
		a.Pages, a.Failures, a.Precision, a.Recall, a.F1, a.DateFound, a.DateFoundN, a.DateSources.line(),
		a.MedianMs, a.P99Ms, a.AllocsPerPage, a.BytesPerPage/1024, a.doubtLine(a.Pages),
		t.Pages, t.Failures, t.Precision, t.Recall, t.F1, t.TP, t.FN, t.FP, t.TN,
		t.TitleExact, t.TitleN, t.AuthorExact, t.AuthorN, t.DateExact, t.DateN, t.DateFound, t.DateFoundN, t.LabelDateFound, t.LabelDateFoundN, t.DateSources.line(),
		t.MedianMs, t.P99Ms, t.AllocsPerPage, t.BytesPerPage/1024, t.doubtLine(t.Pages),
		r.Written.Pages, r.Written.Failures, r.Written.DateExact, r.Written.DateSources.line())
	return err
}
