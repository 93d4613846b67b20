// Package export writes stored stories out as JSON or CSV, streaming in constant
// memory. It is the one writer behind both `newshound export` and the
// daemon's /api/v1/export, so both give byte-identical output.
package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/newshound/newshound/store"
)

// Formats Write accepts.
const (
	// JSON is one JSON array of stories.
	JSON = "json"
	// JSONL is one JSON object per line.
	JSONL = "jsonl"
	// CSV is a header row and one row per story; see CSVColumns.
	CSV = "csv"
)

// Source is where stories come from; *store.Store implements it.
type Source interface {
	Articles(ctx context.Context, q store.Query, fn func(*store.Article) error) error
	Cluster(ctx context.Context, cluster string) ([]*store.Article, error)
	Labels(ctx context.Context, rule string, fn func(store.Label) error) error
}

// CheckFormat reports whether format is one Write accepts.
func CheckFormat(format string) error {
	if format != JSON && format != JSONL && format != CSV {
		return fmt.Errorf("export: unknown format %q (use json, jsonl or csv)", format)
	}
	return nil
}

// Write streams the stories matching q, newest first, to w in format,
// one entry per story cluster (see WriteWith). It returns the number
// written.
func Write(ctx context.Context, w io.Writer, src Source, q store.Query, format string) (int, error) {
	return WriteWith(ctx, w, src, q, Options{Format: format})
}

// Options are the choices of WriteWith. The zero value writes JSON, one
// entry per cluster.
type Options struct {
	// Format is JSON or JSONL; "" means JSON.
	Format string
	// NoCluster writes one entry per article instead of one per story
	// cluster (`newshound export --no-cluster`, the API's cluster=false).
	NoCluster bool
}

// ErrorRecord is the last record of an export cut short by a failure of
// its source (a damaged record, a read error), written after the entries
// before the failure, so that whoever reads the output learns that it is
// incomplete and why:
//
//	jsonl  a last line {"error": "..."}; entries never have an "error" key
//	json   a last array element {"error": "..."} and no closing bracket,
//	       so that no JSON reader takes the document for a whole one
//	csv    a last row of one cell, CSVErrorPrefix and the message; its
//	       wrong number of cells makes strict CSV readers fail
//
// The daemon's /api/v1/export also names the failure in the HTTP
// trailer Newshound-Export-Error.
type ErrorRecord struct {
	// Error is the failure, one line.
	Error string `json:"error"`
}

// CSVErrorPrefix starts the one cell of the CSV error row.
const CSVErrorPrefix = "error: "

// writeFailure ends an output of n entries in format with err's record
// and flushes it; a failing writer makes it a no-op.
func writeFailure(bw *bufio.Writer, format string, n int, err error) {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	switch format {
	case CSV:
		cw := csv.NewWriter(bw)
		cw.Write([]string{CSVErrorPrefix + msg})
		cw.Flush()
	default:
		rec, _ := json.Marshal(ErrorRecord{Error: msg})
		if format == JSON {
			if n > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
		}
		bw.Write(rec)
		bw.WriteString("\n")
	}
	bw.Flush()
}

// WriteWith streams the stories matching q, newest first, to w, and
// returns the number of entries written. Each entry is an Entry: by
// default one per story cluster, for the cluster's newest article q
// selects, listing every stored member of the cluster in Sources (oldest
// first, at most store.MaxClusterMembers) whether q selects it or not;
// with o.NoCluster one per article, its Sources holding only itself.
// Each entry and source carries its article's labels. The labels are read
// once, before the stories, and kept in memory (about 100 bytes each), as
// is the set of clusters written, about 50 bytes each. When the source
// fails after the output has begun, the output ends with an ErrorRecord
// and WriteWith returns the error.
func WriteWith(ctx context.Context, w io.Writer, src Source, q store.Query, o Options) (int, error) {
	return WriteQuery(ctx, w, src, Query{Store: q}, o)
}

// WriteQuery is WriteWith for the stories of q.Store that q keeps (see
// Query): a cluster's entry is that of its newest article q keeps.
func WriteQuery(ctx context.Context, w io.Writer, src Source, eq Query, o Options) (int, error) {
	q := eq.Store
	if eq.Stories != nil || !eq.Since.IsZero() || !eq.Until.IsZero() {
		src = selecting{Source: src, q: eq}
	}
	format := o.Format
	if format == "" {
		format = JSON
	}
	if err := CheckFormat(format); err != nil {
		return 0, err
	}
	labels, err := loadLabels(ctx, src)
	if err != nil {
		return 0, err
	}
	if format == CSV {
		return writeCSV(ctx, w, src, q, labels)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	n := 0
	if format == JSON {
		bw.WriteString("[")
	}
	seen := map[string]bool{}
	err = src.Articles(ctx, q, func(a *store.Article) error {
		if a.Flags == nil {
			a.Flags = []store.Flag{}
		}
		e, err := entryOf(ctx, src, a, o.NoCluster, seen, labels)
		if err != nil || e == nil {
			return err
		}
		buf.Reset()
		if err := enc.Encode(e); err != nil {
			return err
		}
		if format == JSON {
			if n > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
			buf.Truncate(buf.Len() - 1) // Encode's newline
		}
		n++
		_, err = bw.Write(buf.Bytes())
		return err
	})
	if err != nil {
		err = fmt.Errorf("export: %w", err)
		writeFailure(bw, format, n, err)
		return n, err
	}
	if format == JSON {
		if n > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("]\n")
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: write: %w", err)
	}
	return n, nil
}
