package api

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
	"github.com/newshound/newshound/store/export"
)

// TestExportFailurePartWay: an export that fails part way (a record that
// does not decode, the 30th of 40) ends its body with the error record
// and names the failure in the trailer, in every format.
func TestExportFailurePartWay(t *testing.T) {
	st := testkit.OpenStore(t, testkit.DamagedDB(t, 40, 30, t0), store.Options{})
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
