package daemon

import (
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/newshound/newshound/cmd/newshound/internal/api"
	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// maxHeaderBytes caps a request's headers, request line included; a
// larger one is a 431.
const maxHeaderBytes = 64 << 10

// newHTTPServer is the daemon's server over handler, served on ln: behind
// the API's Guard (Host, Origin and Content-Type checks), with the
// configured read, write and idle timeouts (headers alone get at most
// 10s; the streaming routes lift the write timeout for their own, see
// api.Server.StreamTimeout).
func newHTTPServer(cfg *config.Config, ln net.Listener, handler http.Handler, log *slog.Logger) *http.Server {
	guard := &api.Guard{Addrs: []string{cfg.Server.Listen, ln.Addr().String()}, PublicURL: cfg.Server.PublicURL, Logger: log}
	read := cfg.Server.ReadTimeout.D()
	return &http.Server{
		Handler:           guard.Wrap(handler),
		ReadHeaderTimeout: min(10*time.Second, read),
		ReadTimeout:       read,
		WriteTimeout:      cfg.Server.WriteTimeout.D(),
		IdleTimeout:       cfg.Server.IdleTimeout.D(),
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
