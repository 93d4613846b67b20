package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/testkit"
	"github.com/newshound/newshound/store"
)

func TestHandler(t *testing.T) {
	st := testkit.Store(t)
	if err := st.PutArticle(t.Context(), &store.Article{URL: "https://example.org/a", Title: "A", Flags: []store.Flag{{Rule: "r", Score: 1}}}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer((&Server{Store: st, Token: "s3cret"}).Handler())
	defer srv.Close()
	tests := []struct {
		name, path, auth string
		status           int
		want             string
	}{
		{"health needs no token", "/healthz", "", 200, `"ok"`},
		{"export needs the token", "/api/v1/export", "", 401, "bearer token"},
		{"wrong token", "/api/v1/export", "Bearer nope", 401, "bearer token"},
		{"export", "/api/v1/export", "Bearer s3cret", 200, `"title":"A"`},
		{"jsonl", "/api/v1/export?format=jsonl&rule=r", "Bearer s3cret", 200, `"rule":"r"`},
		{"csv", "/api/v1/export?format=csv", "Bearer s3cret", 200, "id,url,title,"},
		{"bad format", "/api/v1/export?format=xml", "Bearer s3cret", 400, "unknown format"},
		{"bad since", "/api/v1/export?since=soon", "Bearer s3cret", 400, "neither a duration"},
		{"unknown path", "/nope", "", 404, "no such endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("GET %s = %d %q, want %d containing %q", tt.path, resp.StatusCode, body, tt.status, tt.want)
			}
			if resp.StatusCode >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Errorf("error response is %q, want JSON", resp.Header.Get("Content-Type"))
			}
		})
	}
}
