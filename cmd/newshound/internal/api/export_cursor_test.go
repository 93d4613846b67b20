package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/alertpolicy"
	"github.com/newshound/newshound/internal/testkit"

	"github.com/newshound/newshound/store"
)

// getExport GETs /api/v1/export?query and returns the answer and the ids
// of its JSON Lines entries.
func getExport(t *testing.T, base, query string) (*http.Response, []string) {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/export?format=jsonl&" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	if resp.StatusCode == http.StatusOK {
		for _, line := range strings.Fields(string(body)) {
			var e struct{ ID string }
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			ids = append(ids, e.ID)
		}
	} else {
		resp.Header.Set("X-Test-Body", string(body))
	}
	return resp, ids
}

// TestExportSinceAndCursor: since is the flag time, published_since the
// publication time; after and the cursor headers give each flagged story
// once; an unknown rule is a 400 naming the known ones.
func TestExportSinceAndCursor(t *testing.T) {
	ctx := t.Context()
	st := testkit.Store(t)
	st.SetAlertPolicy(alertpolicy.New(nil)) // the flag log follows newshound's policy
	f := &fixture{st: st}
	srv := f.serve(t, "")
	old := time.Now().AddDate(0, -1, 0).UTC()
	putOld := func(url string) string {
		a := &store.Article{URL: url, Published: &old, Fetched: old, Flags: []store.Flag{flag("r", old)}}
		if err := st.PutArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	first := putOld("https://a.example/1")

	if _, ids := getExport(t, srv.URL, "since=1h"); len(ids) != 1 || ids[0] != first {
		t.Errorf("since=1h = %v, want the story flagged just now", ids)
	}
	if _, ids := getExport(t, srv.URL, "published_since=1h"); len(ids) != 0 {
		t.Errorf("published_since=1h = %v, want nothing published in the hour", ids)
	}
	resp, ids := getExport(t, srv.URL, "after=0")
	if len(ids) != 1 || resp.Header.Get(ExportCatchupHeader) != "first run" {
		t.Fatalf("after=0 = %v, catch-up %q; want the story, a first run", ids, resp.Header.Get(ExportCatchupHeader))
	}
	r, err := ResumedOf(resp.Header, "")
	if err != nil {
		t.Fatal(err)
	}
	second := putOld("https://a.example/2")
	next := "after=" + resp.Header.Get(ExportCursorHeader) + "&after_at=" + resp.Header.Get(ExportCursorAtHeader)
	resp, ids = getExport(t, srv.URL, strings.ReplaceAll(next, "+", "%2B"))
	if len(ids) != 1 || ids[0] != second || resp.Header.Get(ExportCatchupHeader) != "" {
		t.Errorf("after the first cursor %+v = %v, want only the second story", r.Next, ids)
	}
	resp, _ = getExport(t, srv.URL, "rule=nosuch")
	if body := resp.Header.Get("X-Test-Body"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `unknown rule \"nosuch\" (the known rules are r)`) {
		t.Errorf("rule=nosuch = %s %s, want a 400 naming the known rules", resp.Status, body)
	}
	resp, _ = getExport(t, srv.URL, "after=99&after_at=2026-01-02T00:00:00Z")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a cursor past the flag log = %s, want 400", resp.Status)
	}
	resp, _ = getExport(t, srv.URL, "after=x")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("after=x = %s, want 400", resp.Status)
	}
	// The daemon still answers and stores.
	if err := st.PutArticle(ctx, &store.Article{URL: "https://a.example/3"}); err != nil {
		t.Errorf("a write after the bad requests: %v", err)
	}
}
