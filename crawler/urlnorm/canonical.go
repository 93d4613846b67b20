package urlnorm

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// redirectors are hosts that only forward to articles elsewhere: feed proxies, link
// shorteners, AMP caches. A page reached through one of them may take a canonical URL
// on another site.
var redirectors = map[string]bool{
	"feedproxy.google.com": true, "feeds.feedburner.com": true, "feedburner.com": true,
	"news.google.com": true, "t.co": true, "bit.ly": true, "ow.ly": true, "buff.ly": true,
	"lnkd.in": true, "dlvr.it": true, "trib.al": true, "tinyurl.com": true, "goo.gl": true,
	"rss.feedsportal.com": true, "apple.news": true, "flip.it": true, "ift.tt": true,
	"cdn.ampproject.org": true, "l.facebook.com": true, "href.li": true,
}

// PreferCanonical returns the normalized URL an article should be stored under: the
// page's canonical URL (from rel=canonical or og:url, absolute or relative to pageURL)
// when it is on the same registrable site as pageURL (per the public suffix list), or
// when pageURL is on a redirector (feed proxy, link shortener, AMP cache); otherwise
// the normalized pageURL. A canonical on another site is ignored because any page
// can claim any canonical: trusting it would let one site take over another's
// articles. Unusable input falls back to pageURL as given.
func PreferCanonical(pageURL, canonical string) string {
	page, err := Normalize(pageURL)
	if err != nil {
		return pageURL
	}
	if strings.TrimSpace(canonical) == "" {
		return page
	}
	base, _ := url.Parse(page)
	ref, err := url.Parse(strings.TrimSpace(canonical))
	if err != nil {
		return page
	}
	can, err := Normalize(base.ResolveReference(ref).String())
	if err != nil {
		return page
	}
	cu, _ := url.Parse(can)
	if sameSite(base.Hostname(), cu.Hostname()) || isRedirector(base.Hostname()) {
		return can
	}
	return page
}

// sameSite reports whether two hosts share a registrable domain (eTLD+1).
func sameSite(a, b string) bool {
	if a == b {
		return true
	}
	ra, err := publicsuffix.EffectiveTLDPlusOne(a)
	if err != nil {
		return false
	}
	rb, err := publicsuffix.EffectiveTLDPlusOne(b)
	return err == nil && ra == rb
}

// isRedirector reports whether host, or a parent domain of it, is a known redirector.
func isRedirector(host string) bool {
	for h := host; h != ""; {
		if redirectors[h] {
			return true
		}
		_, rest, ok := strings.Cut(h, ".")
		if !ok {
			return false
		}
		h = rest
	}
	return false
}
