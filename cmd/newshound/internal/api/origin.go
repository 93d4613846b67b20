package api

import (
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// MaxURLBytes caps a request's URL (path and query): a longer one is a
// 414 before any route sees it.
const MaxURLBytes = 8 << 10

// Guard is what stands in front of every route of the daemon against
// requests a web page elsewhere makes the user's browser send:
//
//   - DNS rebinding: a request whose Host is not the address the server is
//     bound to, localhost, 127.0.0.1 or [::1] with its port, or the host of
//     PublicURL is a 421. When the server is bound to every interface
//     (0.0.0.0 or ::), any IP address with its port is accepted too, as a
//     rebinding attack needs a name.
//   - Cross-site requests: a POST, PUT, PATCH or DELETE whose
//     Sec-Fetch-Site is cross-site or same-site, or whose Origin is not
//     the request's own (nor PublicURL), is a 403 (http.CrossOriginProtection).
//   - Simple requests to the API: a state-changing request to /api/ or
//     /-/ must carry Content-Type application/json, or neither a body nor
//     a Content-Type (a DELETE), else 415: a browser cannot send JSON to
//     another site without a CORS preflight, which the daemon never
//     allows. The web pages' own forms carry a form token instead (see
//     Server.formToken).
//   - A URL longer than MaxURLBytes is a 414.
//
// GET /healthz passes whatever its Host, so that probes keep working.
// Errors are JSON {"error": sentence}.
type Guard struct {
	// Addrs are the host:port addresses the server answers at: the
	// configured one (server.listen) and the one it is bound to
	// (net.Listener.Addr, which has the port when the configured one asked
	// for any). Required; their ports should agree.
	Addrs []string
	// PublicURL, when set, is the scheme and host people reach the daemon
	// at (server.public_url); its host is accepted, and so is it as an
	// Origin.
	PublicURL string
	// Logger receives a line per refused request, at debug level.
	// Default slog.Default().
	Logger *slog.Logger
}

// Wrap returns next behind the guard.
func (g *Guard) Wrap(next http.Handler) http.Handler {
	hosts, anyIP, port := g.hosts()
	cop := http.NewCrossOriginProtection()
	if g.PublicURL != "" {
		if err := cop.AddTrustedOrigin(g.PublicURL); err != nil {
			g.log().Warn("server.public_url is not usable as an origin", "public_url", g.PublicURL, "error", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.refuse(w, r, http.StatusForbidden, "a "+r.Method+" from another site is refused (the request's Origin or Sec-Fetch-Site names another site)")
	}))
	inner := cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPIPath(r.URL.Path) && !safeMethod(r.Method) && !jsonOrEmpty(r) {
			g.refuse(w, r, http.StatusUnsupportedMediaType, "a "+r.Method+" to the API must send Content-Type: application/json")
			return
		}
		next.ServeHTTP(w, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.RequestURI) > MaxURLBytes {
			g.refuse(w, r, http.StatusRequestURITooLong, "the request's URL is longer than 8 KiB")
			return
		}
		if r.URL.Path == "/healthz" && safeMethod(r.Method) {
			next.ServeHTTP(w, r)
			return
		}
		if !hostAllowed(r.Host, hosts, anyIP, port) {
			g.refuse(w, r, http.StatusMisdirectedRequest, "this daemon does not answer for the host "+quoteHost(r.Host)+"; use the address it listens on or localhost, or set server.public_url to the address you use")
			return
		}
		inner.ServeHTTP(w, r)
	})
}

// hosts lists the Host values the server answers for, lower-case: the
// bound address, the loopback names with its port, and PublicURL's host
// with and without its default port. anyIP is true when the server is
// bound to every interface; port is the bound port.
func (g *Guard) hosts() (hosts map[string]bool, anyIP bool, port string) {
	hosts = map[string]bool{}
	for _, addr := range g.Addrs {
		host, p, err := net.SplitHostPort(addr)
		if err != nil || p == "0" || p == "" {
			continue
		}
		port = p
		hosts[strings.ToLower(net.JoinHostPort(host, p))] = true
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			hosts[net.JoinHostPort(h, p)] = true
		}
		if a, err := netip.ParseAddr(host); host == "" || (err == nil && a.IsUnspecified()) {
			anyIP = true
		}
		if p == "80" {
			hosts["localhost"], hosts["127.0.0.1"], hosts["[::1]"] = true, true, true
		}
	}
	if u, err := url.Parse(g.PublicURL); err == nil && u.Host != "" {
		h := strings.ToLower(u.Hostname())
		def := map[string]string{"http": "80", "https": "443"}[u.Scheme]
		p := u.Port()
		if p == "" {
			p = def
		}
		hosts[net.JoinHostPort(h, p)] = true
		if p == def {
			hosts[strings.ToLower(u.Host)] = true
			if strings.Contains(h, ":") {
				hosts["["+h+"]"] = true
			} else {
				hosts[h] = true
			}
		}
	}
	return hosts, anyIP, port
}

// hostAllowed reports whether the Host header h is one the server answers for.
func hostAllowed(h string, hosts map[string]bool, anyIP bool, port string) bool {
	h = strings.ToLower(h)
	if hosts[h] {
		return true
	}
	if !anyIP {
		return false
	}
	host, p, err := net.SplitHostPort(h)
	if err != nil || p != port {
		return false
	}
	_, err = netip.ParseAddr(host)
	return err == nil
}

// isAPIPath reports whether p is a route of the JSON API or of the
// daemon's operations (/api/..., /-/...), as opposed to the pages.
func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/-/")
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// jsonOrEmpty reports whether r declares a JSON body, or has neither a
// body nor a Content-Type.
func jsonOrEmpty(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return r.ContentLength == 0 && len(r.TransferEncoding) == 0
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

// quoteHost quotes a Host header for a message, cut to 100 bytes.
func quoteHost(h string) string {
	if len(h) > 100 {
		h = h[:100] + "..."
	}
	return `"` + strings.ToValidUTF8(h, "?") + `"`
}

func (g *Guard) refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	g.log().Debug("request refused", "method", r.Method, "path", r.URL.Path, "host", r.Host, "origin", r.Header.Get("Origin"), "status", status)
	w.Header().Set("Connection", "close")
	writeError(w, status, msg)
}

func (g *Guard) log() *slog.Logger {
	if g.Logger != nil {
		return g.Logger
	}
	return slog.Default()
}
