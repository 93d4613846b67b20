// Package urlnorm normalizes article URLs, so that one article reached through
// several feeds, tracking links or AMP pages gets one id.
//
// Normalize applies only rewrites that keep the URL pointing at the same article:
//   - scheme and host are lower-cased, the host is converted to ASCII (IDNA) and a
//     trailing dot is removed; default ports (:80 for http, :443 for https) are dropped;
//   - the fragment is dropped (it never reaches the server);
//   - tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, igshid, ref_src,
//     _hsenc and the others in trackingParams) are removed, and the remaining query
//     parameters are sorted by key, then value; their encoding is kept as written;
//   - AMP variants are mapped to the plain article: an "amp." host prefix, a final
//     "/amp" or "/amp/" path segment, a ".amp.html" suffix and the amp, amp=1,
//     amp=true and outputType=amp parameters;
//   - trailing slashes: an empty path becomes "/", and dot segments ("/a/./b/../c")
//     are resolved. Other trailing slashes are kept: "/story" and "/story/" are
//     different resources on many servers, so removing one is not safe.
package urlnorm

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/idna"
)

// ErrNotHTTP means the URL is not an absolute http or https URL.
var ErrNotHTTP = errors.New("urlnorm: not an absolute http(s) url")

// trackingParams are query parameters that identify a campaign or a click, never the
// article. Keys are compared in lower case; utm_* is handled as a prefix.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "ref_src": true, "ref_url": true,
	"_hsenc": true, "_hsmi": true, "__hstc": true, "__hssc": true, "__hsfp": true, "hsctatracking": true,
	"_ga": true, "_gl": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true,
	"vero_id": true, "vero_conv": true, "wt.mc_id": true, "wt_mc_id": true, "smid": true,
	"twclid": true, "li_fat_id": true, "s_cid": true, "cmpid": true, "ncid": true,
	"at_medium": true, "at_campaign": true, "sr_share": true, "ocid": true, "ito": true,
}

// ampParams are query parameters that select an AMP rendering.
var ampParams = map[string]bool{"amp": true, "outputtype": true}

// Normalize returns the normalized form of raw (see the package comment), or an error
// wrapping ErrNotHTTP when raw is not an absolute http(s) URL. Normalize is idempotent.
func Normalize(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("urlnorm: parse %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: %q (want a URL such as https://example.com/story)", ErrNotHTTP, raw)
	}
	host, err := normalizeHost(u)
	if err != nil {
		return "", fmt.Errorf("urlnorm: host of %q: %w", raw, err)
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.ForceQuery = false
	u.RawQuery = normalizeQuery(u.RawQuery)
	p := normalizePath(u.EscapedPath())
	if err := setPath(u, p); err != nil {
		return "", fmt.Errorf("urlnorm: path of %q: %w", raw, err)
	}
	return u.String(), nil
}

// normalizeHost lower-cases the host, converts it to ASCII, drops trailing dots, the
// default port and an "amp." prefix.
func normalizeHost(u *url.URL) (string, error) {
	host, port := u.Hostname(), u.Port()
	host = strings.TrimRight(strings.ToLower(host), ".")
	if !strings.Contains(host, ":") { // not an IPv6 literal
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return "", err
		}
		host = strings.TrimRight(ascii, ".")
		if err := checkDNSLength(host); err != nil {
			return "", err
		}
		for {
			rest, ok := strings.CutPrefix(host, "amp.")
			if !ok || !strings.Contains(rest, ".") {
				break
			}
			host = rest
		}
	} else {
		host = "[" + host + "]"
	}
	if host == "" || host == "[]" {
		return "", errors.New("empty host")
	}
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host, nil
	}
	return host + ":" + port, nil
}

// normalizeQuery removes tracking and AMP parameters and sorts the rest, keeping each
// parameter's encoding as written.
func normalizeQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var keep []string
	// Spaces are invalid in a query but url.Parse lets them through; encode them so
	// the result does not depend on surrounding white space.
	raw = strings.ReplaceAll(raw, " ", "%20")
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			key = k
		}
		key = strings.ToLower(key)
		if strings.HasPrefix(key, "utm_") || trackingParams[key] {
			continue
		}
		if ampParams[key] && (key == "amp" && (v == "" || v == "1" || strings.EqualFold(v, "true")) ||
			key == "outputtype" && strings.EqualFold(v, "amp")) {
			continue
		}
		keep = append(keep, kv)
	}
	slices.SortStableFunc(keep, func(a, b string) int {
		ka, _, _ := strings.Cut(a, "=")
		kb, _, _ := strings.Cut(b, "=")
		if c := strings.Compare(ka, kb); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return strings.Join(keep, "&")
}

// normalizePath resolves dot segments, maps AMP paths to the plain article and turns
// an empty path into "/". It works on the escaped path.
func normalizePath(p string) string {
	if p == "" {
		return "/"
	}
	trailing := strings.HasSuffix(p, "/")
	p = path.Clean("/" + p)
	for changed := true; changed; {
		changed = true
		switch {
		case strings.HasSuffix(p, "/amp") && p != "/amp":
			p = strings.TrimSuffix(p, "/amp")
		case strings.HasSuffix(p, ".amp.html"):
			p = strings.TrimSuffix(p, ".amp.html") + ".html"
			trailing = false
		case strings.HasSuffix(p, ".amp") && !strings.HasSuffix(p, "/.amp"): // not a bare ".amp" segment
			p = strings.TrimSuffix(p, ".amp")
		default:
			changed = false
		}
		if changed {
			p = path.Clean(p) // "/..amp" loses ".amp" and leaves the dot segment "/."
		}
	}
	if trailing && p != "/" {
		p += "/"
	}
	return p
}

// setPath sets u's path from an escaped path.
func setPath(u *url.URL, escaped string) error {
	unescaped, err := url.PathUnescape(escaped)
	if err != nil {
		return err
	}
	u.Path, u.RawPath = unescaped, escaped
	if u.EscapedPath() != escaped {
		u.RawPath = ""
	}
	return nil
}

// checkDNSLength refuses a host name that DNS cannot carry: a label over
// 63 bytes or a name over 253 (in its ASCII form). Such a name resolves
// nowhere, and its punycode may not even decode back.
func checkDNSLength(host string) error {
	if len(host) > 253 {
		return fmt.Errorf("host name of %d bytes is longer than DNS allows (253)", len(host))
	}
	for label := range strings.SplitSeq(host, ".") {
		if len(label) > 63 {
			return fmt.Errorf("host name label of %d bytes is longer than DNS allows (63)", len(label))
		}
	}
	return nil
}
