package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newshound/newshound/store"
)

// CSVColumns are the columns of the CSV format, in order, as its header
// row names them:
//
//	id, url, title, author   as in the JSON export
//	published, fetched       RFC 3339 (published empty when unknown)
//	feed_url, feed_title     the feed the story was first read from
//	sources                  every feed URL the story was seen in, space-separated
//	rules                    names of the rules that flagged it, ";"-separated
//	tags                     the flags' tags, ";"-separated, each once
//	score                    the highest flag score; empty when not flagged
//	terms                    the matched terms, ";"-separated, each once
//	snippet                  the words around the first match
//	summary, lang, fetch_error  as in the JSON export
//	labels                   people's judgements by rule, ";"-separated, as
//	                         rule=relevant or rule=irrelevant, in rule order
//
// The extracted text is left out (use json or jsonl for it). A cell that
// starts with =, +, -, @, tab or carriage return gets a leading ' so that
// a spreadsheet shows it as text rather than running it as a formula.
var CSVColumns = []string{
	"id", "url", "title", "author", "published", "fetched", "feed_url", "feed_title",
	"sources", "rules", "tags", "score", "terms", "snippet", "summary", "lang", "fetch_error", "labels",
}

// writeCSV streams the stories q selects as CSV (RFC 4180, CRLF-free:
// lines end in \n) and returns the number of rows written.
func writeCSV(ctx context.Context, w io.Writer, src Source, q store.Query, labels labelSet) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(CSVColumns); err != nil {
		return 0, fmt.Errorf("export: write: %w", err)
	}
	n := 0
	err := src.Articles(ctx, q, func(a *store.Article) error {
		n++
		return cw.Write(csvRow(a, labels[a.ID]))
	})
	if err != nil {
		err = fmt.Errorf("export: %w", err)
		cw.Flush()
		writeFailure(bw, CSV, n, err)
		return n, err
	}
	if cw.Flush(); cw.Error() != nil {
		return n, fmt.Errorf("export: write: %w", cw.Error())
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: write: %w", err)
	}
	return n, nil
}

// csvRow is the row of a with its labels, in the order of CSVColumns.
func csvRow(a *store.Article, labels []Label) []string {
	var published, score, snippet string
	if a.Published != nil {
		published = a.Published.UTC().Format(time.RFC3339)
	}
	var sources, rules, tags, terms []string
	for _, s := range a.Sources {
		sources = append(sources, s.URL)
	}
	if len(sources) == 0 && a.Feed.URL != "" {
		sources = []string{a.Feed.URL}
	}
	best := 0.0
	for i, f := range a.Flags {
		rules = addOnce(rules, f.Rule)
		for _, t := range f.Tags {
			tags = addOnce(tags, t)
		}
		for _, m := range f.Matches {
			terms = addOnce(terms, m.Term)
			if snippet == "" {
				snippet = m.Snippet
			}
		}
		if i == 0 || f.Score > best {
			best = f.Score
		}
	}
	if len(a.Flags) > 0 {
		score = strconv.FormatFloat(best, 'g', -1, 64)
	}
	row := []string{
		a.ID, a.URL, a.Title, a.Author, published, a.Fetched.UTC().Format(time.RFC3339), a.Feed.URL, a.Feed.Title,
		strings.Join(sources, " "), strings.Join(rules, ";"), strings.Join(tags, ";"), score,
		strings.Join(terms, ";"), snippet, a.Summary, a.Lang, a.FetchError, labelCell(labels),
	}
	for i, c := range row {
		row[i] = defuse(c)
	}
	return row
}

// labelCell is the labels column: "rule=relevant;other=irrelevant".
func labelCell(labels []Label) string {
	cells := make([]string, len(labels))
	for i, l := range labels {
		cells[i] = l.Rule + "=irrelevant"
		if l.Relevant {
			cells[i] = l.Rule + "=relevant"
		}
	}
	return strings.Join(cells, ";")
}

func addOnce(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// defuse prefixes a cell a spreadsheet would read as a formula with '.
func defuse(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
