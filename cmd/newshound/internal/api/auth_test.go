package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPageAuth(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "s3cret")
	cookie := sessionCookie + "=" + (&Server{Token: "s3cret"}).session()
	otherCookie := sessionCookie + "=" + (&Server{Token: "other"}).session()
	tests := []struct {
		name, path string
		hdr        map[string]string
		status     int
		want       string // in the body, or the Location of a redirect
	}{
		{"health is open", "/healthz", nil, 200, "ok"},
		{"page asks to log in", "/?rule=ad-tracking", nil, 401, `name="next" value="/?rule=ad-tracking"`},
		{"story page asks to log in", "/stories/" + f.bankMeta.ID, nil, 401, "Log in"},
		{"wrong token in the URL", "/?token=nope", nil, 401, "That token is wrong."},
		{"token in the URL sets the cookie and leaves", "/feeds?token=s3cret&x=1", nil, 303, "/feeds?x=1"},
		{"cookie", "/", map[string]string{"Cookie": cookie}, 200, f.bankMeta.Title},
		{"cookie of another token", "/", map[string]string{"Cookie": otherCookie}, 401, "Log in"},
		{"bearer on a page", "/feeds", map[string]string{"Authorization": "Bearer s3cret"}, 200, "Two Daily"},
		{"the API wants the bearer token", "/api/v1/stories", map[string]string{"Cookie": cookie}, 401, "bearer token"},
		{"the API with it", "/api/v1/stories", map[string]string{"Authorization": "Bearer s3cret"}, 200, `"stories"`},
		{"atom without token", "/feeds/flagged.atom", nil, 401, "?token=TOKEN"},
		{"atom with the token in the URL", "/feeds/flagged.atom?token=s3cret", nil, 200, "<feed"},
		{"atom with a wrong token", "/feeds/flagged.atom?token=s3cre", nil, 401, "wrong token"},
		{"atom with the cookie", "/feeds/rules/ad-tracking.atom", map[string]string{"Cookie": cookie}, 200, "<feed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := fetch(t, "GET", srv.URL+tt.path, tt.hdr)
			got := body
			if status == 303 {
				got = hdr.Get("Location")
			}
			if status != tt.status || !strings.Contains(got, tt.want) {
				t.Errorf("GET %s = %d %.300q, want %d containing %q", tt.path, status, got, tt.status, tt.want)
			}
			if status == 303 {
				c := hdr.Get("Set-Cookie")
				if !strings.Contains(c, cookie) || !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
					t.Errorf("Set-Cookie = %q, want the session, HttpOnly, SameSite=Lax", c)
				}
			}
		})
	}
}

func TestLoginForm(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "s3cret")
	tests := []struct {
		name, token, next string
		status            int
		location          string
	}{
		{"right token", "s3cret", "/stories/" + f.bankMeta.ID, 303, "/stories/" + f.bankMeta.ID},
		{"wrong token", "s3cre", "/", 401, ""},
		{"empty token", "", "/", 401, ""},
		{"next off the server", "s3cret", "//evil.example/", 303, "/"},
		{"next a full URL", "s3cret", "https://evil.example/", 303, "/"},
		{"next with a backslash", "s3cret", `/\evil.example`, 303, "/"},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := client.PostForm(srv.URL+"/login", url.Values{"token": {tt.token}, "next": {tt.next}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
				t.Errorf("POST /login = %d to %q, want %d to %q", resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
			}
			if hasCookie := resp.Header.Get("Set-Cookie") != ""; hasCookie != (tt.status == 303) {
				t.Errorf("POST /login set a cookie: %v, want %v", hasCookie, tt.status == 303)
			}
		})
	}
	status, body, _ := fetch(t, "GET", srv.URL+"/login?next=/feeds", nil)
	if status != 200 || !strings.Contains(body, `value="/feeds"`) {
		t.Errorf("GET /login = %d, want 200 and the form going back to /feeds", status)
	}
}
