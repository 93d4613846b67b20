package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
)

// sessionCookie is the cookie the login form sets. Its value is an HMAC of
// a fixed message keyed by the token, so it proves the token without
// holding it, and changing the token ends every session.
const (
	sessionCookie = "newshound_session"
	sessionMaxAge = 30 * 24 * time.Hour
)

// equal compares two secrets in constant time, whatever their lengths.
func equal(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// bearerOK reports whether r carries "Authorization: Bearer TOKEN" (the
// scheme in any case, RFC 9110 11.1).
func (s *Server) bearerOK(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && equal(strings.TrimLeft(tok, " "), s.Token)
}

// session is the session cookie's value for the token.
func (s *Server) session() string {
	m := hmac.New(sha256.New, []byte(s.Token))
	m.Write([]byte("newshound web session v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// sessionOK reports whether r carries a valid session cookie.
func (s *Server) sessionOK(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	return err == nil && equal(c.Value, s.session())
}

// setSession sets the session cookie: HttpOnly, SameSite=Lax (it goes
// with links followed from elsewhere, never with cross-site posts), and
// Secure when the request came over TLS or PublicURL is https (TLS ends
// at a proxy in front).
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r),
	})
}

// secure reports whether cookies set for r should be Secure: r came over
// TLS, or the public URL is https.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(strings.ToLower(s.PublicURL), "https://")
}

// Auth requires the bearer token, when there is one, for the JSON API:
// next runs only for a request carrying "Authorization: Bearer TOKEN"
// (compared in constant time); others get a JSON 401. Every route of
// Access Bearer is behind it.
func (s *Server) Auth(next http.Handler) http.Handler {
	if s.Token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.bearerOK(r) {
			writeError(w, http.StatusUnauthorized, "missing or wrong bearer token (send Authorization: Bearer TOKEN)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// feedAuth requires the token for the Atom feeds: as a bearer token, the
// session cookie, or ?token= on every request (feed readers can rarely
// send headers; the token then shows in the reader's settings and in
// access logs).
func (s *Server) feedAuth(next http.Handler) http.Handler {
	if s.Token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := r.URL.Query().Get("token")
		if !s.bearerOK(r) && !s.sessionOK(r) && (tok == "" || !equal(tok, s.Token)) {
			writeError(w, http.StatusUnauthorized, "missing or wrong token (send Authorization: Bearer TOKEN or add ?token=TOKEN to the feed URL)")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// pageAuth requires the token for a page: the session cookie or a bearer
// token. A page opened once with ?token=TOKEN sets the cookie and
// redirects to itself without the token, so that it leaves the address
// bar; without either, the login form answers 401. Whether or not there
// is a token, the page's forms get the browser's form token.
func (s *Server) pageAuth(pages *web.Pages, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withFormToken(w, r)
		if s.Token == "" {
			next(w, r)
			return
		}
		q := r.URL.Query()
		if tok := q.Get("token"); tok != "" {
			if !equal(tok, s.Token) {
				pages.Login(w, r, http.StatusUnauthorized, withoutToken(r), "That token is wrong.")
				return
			}
			s.setSession(w, r, s.session(), sessionMaxAge)
			http.Redirect(w, r, withoutToken(r), http.StatusSeeOther)
			return
		}
		if !s.sessionOK(r) && !s.bearerOK(r) {
			pages.Login(w, r, http.StatusUnauthorized, localPath(r.URL.RequestURI()), "")
			return
		}
		next(w, r)
	})
}

// formAuth guards a form of the pages (the story page's label buttons):
// a post from another site is refused (403, whether or not there is a
// token, so that no page elsewhere can post to a daemon on loopback), so
// is one without the form token of the browser's cookie (403), and with a
// token the session cookie or a bearer token is required, without which
// the login form answers 401 and leads back to the story page.
func (s *Server) formAuth(pages *web.Pages, next http.HandlerFunc) http.Handler {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.formTokenOK(w, r) {
			s.refuseForm(w, r, pages)
			return
		}
		if s.Token != "" && !s.sessionOK(r) && !s.bearerOK(r) {
			pages.Login(w, s.withFormToken(w, r), http.StatusUnauthorized, localPath("/stories/"+url.PathEscape(r.PathValue("id"))), "")
			return
		}
		next(w, r)
	})
	return http.NewCrossOriginProtection().Handler(h)
}

// withoutToken is r's path and query without the token parameter.
func withoutToken(r *http.Request) string {
	q := r.URL.Query()
	q.Del("token")
	u := *r.URL
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// loginForm is GET /login.
func (s *Server) loginForm(pages *web.Pages) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pages.Login(w, s.withFormToken(w, r), http.StatusOK, localPath(r.URL.Query().Get("next")), "")
	}
}

// login is POST /login: a right token sets the session cookie and goes
// back to the page asked for (a local path only). The form must carry
// the browser's form token.
func (s *Server) login(pages *web.Pages) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.formTokenOK(w, r) {
			s.refuseForm(w, r, pages)
			return
		}
		next := localPath(r.PostFormValue("next"))
		if s.Token == "" {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		if !equal(r.PostFormValue("token"), s.Token) {
			pages.Login(w, s.withFormToken(w, r), http.StatusUnauthorized, next, "That token is wrong.")
			return
		}
		s.setSession(w, r, s.session(), sessionMaxAge)
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// logout is POST /logout: it clears the session cookie. The form must
// carry the browser's form token.
func (s *Server) logout(pages *web.Pages) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.formTokenOK(w, r) {
			s.refuseForm(w, r, pages)
			return
		}
		s.setSession(w, r, "", -time.Second)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	}
}

// localPath returns p when it is an absolute path on this server, else
// "/", so that the login form never redirects elsewhere. p must start
// with one "/" and hold no control character, space or backslash (in its
// path also percent-encoded), and its decoded path must not start with
// "//": a browser drops tabs and newlines and reads a backslash as a
// slash, so "/<TAB>/x" or "/<BACKSLASH>x" would reach the host x.
func localPath(p string) string {
	if len(p) > MaxURLBytes || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || unsafePath(p) {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || unsafePath(u.Path) {
		return "/"
	}
	return p
}

// unsafePath reports whether p holds a control character, a space or a
// backslash.
func unsafePath(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c == 0x7f || c == '\\' {
			return true
		}
	}
	return false
}
