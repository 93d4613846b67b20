package netguard

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// Control returns a function for net.Dialer.Control that refuses, with a
// *BlockedError, every connection to an address CheckAddr rejects. It runs
// after DNS resolution, once per address tried, so every connection an HTTP
// client opens (first request, redirect hops, retries) is checked. With
// allowPrivate true it allows everything.
func Control(allowPrivate bool) func(network, address string, c syscall.RawConn) error {
	if allowPrivate {
		return func(string, string, syscall.RawConn) error { return nil }
	}
	return control(func(ap netip.AddrPort) error { return CheckAddr(ap.Addr()) })
}

// control builds a Control function around check; tests use it to exempt one
// loopback server.
func control(check func(netip.AddrPort) error) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("netguard: cannot check %s address %q: %w", network, address, err)
		}
		return check(ap)
	}
}

// NewDialer returns a dialer with the guard in its Control hook, the given
// connect timeout (zero means no timeout beyond the context's) and a 30 s
// keep-alive.
func NewDialer(allowPrivate bool, timeout time.Duration) *net.Dialer {
	return &net.Dialer{
		Timeout:   timeout,
		KeepAlive: 30 * time.Second,
		Control:   Control(allowPrivate),
	}
}

// NewTransport returns an http.Transport that dials through NewDialer and
// uses no proxy: with a proxy the guard would check the proxy's address, not
// the target's. Timeout bounds the connection and the TLS handshake; zero
// means no bound beyond the request's context.
func NewTransport(allowPrivate bool, timeout time.Duration) *http.Transport {
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           NewDialer(allowPrivate, timeout).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ExpectContinueTimeout: time.Second,
	}
}
