package export

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/newshound/newshound/store"
)

// storedTimes matches the Stored times of flags, which vary by run.
var storedTimes = regexp.MustCompile(`"stored":"[^"]*"`)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// labeledStore is testStore with labels: the wire story judged for two
// rules, its unflagged copy for one, the other story not at all.
func labeledStore(t *testing.T) *store.Store {
	t.Helper()
	st := testStore(t)
	at := time.Date(2025, 3, 4, 8, 30, 0, 0, time.UTC)
	for _, l := range []struct {
		url, rule string
		relevant  bool
	}{
		{"https://wire.example/story", "r", true},
		{"https://wire.example/story", "other", false},
		{"https://b.example/copy", "r", false},
	} {
		if err := st.PutLabel(context.Background(), store.Label{ArticleID: store.ArticleID(l.url), Rule: l.rule, Relevant: l.relevant, Labeled: at}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// TestWriteLabelsGolden pins the labels of each format against
// testdata/labels.FORMAT (go test -run TestWriteLabelsGolden -update
// rewrites them): "labels" on entries and sources, absent when none; the
// CSV's last column.
func TestWriteLabelsGolden(t *testing.T) {
	st := labeledStore(t)
	tests := []struct {
		name string
		q    store.Query
		o    Options
	}{
		{"json", store.Query{FlaggedOnly: true}, Options{Format: JSON}},
		{"jsonl", store.Query{}, Options{Format: JSONL, NoCluster: true}},
		{"csv", store.Query{}, Options{Format: CSV}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := WriteWith(context.Background(), &buf, st, tt.q, tt.o); err != nil {
				t.Fatalf("WriteWith(%+v) = %v", tt.o, err)
			}
			got := storedTimes.ReplaceAll(buf.Bytes(), []byte(`"stored":"STORED"`)) // the time the test stored the flag
			path := filepath.Join("testdata", "labels."+tt.name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file: %v (run with -update to write it)", err)
			}
			if got := string(got); got != string(want) {
				t.Errorf("WriteWith(%+v) =\n%s\nwant (%s)\n%s", tt.o, got, path, want)
			}
		})
	}
}
