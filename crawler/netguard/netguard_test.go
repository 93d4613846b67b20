package netguard

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// TestCheckAddr only parses addresses: no test in this file opens a
// connection.
func TestCheckAddr(t *testing.T) {
	tests := []struct {
		addr   string
		reason string // "" means allowed
	}{
		// Loopback.
		{"127.0.0.1", "a loopback address"},
		{"127.255.255.254", "a loopback address"},
		{"::1", "a loopback address"},
		// Private.
		{"10.0.0.1", "a private address"},
		{"172.16.0.1", "a private address"},
		{"172.31.255.255", "a private address"},
		{"192.168.1.1", "a private address"},
		{"fc00::1", "a private address"},
		{"fd12:3456:789a::1", "a private address"},
		// Link-local, including the cloud metadata address.
		{"169.254.169.254", "a link-local address"},
		{"169.254.0.1", "a link-local address"},
		{"fe80::1", "a link-local address"},
		{"fe80::1%eth0", "a link-local address"},
		{"fec0::1", "a site-local address"},
		// Carrier-grade NAT.
		{"100.64.0.1", "a carrier-grade NAT address"},
		{"100.127.255.254", "a carrier-grade NAT address"},
		// Unspecified, this network, broadcast, multicast, reserved.
		{"0.0.0.0", "an unspecified address"},
		{"0.1.2.3", `a "this network" address`},
		{"::", "an unspecified address"},
		{"255.255.255.255", "a broadcast address"},
		{"224.0.0.1", "a multicast address"},
		{"239.255.255.250", "a multicast address"},
		{"ff02::1", "a multicast address"},
		{"240.0.0.1", "a reserved address"},
		// Special purpose and documentation.
		{"192.0.0.8", "an IETF protocol assignment address"},
		{"192.0.2.10", "a documentation address"},
		{"198.51.100.7", "a documentation address"},
		{"203.0.113.9", "a documentation address"},
		{"198.18.0.1", "a benchmarking address"},
		{"198.19.255.255", "a benchmarking address"},
		{"2001:db8::1", "a documentation address"},
		{"2001:0:4136:e378::1", "a Teredo address"},
		{"100::1", "a discard-only address"},
		// IPv4-mapped IPv6 forms are unmapped first.
		{"::ffff:127.0.0.1", "an IPv4-mapped loopback address"},
		{"::ffff:10.1.2.3", "an IPv4-mapped private address"},
		{"::ffff:169.254.169.254", "an IPv4-mapped link-local address"},
		{"::ffff:100.64.1.1", "an IPv4-mapped carrier-grade NAT address"},
		{"::ffff:0.0.0.0", "an IPv4-mapped unspecified address"},
		{"::ffff:7f00:1", "an IPv4-mapped loopback address"},
		// Other IPv6 forms that embed an IPv4 address.
		{"::127.0.0.1", "an IPv4-compatible address"},
		{"64:ff9b::127.0.0.1", "a NAT64-embedded loopback address"},
		{"64:ff9b::10.0.0.1", "a NAT64-embedded private address"},
		{"64:ff9b:1::1", "a local-use NAT64 address"},
		{"2002:7f00:1::1", "a 6to4-embedded loopback address"},
		{"2002:c0a8:101::1", "a 6to4-embedded private address"},
		// Public unicast addresses are allowed.
		{"93.184.215.14", ""},
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"172.15.255.255", ""},
		{"172.32.0.0", ""},
		{"192.169.0.1", ""},
		{"198.20.0.1", ""},
		{"::ffff:8.8.8.8", ""},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001:80b::200e", ""},
		{"64:ff9b::8.8.8.8", ""},
		{"2002:808:808::1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			ip := netip.MustParseAddr(tt.addr)
			err := CheckAddr(ip)
			if got := Allowed(ip); got != (tt.reason == "") {
				t.Errorf("Allowed(%s) = %v, want %v", tt.addr, got, tt.reason == "")
			}
			if tt.reason == "" {
				if err != nil {
					t.Errorf("CheckAddr(%s) = %v, want nil", tt.addr, err)
				}
				return
			}
			var be *BlockedError
			if !errors.As(err, &be) {
				t.Fatalf("CheckAddr(%s) = %v, want a *BlockedError", tt.addr, err)
			}
			if be.Reason != tt.reason {
				t.Errorf("CheckAddr(%s) reason = %q, want %q", tt.addr, be.Reason, tt.reason)
			}
			if be.Addr != ip {
				t.Errorf("CheckAddr(%s) Addr = %s, want %s", tt.addr, be.Addr, ip)
			}
			if !errors.Is(err, ErrPrivateAddress) {
				t.Errorf("CheckAddr(%s) = %v, want it to wrap ErrPrivateAddress", tt.addr, err)
			}
		})
	}
}

func TestCheckAddrZero(t *testing.T) {
	if Allowed(netip.Addr{}) {
		t.Errorf("Allowed(zero Addr) = true, want false")
	}
	if err := CheckAddr(netip.Addr{}); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("CheckAddr(zero Addr) = %v, want ErrPrivateAddress", err)
	}
}

func TestBlockedErrorMessage(t *testing.T) {
	err := CheckAddr(netip.MustParseAddr("127.0.0.1"))
	got := err.Error()
	want := "netguard: refusing to connect to 127.0.0.1 (a loopback address); set fetch.allow_private_networks: true to allow private networks"
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if strings.ContainsAny(got, "\n") {
		t.Errorf("Error() = %q, want one line", got)
	}
}

func TestControlParsesAddress(t *testing.T) {
	tests := []struct {
		network, address string
		wantBlocked      bool
		wantErr          bool
	}{
		{"tcp4", "127.0.0.1:80", true, true},
		{"tcp6", "[::1]:443", true, true},
		{"tcp6", "[fe80::1%eth0]:80", true, true},
		{"tcp6", "[::ffff:192.168.0.1]:80", true, true},
		{"tcp4", "8.8.8.8:53", false, false},
		{"tcp", "not-an-address", false, true},
	}
	guard := Control(false)
	open := Control(true)
	for _, tt := range tests {
		t.Run(tt.address, func(t *testing.T) {
			err := guard(tt.network, tt.address, nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Control(false)(%q) = %v, want error %v", tt.address, err, tt.wantErr)
			}
			if got := errors.Is(err, ErrPrivateAddress); got != tt.wantBlocked {
				t.Errorf("Control(false)(%q) = %v, blocked %v, want %v", tt.address, err, got, tt.wantBlocked)
			}
			if err := open(tt.network, tt.address, nil); err != nil {
				t.Errorf("Control(true)(%q) = %v, want nil", tt.address, err)
			}
		})
	}
}
