package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	loopback := (&Guard{Addrs: []string{"127.0.0.1:8474"}}).Wrap(ok)
	public := (&Guard{Addrs: []string{"127.0.0.1:8474"}, PublicURL: "https://news.example.org"}).Wrap(ok)
	anyIP := (&Guard{Addrs: []string{"0.0.0.0:8474", "0.0.0.0:8474"}}).Wrap(ok)
	jsonType := map[string]string{"Content-Type": "application/json"}
	tests := []struct {
		name         string
		h            http.Handler
		method, path string
		host         string
		body         string
		hdr          map[string]string
		want         int
	}{
		{"bound address", loopback, "GET", "/api/v1/backup", "127.0.0.1:8474", "", nil, 200},
		{"localhost", loopback, "GET", "/api/v1/backup", "localhost:8474", "", nil, 200},
		{"localhost in capitals", loopback, "GET", "/", "LocalHost:8474", "", nil, 200},
		{"::1", loopback, "GET", "/", "[::1]:8474", "", nil, 200},
		{"another name", loopback, "GET", "/api/v1/backup", "attacker.example:8474", "", nil, 421},
		{"another name, no port", loopback, "GET", "/", "attacker.example", "", nil, 421},
		{"localhost without the port", loopback, "GET", "/", "localhost", "", nil, 421},
		{"another port", loopback, "GET", "/", "127.0.0.1:8475", "", nil, 421},
		{"a subdomain of localhost", loopback, "GET", "/", "evil.localhost:8474", "", nil, 421},
		{"no host", loopback, "GET", "/", "", "", nil, 421},
		{"health from anywhere", loopback, "GET", "/healthz", "attacker.example", "", nil, 200},
		{"health post is not health", loopback, "POST", "/healthz", "attacker.example", "", nil, 421},
		{"public host", public, "GET", "/feeds/flagged.atom", "news.example.org", "", nil, 200},
		{"public host and its port", public, "GET", "/", "news.example.org:443", "", nil, 200},
		{"public host, other port", public, "GET", "/", "news.example.org:8443", "", nil, 421},
		{"any interface, an IP", anyIP, "GET", "/", "192.168.1.5:8474", "", nil, 200},
		{"any interface, IPv6", anyIP, "GET", "/", "[fe80::1]:8474", "", nil, 200},
		{"any interface, a name", anyIP, "GET", "/", "box.lan:8474", "", nil, 421},
		{"any interface, an IP, other port", anyIP, "GET", "/", "192.168.1.5:80", "", nil, 421},

		{"JSON post", loopback, "POST", "/api/v1/feeds", "127.0.0.1:8474", "{}", jsonType, 200},
		{"JSON with charset", loopback, "POST", "/api/v1/feeds", "127.0.0.1:8474", "{}", map[string]string{"Content-Type": "application/json; charset=utf-8"}, 200},
		{"text/plain post", loopback, "POST", "/api/v1/feeds/import", "127.0.0.1:8474", "{}", map[string]string{"Content-Type": "text/plain"}, 415},
		{"form post to the API", loopback, "POST", "/-/reload", "127.0.0.1:8474", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415},
		{"a body without a type", loopback, "PUT", "/api/v1/stories/x/labels/r", "127.0.0.1:8474", "{}", nil, 415},
		{"JSON look-alike type", loopback, "POST", "/api/v1/feeds", "127.0.0.1:8474", "{}", map[string]string{"Content-Type": "application/jsonx"}, 415},
		{"no body, no type", loopback, "DELETE", "/api/v1/feeds?url=x", "127.0.0.1:8474", "", nil, 200},
		{"same origin", loopback, "POST", "/api/v1/feeds", "127.0.0.1:8474", "{}", map[string]string{"Content-Type": "application/json", "Origin": "http://127.0.0.1:8474"}, 200},
		{"another origin", loopback, "POST", "/api/v1/feeds", "127.0.0.1:8474", "{}", map[string]string{"Content-Type": "application/json", "Origin": "https://evil.example"}, 403},
		{"origin null", loopback, "DELETE", "/api/v1/feeds?url=x", "127.0.0.1:8474", "", map[string]string{"Origin": "null"}, 403},
		{"cross-site", loopback, "POST", "/-/reload", "127.0.0.1:8474", "", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same-site", loopback, "POST", "/-/reload", "127.0.0.1:8474", "", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"same-origin fetch", loopback, "POST", "/-/reload", "127.0.0.1:8474", "", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"the public origin", public, "POST", "/api/v1/feeds", "127.0.0.1:8474", "{}", map[string]string{"Content-Type": "application/json", "Origin": "https://news.example.org"}, 200},
		{"a page's form", loopback, "POST", "/login", "127.0.0.1:8474", "token=x", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://127.0.0.1:8474"}, 200},
		{"a form from elsewhere", loopback, "POST", "/login", "127.0.0.1:8474", "token=x", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"}, 403},
		{"a GET from elsewhere", loopback, "GET", "/api/v1/stories", "127.0.0.1:8474", "", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200},

		{"a long query", loopback, "GET", "/api/v1/stories?q=" + strings.Repeat("a", MaxURLBytes), "127.0.0.1:8474", "", nil, 414},
		{"a long path", loopback, "GET", "/stories/" + strings.Repeat("a", MaxURLBytes), "127.0.0.1:8474", "", nil, 414},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			if tt.body == "" {
				r.Body, r.ContentLength = http.NoBody, 0
			}
			r.Host = tt.host
			for k, v := range tt.hdr {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			tt.h.ServeHTTP(w, r)
			if w.Code != tt.want {
				t.Errorf("%s %.60s Host %q %v = %d %q, want %d", tt.method, tt.path, tt.host, tt.hdr, w.Code, w.Body.String(), tt.want)
			}
			if w.Code != 200 {
				var e struct{ Error string }
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" || w.Header().Get("Content-Type") != "application/json" {
					t.Errorf("refusal body %q (%s), want a JSON error", w.Body.String(), w.Header().Get("Content-Type"))
				}
			}
		})
	}
}
