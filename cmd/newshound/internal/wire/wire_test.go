package wire

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/newshound/newshound/cmd/newshound/internal/buildinfo"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
	"github.com/newshound/newshound/crawler"
)

func TestUserAgent(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"default contact", "fetch:\n  allow_private_networks: true\n", "newshound/" + buildinfo.Version + " (+" + config.DefaultContact + ")"},
		{"own contact", "fetch:\n  contact: https://example.org/contact\n  allow_private_networks: true\n", "newshound/" + buildinfo.Version + " (+https://example.org/contact)"},
		{"user_agent overrides", "fetch:\n  user_agent: mybot/1\n  contact: https://example.org/contact\n  allow_private_networks: true\n", "mybot/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse([]byte(tt.yaml), "/tmp/config.yaml")
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var got []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				got = append(got, r.URL.Path+" "+r.UserAgent())
				mu.Unlock()
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				w.Write([]byte("<html><body><p>hello</p></body></html>"))
			}))
			defer srv.Close()
			opts := CrawlerOptions(cfg, slog.New(slog.DiscardHandler))
			c, err := crawler.New(t.Context(), opts, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.FetchPage(t.Context(), srv.URL+"/page"); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 2 {
				t.Fatalf("server got %q, want robots.txt then the page", got)
			}
			for _, g := range got {
				if g != "/robots.txt "+tt.want && g != "/page "+tt.want {
					t.Errorf("request %q, want user agent %q", g, tt.want)
				}
			}
		})
	}
}
