package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// TestWriteFailureRecord: when the store fails mid-export (a record that
// does not decode, the 30th of 40), WriteWith returns the error, every
// entry before the damaged record is written whole, and the output ends
// with a record saying why that no reader takes for a complete export.
func TestWriteFailureRecord(t *testing.T) {
	st := testkit.OpenStore(t, testkit.DamagedDB(t, 40, 30, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)), store.Options{})
	for _, format := range []string{JSON, JSONL, CSV} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := WriteWith(context.Background(), &buf, st, store.Query{}, Options{Format: format})
			if err == nil || !strings.Contains(err.Error(), "decode article") {
				t.Fatalf("WriteWith = %d, %v; want the decode error", n, err)
			}
			if n != 29 {
				t.Errorf("WriteWith wrote %d entries, want the 29 before the damaged one", n)
			}
			out := buf.String()
			switch format {
			case JSON:
				var v any
				if json.Unmarshal(buf.Bytes(), &v) == nil {
					t.Fatalf("the JSON of a failed export parses as a whole document:\n...%s", tail(out))
				}
				last := strings.TrimPrefix(lastLine(out), ",")
				checkRecord(t, last, err)
				if got := strings.Count(out, "\n{\"id\""); got != 29 {
					t.Errorf("%d entries before the error record, want 29", got)
				}
			case JSONL:
				lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				for i, l := range lines[:len(lines)-1] {
					var e entry
					if err := json.Unmarshal([]byte(l), &e); err != nil || e.URL == "" {
						t.Fatalf("line %d = %q, %v; want a whole entry", i+1, l, err)
					}
				}
				if len(lines) != 30 {
					t.Errorf("%d lines, want 29 entries and the error record", len(lines))
				}
				checkRecord(t, lines[len(lines)-1], err)
			case CSV:
				if _, perr := csv.NewReader(strings.NewReader(out)).ReadAll(); perr == nil {
					t.Errorf("the CSV of a failed export reads whole:\n...%s", tail(out))
				}
				r := csv.NewReader(strings.NewReader(out))
				r.FieldsPerRecord = -1
				rows, perr := r.ReadAll()
				if perr != nil {
					t.Fatal(perr)
				}
				if len(rows) != 31 {
					t.Errorf("%d rows, want the header, 29 stories and the error row", len(rows))
				}
				if len(rows) == 0 {
					t.Fatal("no CSV rows")
				}
				if last := rows[len(rows)-1]; len(last) != 1 || last[0] != CSVErrorPrefix+err.Error() {
					t.Errorf("last row = %q, want [%q]", last, CSVErrorPrefix+err.Error())
				}
			}
		})
	}
}

func checkRecord(t *testing.T, line string, err error) {
	t.Helper()
	var rec map[string]string
	if jerr := json.Unmarshal([]byte(line), &rec); jerr != nil || len(rec) != 1 || rec["error"] != err.Error() {
		t.Errorf("last record = %s (%v), want {\"error\": %q}", line, jerr, err.Error())
	}
}

func lastLine(s string) string {
	s = strings.TrimSuffix(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}

func tail(s string) string { return s[max(0, len(s)-300):] }
