package discover

import (
	"bytes"
	"mime"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// feedTypes are the <link type> values that announce a feed.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/rdf+xml":   true,
	"application/x-rss+xml": true,
}

// alternateLinks returns the absolute http(s) addresses of the feeds a
// page announces with <link rel="alternate" type="...">, in page order,
// without repeats. Relative addresses resolve against <base href> when
// the page has one, else against pageURL.
func alternateLinks(body []byte, pageURL string) []string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !hasAttr {
				continue
			}
			switch atom.Lookup(name) {
			case atom.Base:
				if href := attrs(z)["href"]; href != "" {
					if b, err := base.Parse(href); err == nil {
						base = b
					}
				}
			case atom.Link:
				a := attrs(z)
				if !isFeedLink(a["rel"], a["type"]) || a["href"] == "" {
					continue
				}
				u, err := base.Parse(strings.TrimSpace(a["href"]))
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
					continue
				}
				u.Fragment = ""
				if s := u.String(); !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
}

func attrs(z *html.Tokenizer) map[string]string {
	m := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		m[strings.ToLower(string(k))] = string(v)
		if !more {
			return m
		}
	}
}

// isFeedLink reports whether rel holds the token "alternate" (or "feed")
// and type is a feed's media type.
func isFeedLink(rel, typ string) bool {
	mt, _, err := mime.ParseMediaType(typ)
	if err != nil || !feedTypes[mt] {
		return false
	}
	for _, tok := range strings.Fields(strings.ToLower(rel)) {
		if tok == "alternate" || tok == "feed" {
			return true
		}
	}
	return false
}

// commonCandidates returns CommonPaths beside the page (when the page is
// not at the root) and at the site's root, without the page itself.
func commonCandidates(pageURL string) []string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	dirs := []string{"/"}
	if d := path.Dir(u.Path + "x"); d != "/" && d != "." {
		dirs = []string{d + "/", "/"}
	}
	var out []string
	for _, d := range dirs {
		for _, p := range CommonPaths {
			c := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: d + p}
			if s := c.String(); s != pageURL {
				out = append(out, s)
			}
		}
	}
	return out
}
