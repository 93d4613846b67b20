package eval

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// checkDateLabel reports page id's label unless its date is empty or a
// YYYY-MM-DD calendar date and its source one of sources.
func checkDateLabel(t *testing.T, id, date, source string, sources ...string) {
	t.Helper()
	if date != "" {
		if _, err := time.Parse("2006-01-02", date); err != nil {
			t.Errorf("%s: date %q is not YYYY-MM-DD", id, date)
		}
	}
	if !slices.Contains(sources, source) {
		t.Errorf("%s: source %q, want one of %q", id, source, sources)
	}
}

// TestAEBDateLabels checks that aebdates.json labels every aeb-dev page with a
// calendar date or an empty one, and nothing else.
func TestAEBDateLabels(t *testing.T) {
	var dates map[string]aebDate
	if err := json.Unmarshal(aebDatesJSON, &dates); err != nil {
		t.Fatalf("decode aebdates.json: %v", err)
	}
	for id, d := range dates {
		checkDateLabel(t, id, d.Date, d.Source, "visible", "metadata", "url", "none")
	}
	dir, err := findData(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "aeb-dev", "ground-truth.json"))
	if err != nil {
		t.Fatalf("read the aeb-dev ground truth: %v", err)
	}
	var truth map[string]aebTruth
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatalf("decode the aeb-dev ground truth: %v", err)
	}
	for id := range truth {
		if _, ok := dates[id]; !ok {
			t.Errorf("aeb-dev page %s has no date label", id)
		}
	}
	if len(dates) != len(truth) {
		t.Errorf("%d date labels for %d aeb-dev pages", len(dates), len(truth))
	}
}

// TestTrafDateLabels checks that trafdates.json labels exactly the
// trafilatura-dev pages whose ground truth has no date or an empty one, each with
// a calendar date or an empty one.
func TestTrafDateLabels(t *testing.T) {
	var labels map[string]trafDate
	if err := json.Unmarshal(trafDatesJSON, &labels); err != nil {
		t.Fatalf("decode trafdates.json: %v", err)
	}
	for id, l := range labels {
		checkDateLabel(t, id, l.Date, l.Source, "visible", "metadata", "both", "url", "none")
		if (l.Date == "") != (l.Source == "none") {
			t.Errorf("%s: date %q with source %q", id, l.Date, l.Source)
		}
	}
	dir, err := findData(dataDir(t))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "trafilatura-dev", "evaldata.json"))
	if err != nil {
		t.Fatalf("read the trafilatura-dev ground truth: %v", err)
	}
	var truth map[string]trafTruth
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatalf("decode the trafilatura-dev ground truth: %v", err)
	}
	undated := 0
	for id, tt := range truth {
		_, labelled := labels[id]
		noDate := tt.Date == nil || *tt.Date == ""
		if noDate != labelled {
			t.Errorf("page %s: truth has no date %v, labelled %v", id, noDate, labelled)
		}
		if noDate {
			undated++
		}
	}
	if len(labels) != undated {
		t.Errorf("%d date labels for %d undated trafilatura-dev pages", len(labels), undated)
	}
}
