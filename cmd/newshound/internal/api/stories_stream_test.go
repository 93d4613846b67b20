package api

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

// TestStoriesStreamed: a page is streamed without texts and parses whole
// with its cursor; a page cut short by a record that does not decode
// (the 30th of 40) aborts the connection instead of ending as if whole.
func TestStoriesStreamed(t *testing.T) {
	st := testkit.OpenStore(t, testkit.DamagedDB(t, 40, 30, t0), store.Options{})
	srv := (&fixture{st: st}).serve(t, "")

	status, body, hdr := fetch(t, "GET", srv.URL+"/api/v1/stories?all=true&limit=20", nil)
	var page storiesJSON
	if err := json.Unmarshal([]byte(body), &page); err != nil || status != http.StatusOK {
		t.Fatalf("a page of 20 = %d, %v:\n%s", status, err, body)
	}
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if len(page.Stories) != 20 || page.Next == "" {
		t.Errorf("a page of 20 has %d stories and next %q, want 20 and a cursor", len(page.Stories), page.Next)
	}
	for _, s := range page.Stories {
		if s.Text != "" || s.Title == "" {
			t.Errorf("story %s in a page: title %q, text %q; want its title and no text", s.ID, s.Title, s.Text)
		}
	}

	resp, err := http.Get(srv.URL + "/api/v1/stories?all=true&limit=1000")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Errorf("a page cut short by a damaged record read whole (%d bytes, status %s), want a broken transfer", len(b), resp.Status)
	}
}
