package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
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
				c := strings.Join(hdr.Values("Set-Cookie"), "\n")
				if !strings.Contains(c, cookie) || !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
					t.Errorf("Set-Cookie = %q, want the session, HttpOnly, SameSite=Lax", c)
				}
			}
		})
	}
}

// loginPage GETs the login form as a browser would and returns the form
// token it carries and the cookie that goes with it.
func loginPage(t *testing.T, srvURL string) (formToken string, cookie *http.Cookie) {
	t.Helper()
	resp, err := http.Get(srvURL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`name="` + web.FormTokenField + `" value="([^"]+)"`).FindSubmatch(body)
	for _, c := range resp.Cookies() {
		if c.Name == formCookie {
			cookie = c
		}
	}
	if m == nil || cookie == nil || cookie.Value != string(m[1]) {
		t.Fatalf("GET /login: form token %q, cookie %v; want the same in both", m, cookie)
	}
	return string(m[1]), cookie
}

func TestLoginForm(t *testing.T) {
	f := newFixture(t)
	srv := f.serve(t, "s3cret")
	formToken, formCookie := loginPage(t, srv.URL)
	tests := []struct {
		name, token, next string
		formToken         string
		status            int
		location          string
	}{
		{"right token", "s3cret", "/stories/" + f.bankMeta.ID, formToken, 303, "/stories/" + f.bankMeta.ID},
		{"wrong token", "s3cre", "/", formToken, 401, ""},
		{"empty token", "", "/", formToken, 401, ""},
		{"next off the server", "s3cret", "//evil.example/", formToken, 303, "/"},
		{"next a full URL", "s3cret", "https://evil.example/", formToken, 303, "/"},
		{"next with a backslash", "s3cret", `/\evil.example`, formToken, 303, "/"},
		{"next with a tab", "s3cret", "/\t/evil.example", formToken, 303, "/"},
		{"no form token", "s3cret", "/", "", 403, ""},
		{"another form token", "s3cret", "/", strings.Repeat("A", formTokenLen), 403, ""},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"token": {tt.token}, "next": {tt.next}, web.FormTokenField: {tt.formToken}}
			req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(formCookie)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.status || resp.Header.Get("Location") != tt.location {
				t.Errorf("POST /login = %d to %q, want %d to %q", resp.StatusCode, resp.Header.Get("Location"), tt.status, tt.location)
			}
			session := false
			for _, c := range resp.Cookies() {
				session = session || c.Name == sessionCookie
			}
			if session != (tt.status == 303) {
				t.Errorf("POST /login set the session cookie: %v, want %v", session, tt.status == 303)
			}
		})
	}
	status, body, _ := fetch(t, "GET", srv.URL+"/login?next=/feeds", nil)
	if status != 200 || !strings.Contains(body, `value="/feeds"`) {
		t.Errorf("GET /login = %d, want 200 and the form going back to /feeds", status)
	}
}

// TestLocalPath: next= is kept only as a path on this server; each known
// way of leaving it for another host gives "/".
func TestLocalPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/", "/"},
		{"/feeds", "/feeds"},
		{"/stories/abc?rule=x&q=bank+data#labels", "/stories/abc?rule=x&q=bank+data#labels"},
		{"/?rule=a%2Fb", "/?rule=a%2Fb"},
		{"", "/"},
		{"feeds", "/"},
		{"./feeds", "/"},
		{"../feeds", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{`/\evil.example`, "/"},
		{`\\evil.example`, "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/%09/evil.example", "/"},
		{"/%0a/evil.example", "/"},
		{"/%2f/evil.example", "/"},
		{"/%2F%2Fevil.example", "/"},
		{"%2f%2fevil.example", "/"},
		{"/%5cevil.example", "/"},
		{"/%5C%5Cevil.example", "/"},
		{"/%zz", "/"},
		{"javascript:alert(1)", "/"},
		{"JavaScript:alert(1)", "/"},
		{"http://evil.example/", "/"},
		{"https:evil.example", "/"},
		{"data:text/html,hi", "/"},
		{"/" + strings.Repeat("a", MaxURLBytes), "/"},
	}
	for _, tt := range tests {
		if got := localPath(tt.in); got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzLocalPath: whatever next= is, the redirect it gives stays on this
// server, as a browser would resolve it (after dropping tabs and
// newlines, and reading a backslash as a slash).
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/feeds?x=1", "//evil", "/\\evil", "/\t/evil", "/%2f/evil", "http://evil/"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://127.0.0.1:8474/login")
	f.Fuzz(func(t *testing.T, in string) {
		got := localPath(in)
		seen := strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(got)
		u, err := base.Parse(seen)
		if err != nil || u.Host != base.Host || u.Scheme != base.Scheme || strings.HasPrefix(got, "//") {
			t.Errorf("localPath(%q) = %q, which leads to %v (%v)", in, got, u, err)
		}
	})
}

// TestBearerScheme: the scheme of Authorization is case-insensitive
// (RFC 9110), the token is not.
func TestBearerScheme(t *testing.T) {
	s := &Server{Token: "0123456789abcdef"}
	for _, tt := range []struct {
		header string
		ok     bool
	}{
		{"Bearer 0123456789abcdef", true},
		{"bearer 0123456789abcdef", true},
		{"BEARER 0123456789abcdef", true},
		{"Bearer  0123456789abcdef", true},
		{"Bearer 0123456789ABCDEF", false},
		{"Basic 0123456789abcdef", false},
		{"Bearer", false},
		{"Bearer0123456789abcdef", false},
		{"0123456789abcdef", false},
		{"", false},
	} {
		r := httptest.NewRequest("GET", "/api/v1/stories", nil)
		r.Header.Set("Authorization", tt.header)
		if got := s.bearerOK(r); got != tt.ok {
			t.Errorf("bearerOK(Authorization: %q) = %v, want %v", tt.header, got, tt.ok)
		}
	}
}

// TestSessionCookieSecure: behind an https public URL (TLS ends at a
// proxy), the cookies are Secure though the request came in plain.
func TestSessionCookieSecure(t *testing.T) {
	for _, tt := range []struct {
		publicURL string
		secure    bool
	}{{"", false}, {"http://news.example", false}, {"https://news.example", true}} {
		s := &Server{Token: "0123456789abcdef", PublicURL: tt.publicURL}
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/feeds?token=0123456789abcdef", nil)
		s.pageAuth(&web.Pages{}, func(http.ResponseWriter, *http.Request) {}).ServeHTTP(w, r)
		cookies := w.Result().Cookies()
		if len(cookies) != 2 {
			t.Fatalf("public URL %q: cookies %v, want the form's and the session", tt.publicURL, cookies)
		}
		for _, c := range cookies {
			if c.Secure != tt.secure {
				t.Errorf("public URL %q: cookie %s Secure = %v, want %v", tt.publicURL, c.Name, c.Secure, tt.secure)
			}
		}
	}
}
