package api

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"

	"github.com/newshound/newshound/cmd/newshound/internal/web"
)

// The pages' forms (login, logout, the label buttons) prove they were
// rendered by this daemon with a double-submit token: a random value in
// the cookie formCookie, which another site can neither read nor set,
// repeated in the form's hidden field web.FormTokenField. The guard in
// front (Guard) refuses cross-site posts already; the token also holds
// for a browser that sends neither Origin nor Sec-Fetch-Site.
const (
	formCookie   = "newshound_form"
	formTokenLen = 43 // 32 random bytes, base64url without padding
)

// withFormToken returns r carrying the browser's form token for the
// page's forms (web.WithFormToken), first setting the cookie with a new
// one when the browser has none.
func (s *Server) withFormToken(w http.ResponseWriter, r *http.Request) *http.Request {
	tok := ""
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) == formTokenLen {
		tok = c.Value
	} else {
		b := make([]byte, 32)
		rand.Read(b)
		tok = base64.RawURLEncoding.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{
			Name: formCookie, Value: tok, Path: "/",
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r),
		})
	}
	return r.WithContext(web.WithFormToken(r.Context(), tok))
}

// formTokenOK reports whether the posted form r carries the token of its
// cookie. It caps the body at 8 KiB and parses the form.
func (s *Server) formTokenOK(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	c, err := r.Cookie(formCookie)
	return err == nil && len(c.Value) == formTokenLen && equal(r.PostFormValue(web.FormTokenField), c.Value)
}

// refuseForm answers a form post without the right token: the page that
// posted it is stale or not this daemon's.
func (s *Server) refuseForm(w http.ResponseWriter, r *http.Request, pages *web.Pages) {
	pages.Problem(w, http.StatusForbidden, "The form was not sent from a page of this newshound, or the page is too old: open the page again and resend it.")
}
