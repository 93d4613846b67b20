package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
	bolt "go.etcd.io/bbolt"
)

// damagedDB stores n articles, one a minute, at a new path, overwrites
// the record of the damaged-th newest with bytes that do not decode, and
// returns the path.
func damagedDB(t testing.TB, n, damaged int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "damaged.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var bad string
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		a := &store.Article{URL: fmt.Sprintf("https://news.example/%d", i), Title: "Story", Published: &at, Fetched: at, Text: "Some text."}
		if err := st.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if i == n-damaged {
			bad = a.ID
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("articles")).Put([]byte(bad), []byte("{\"url\": \"\x00\xff"))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExportFailurePartWay: an export that fails part way (a record that
// does not decode, the 30th of 40) ends its body with the error record
// and names the failure in the trailer, in every format.
func TestExportFailurePartWay(t *testing.T) {
	st, err := store.Open(t.Context(), damagedDB(t, 40, 30), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st}
	srv := f.serve(t, "")
	for _, format := range []string{export.JSON, export.JSONL, export.CSV} {
		t.Run(format, func(t *testing.T) {
			resp, err := http.Get(srv.URL + "/api/v1/export?all=true&format=" + format)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("reading the body: %v", err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %s, want 200 (the export began)", resp.Status)
			}
			msg := resp.Trailer.Get(ExportErrorTrailer)
			if !strings.Contains(msg, "decode article") {
				t.Errorf("trailer %s = %q, want the decode error", ExportErrorTrailer, msg)
			}
			last := strings.TrimSpace(string(body))
			last = last[strings.LastIndexByte(last, '\n')+1:]
			if !strings.Contains(last, "error") || !strings.Contains(last, "decode article") {
				t.Errorf("the body ends %q, want the error record", last)
			}
		})
	}
}
