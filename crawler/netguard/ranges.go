package netguard

import "net/netip"

// blockedRange is a special-purpose prefix and what to call addresses in it.
type blockedRange struct {
	prefix netip.Prefix
	kind   string
}

// blocked4 lists the IPv4 prefixes the guard refuses, most specific first
// where prefixes nest. Sources: RFC 6890 and the IANA special-purpose address
// registries.
var blocked4 = []blockedRange{
	{netip.MustParsePrefix("255.255.255.255/32"), "broadcast"},
	{netip.MustParsePrefix("0.0.0.0/32"), "unspecified"},
	{netip.MustParsePrefix("0.0.0.0/8"), `"this network"`},
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignment"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4 relay anycast"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
}

// blocked6 lists the IPv6 prefixes refused outright. IPv4-mapped, NAT64 and
// 6to4 addresses are not here: classify checks the IPv4 address they embed.
var blocked6 = []blockedRange{
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::/96"), "IPv4-compatible"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "local-use NAT64"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("2001::/32"), "Teredo"},
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
	{netip.MustParsePrefix("fc00::/7"), "private"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96")
	sixTo4 = netip.MustParsePrefix("2002::/16")
)

// classify returns the reason ip is refused, with its article ("a loopback
// address"), or "" when ip is allowed.
func classify(ip netip.Addr) string {
	if !ip.IsValid() {
		return "an invalid address"
	}
	ip = ip.WithZone("")
	if ip.Is4In6() {
		if k := kind4(ip.Unmap()); k != "" {
			return "an IPv4-mapped " + k + " address"
		}
		return ""
	}
	if ip.Is4() {
		if k := kind4(ip); k != "" {
			return article(k) + " " + k + " address"
		}
		return ""
	}
	if k := kind6(ip); k != "" {
		return article(k) + " " + k + " address"
	}
	return ""
}

func kind4(ip netip.Addr) string {
	for _, r := range blocked4 {
		if r.prefix.Contains(ip) {
			return r.kind
		}
	}
	return ""
}

func kind6(ip netip.Addr) string {
	for _, r := range blocked6 {
		if r.prefix.Contains(ip) {
			return r.kind
		}
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		if k := kind4(netip.AddrFrom4([4]byte(b[12:16]))); k != "" {
			return "NAT64-embedded " + k
		}
	case sixTo4.Contains(ip):
		if k := kind4(netip.AddrFrom4([4]byte(b[2:6]))); k != "" {
			return "6to4-embedded " + k
		}
	}
	return ""
}

// article returns "an" before a vowel sound and "a" otherwise.
func article(kind string) string {
	switch kind[0] {
	case 'a', 'e', 'i', 'o', 'u', 'I':
		return "an"
	}
	return "a"
}
