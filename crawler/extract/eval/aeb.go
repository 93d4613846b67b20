package eval

import (
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"sort"

	"github.com/newshound/newshound/crawler/extract"
)

// AEBReport holds the figures on the article extraction benchmark's pages.
type AEBReport struct {
	Pages    int // pages evaluated
	Failures int // pages where Extract returned an error (scored as empty)
	// Precision is the mean per-page precision over pages with a non-empty prediction;
	// Recall the mean per-page recall over all pages; F1 their harmonic mean.
	Precision, Recall, F1 float64
	// DateFound is the exact-match accuracy of the publication date (the calendar
	// day) over the DateFoundN pages whose label in aebdates.json has a date.
	DateFound  float64
	DateFoundN int
	// DateSources tallies, over those pages, where each date was read.
	DateSources DateSources
	Timing
}

// aebDates are the publication dates of the aeb-dev pages, which the benchmark
// does not give: labelled for newshound by reading each page as a reader would
// (the date shown next to the headline or byline, else the article's metadata;
// the original date, not an update), without running any extractor. Source says
// which of these gave it, confidence how sure the labeller was.
//
//go:embed aebdates.json
var aebDatesJSON []byte

type aebDate struct {
	Date       string `json:"date"`
	Source     string `json:"source"`
	Confidence string `json:"confidence"`
}

type aebTruth struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// runAEB evaluates ex on dir (an aeb-dev directory: ground-truth.json and html/<id>.html.gz).
// Only the pages of split are read.
func runAEB(ctx context.Context, ex *extract.Extractor, dir string, split Split) (*AEBReport, error) {
	truth, err := readAEBTruth(dir)
	if err != nil {
		return nil, err
	}
	var dates map[string]aebDate
	if err := json.Unmarshal(aebDatesJSON, &dates); err != nil {
		return nil, fmt.Errorf("eval: decode the aeb-dev date labels: %w", err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		if split.Includes(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	pages := make([]page, 0, len(ids))
	for _, id := range ids {
		body, err := readGzip(os.DirFS(dir), "html/"+id+".html.gz")
		if err != nil {
			return nil, err
		}
		u, _ := url.Parse(truth[id].URL)
		pages = append(pages, page{id: id, body: body, contentType: "text/html; charset=utf-8", url: u})
	}
	results, timing, err := extractAll(ctx, ex, pages)
	if err != nil {
		return nil, err
	}
	rep := &AEBReport{Pages: len(pages), Timing: timing, DateSources: DateSources{}}
	var body bodyScore
	var dateOK int
	for i, res := range results {
		pred := ""
		if res.err != nil {
			rep.Failures++
		} else {
			pred = res.res.Text
		}
		if d := dates[pages[i].id].Date; d != "" {
			rep.DateFoundN++
			exact, source := false, ""
			if res.err == nil && !res.res.Published.IsZero() {
				exact, source = res.res.Published.Format("2006-01-02") == d, res.res.DateSource
			}
			if exact {
				dateOK++
			}
			rep.DateSources.add(source, exact)
		}
		body.add(truth[pages[i].id].ArticleBody, pred)
	}
	rep.Precision, rep.Recall, rep.F1 = body.result()
	rep.DateFound = ratio(dateOK, rep.DateFoundN)
	return rep, nil
}

// readAEBTruth reads an aeb-dev directory's ground truth, by page id.
func readAEBTruth(dir string) (map[string]aebTruth, error) {
	return readJSON[map[string]aebTruth](os.DirFS(dir), "ground-truth.json")
}

// readJSON decodes the JSON file name of fsys.
func readJSON[T any](fsys fs.FS, name string) (T, error) {
	var v T
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return v, fmt.Errorf("eval: read the truth: %w", err)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("eval: decode %s: %w", name, err)
	}
	return v, nil
}

// readGzip returns the gunzipped content of the file name in fsys.
func readGzip(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("eval: gunzip %s: %w", name, err)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, fmt.Errorf("eval: gunzip %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
