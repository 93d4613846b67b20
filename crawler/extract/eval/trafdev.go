package eval

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newshound/newshound/crawler/extract"
)

// TrafReport holds the figures on trafilatura's evaluation pages.
type TrafReport struct {
	Pages    int // pages evaluated
	Failures int // pages where Extract returned an error (scored as empty)
	// Snippet counts summed over pages: a "with" snippet found is a true positive,
	// missing a false negative; a "without" snippet found is a false positive,
	// absent a true negative.
	TP, FN, FP, TN        int
	Precision, Recall, F1 float64
	// Exact-match accuracy of title, author and date over the pages whose ground
	// truth has the field (an empty truth must be matched by an empty prediction);
	// the N fields count those pages.
	TitleExact, AuthorExact, DateExact float64
	TitleN, AuthorN, DateN             int
	// DateFound is the exact-match accuracy of the date over the DateFoundN pages
	// whose ground truth has a non-empty date.
	DateFound  float64
	DateFoundN int
	// LabelDateFound is the same accuracy over the LabelDateFoundN pages the
	// ground truth leaves undated and trafdates.json labels with a date.
	LabelDateFound  float64
	LabelDateFoundN int
	// DateSources tallies, over the pages of both date figures, where each date
	// was read.
	DateSources DateSources
	Timing
}

// trafDates are the publication dates of the trafilatura-dev pages whose ground
// truth has no date or an empty one, labelled for newshound as aebDates are,
// without running any extractor: "" where the page shows no publication date for
// its main content. Note says where the labeller found the date.
//
//go:embed trafdates.json
var trafDatesJSON []byte

type trafDate struct {
	Date       string `json:"date"`
	Source     string `json:"source"`
	Confidence string `json:"confidence"`
	Note       string `json:"note"`
}

type trafTruth struct {
	File    string   `json:"file"`
	With    []string `json:"with"`
	Without []string `json:"without"`
	Title   *string  `json:"title"`
	Author  *names   `json:"author"`
	Date    *string  `json:"date"`
}

// names is an author field: one string, or a list joined with "; ".
type names string

// UnmarshalJSON accepts a JSON string or a list of strings.
func (n *names) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*n = names(strings.Join(list, "; "))
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("eval: author is neither a string nor a list of strings: %w", err)
	}
	*n = names(s)
	return nil
}

// runTraf evaluates ex on dir (a trafilatura-dev directory: evaldata.json and html/).
// Only the pages of split are read.
func runTraf(ctx context.Context, ex *extract.Extractor, dir string, split Split) (*TrafReport, error) {
	truth, err := readTrafTruth(dir)
	if err != nil {
		return nil, err
	}
	var labels map[string]trafDate
	if err := json.Unmarshal(trafDatesJSON, &labels); err != nil {
		return nil, fmt.Errorf("eval: decode the trafilatura-dev date labels: %w", err)
	}
	keys := make([]string, 0, len(truth))
	for k := range truth {
		if split.Includes(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	pages := make([]page, 0, len(keys))
	for _, k := range keys {
		body, err := os.ReadFile(filepath.Join(dir, "html", truth[k].File))
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		var u *url.URL
		if strings.HasPrefix(k, "http") {
			u, _ = url.Parse(k)
		}
		// No Content-Type: these pages come without their headers, so decoding
		// relies on <meta> declarations and detection.
		pages = append(pages, page{id: k, body: body, url: u})
	}
	results, timing, err := extractAll(ctx, ex, pages)
	if err != nil {
		return nil, err
	}
	rep := &TrafReport{Pages: len(pages), Timing: timing, DateSources: DateSources{}}
	var snippets snippetScore
	var titleOK, authorOK, dateOK, foundOK, labelOK int
	for i, o := range results {
		t := truth[pages[i].id]
		res := o.res
		if o.err != nil {
			rep.Failures++
		}
		if res == nil || o.err != nil {
			res = &extract.Result{}
		}
		snippets.add(t.With, t.Without, res.Text)
		if t.Title != nil {
			rep.TitleN++
			if collapse(res.Title) == collapse(*t.Title) {
				titleOK++
			}
		}
		if t.Author != nil {
			rep.AuthorN++
			if collapse(strings.Join(res.Authors, "; ")) == collapse(string(*t.Author)) {
				authorOK++
			}
		}
		got := "" // the published day
		if !res.Published.IsZero() {
			got = res.Published.Format("2006-01-02")
		}
		if t.Date != nil {
			rep.DateN++
			if got == *t.Date {
				dateOK++
			}
			if *t.Date != "" {
				rep.DateFoundN++
				if got == *t.Date {
					foundOK++
				}
				rep.DateSources.add(res.DateSource, got == *t.Date)
			}
		}
		if l := labels[pages[i].id].Date; l != "" {
			rep.LabelDateFoundN++
			if got == l {
				labelOK++
			}
			rep.DateSources.add(res.DateSource, got == l)
		}
	}
	rep.TP, rep.FN, rep.FP, rep.TN = snippets.tp, snippets.fn, snippets.fp, snippets.tn
	rep.Precision, rep.Recall, rep.F1 = snippets.result()
	rep.TitleExact = ratio(titleOK, rep.TitleN)
	rep.AuthorExact = ratio(authorOK, rep.AuthorN)
	rep.DateExact = ratio(dateOK, rep.DateN)
	rep.DateFound = ratio(foundOK, rep.DateFoundN)
	rep.LabelDateFound = ratio(labelOK, rep.LabelDateFoundN)
	return rep, nil
}

// readTrafTruth reads a trafilatura-dev directory's ground truth, by page key.
func readTrafTruth(dir string) (map[string]trafTruth, error) {
	return readJSON[map[string]trafTruth](os.DirFS(dir), "evaldata.json")
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
