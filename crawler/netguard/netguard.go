// Package netguard keeps newshound from being sent to internal addresses.
//
// A feed, an article link or a redirect can name any host, and a host name
// can resolve to any address. A crawler that follows them blindly can be made
// to read a cloud metadata service, a router's admin page or a database on
// the crawler's own machine. netguard refuses such connections in the dialer,
// after DNS resolution, on every connection the HTTP client opens: the first
// request, every redirect hop and every retry are all covered, and a host name
// that resolves to a private address is caught as surely as a literal one.
//
// Refused by default (see Allowed for the full list): loopback, private
// (RFC 1918 and IPv6 unique local), link-local, carrier-grade NAT, unspecified,
// multicast, broadcast and other reserved or special-purpose ranges, in their
// IPv4, IPv6 and IPv4-mapped IPv6 forms. Setting
// fetch.allow_private_networks: true in the configuration turns the guard off;
// tests that crawl loopback servers do this.
package netguard

import (
	"errors"
	"fmt"
	"net/netip"
)

// ErrPrivateAddress is the sentinel every refusal wraps: test for it with
// errors.Is, or use errors.As with *BlockedError for the address and reason.
var ErrPrivateAddress = errors.New("netguard: private network address")

// BlockedError reports a connection refused by the guard. It wraps
// ErrPrivateAddress.
type BlockedError struct {
	// Addr is the address the connection would have gone to, as resolved
	// (before any IPv4-mapped IPv6 address is unmapped).
	Addr netip.Addr
	// Reason names the kind of address, with its article, for example
	// "a loopback address".
	Reason string
}

// Error returns one sentence naming the address and how to allow it.
func (e *BlockedError) Error() string {
	return fmt.Sprintf("netguard: refusing to connect to %s (%s); set fetch.allow_private_networks: true to allow private networks",
		e.Addr, e.Reason)
}

// Unwrap returns ErrPrivateAddress.
func (e *BlockedError) Unwrap() error { return ErrPrivateAddress }

// Allowed reports whether ip is a public unicast address the crawler may
// connect to. The zero netip.Addr is not allowed.
func Allowed(ip netip.Addr) bool { return CheckAddr(ip) == nil }

// CheckAddr returns nil for a public unicast address and a *BlockedError for
// any other: the zero Addr, loopback, private, link-local, carrier-grade NAT,
// unspecified, multicast, broadcast, reserved, benchmarking and documentation
// ranges, and IPv6 forms that embed one of them (IPv4-mapped, IPv4-compatible,
// NAT64 and 6to4). A zone (as in fe80::1%eth0) does not change the verdict.
func CheckAddr(ip netip.Addr) error {
	reason := classify(ip)
	if reason == "" {
		return nil
	}
	return &BlockedError{Addr: ip, Reason: reason}
}
