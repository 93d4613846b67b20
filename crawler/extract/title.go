package extract

import (
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/publicsuffix"
)

// titleSeparators split a <title> into the article's title and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " · ", " » ", " :: ", " // ", " ~ ", " • "}

// trimSiteName removes the site's name from a page title such as "Story - Site" or
// "Site | Story". A part is the site's name when it matches siteName or the host
// name; failing that, a part that equals one of the page's <h1> headings is kept.
// The result is spelled as the matching heading spells it (see headingSpelling).
func trimSiteName(title, siteName string, pageURL *url.URL, headings []string) string {
	title = strings.TrimSpace(strings.TrimRight(title, "|-–—·»:/~ "))
	if t, ok := cutSiteName(title, clean(siteName)); ok {
		return spelled(t, headings)
	}
	for _, sep := range titleSeparators {
		p, ok := splitAt(title, sep)
		if !ok {
			continue
		}
		if story, ok := p.cutSite(siteName, pageURL); ok {
			return spelled(story, headings)
		}
		for _, part := range []string{p.head, p.first, p.rest} {
			if h := headingSpelling(part, headings); h != "" {
				return h
			}
		}
	}
	return spelled(title, headings)
}

// split is a title cut at the last and at the first of its separators:
// head | tail, and first | rest.
type split struct{ head, tail, first, rest string }

// splitAt cuts s at the last and the first sep, or reports that s has none.
func splitAt(s, sep string) (split, bool) {
	i, j := strings.LastIndex(s, sep), strings.Index(s, sep)
	if i < 0 {
		return split{}, false
	}
	return split{head: strings.TrimSpace(s[:i]), tail: strings.TrimSpace(s[i+len(sep):]),
		first: strings.TrimSpace(s[:j]), rest: strings.TrimSpace(s[j+len(sep):])}, true
}

// cutSite returns the story when the last part (tail) or the first (first)
// names the site. The story must stay at least half as long as the part cut:
// some pages put their title in og:site_name.
func (p split) cutSite(siteName string, pageURL *url.URL) (string, bool) {
	switch {
	case 2*len(p.head) >= len(p.tail) && isSiteName(p.tail, siteName, pageURL):
		return p.head, true
	case 2*len(p.rest) >= len(p.first) && isSiteName(p.first, siteName, pageURL):
		return p.rest, true
	}
	return "", false
}

// cutSitePart removes from a heading a part separated from the rest that names the
// site ("Story | EXAMPLE.NET"), as trimSiteName does for a title but with the
// heading's punctuation kept; the story must stay at least half as long as the
// part cut.
func cutSitePart(heading, siteName string, pageURL *url.URL) string {
	if t, ok := cutSiteName(heading, clean(siteName)); ok {
		return t
	}
	for _, sep := range titleSeparators {
		if p, ok := splitAt(heading, sep); ok {
			if story, ok := p.cutSite(siteName, pageURL); ok {
				return story
			}
		}
	}
	return heading
}

// cutSiteName removes siteName, written whole, from the end or the start of title
// ("Story - Site - Its Motto" with site name "Site - Its Motto"), and reports whether
// it did. The story must stay at least half as long as the site name: some pages put
// their title in og:site_name.
func cutSiteName(title, siteName string) (string, bool) {
	if siteName == "" {
		return title, false
	}
	for _, sep := range titleSeparators {
		if n := len(title) - len(sep+siteName); 2*n >= len(siteName) && strings.EqualFold(title[n:], sep+siteName) {
			return strings.TrimSpace(title[:n]), true
		}
		if n := len(siteName + sep); 2*(len(title)-n) >= len(siteName) && strings.EqualFold(title[:n], siteName+sep) {
			return strings.TrimSpace(title[n:]), true
		}
	}
	return title, false
}

// isSiteName reports whether part names the site: it equals siteName or one of its
// separated pieces ("Site" of "Site | example.com"), or contains the host's registrable label ("aerobuzz" for www.aerobuzz.de), ignoring case and punctuation.
func isSiteName(part, siteName string, pageURL *url.URL) bool {
	p := squash(part)
	if p == "" {
		return false
	}
	if rxHostName.MatchString(strings.TrimSpace(part)) {
		return true
	}
	if s := squash(siteName); s != "" && (p == s || strings.Contains(p, s) && len(s) >= len(p)/2) {
		return true
	}
	for _, sep := range titleSeparators { // a piece of "Site | example.com"
		if pieces := strings.Split(siteName, sep); len(pieces) > 1 {
			for _, piece := range pieces {
				if squash(piece) == p {
					return true
				}
			}
		}
	}
	if pageURL == nil {
		return false
	}
	label := squash(siteLabel(pageURL))
	return len(label) >= 3 && strings.Contains(p, label) && len(label) >= len(p)/3
}

// siteLabel returns the label the site registered under its public suffix:
// "example" for www.example.co.uk, news.example.com and example.com.au; "" for
// an IP address or a bare suffix.
func siteLabel(pageURL *url.URL) string {
	host := strings.ToLower(pageURL.Hostname())
	if net.ParseIP(host) != nil {
		return ""
	}
	site, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	label, _, _ := strings.Cut(site, ".")
	return label
}

// rxHostName matches a title part written as a host name ("EXAMPLE.NET",
// "Example.co.uk"): a site's name, whatever the host the page was fetched from.
var rxHostName = regexp.MustCompile(`^(?i:www\.)?[\p{L}\d][\p{L}\d-]*(\.[\p{L}\d-]+)*\.(?i:com|net|org|info|biz|io|de|at|ch|fr|it|es|pl|nl|be|uk|eu|us|ca|ru|jp|br|ar|mx|se|no|dk|fi|cz|pt|tv|news|online|media|blog)$`)

// squash lower-cases s and keeps only its letters and digits (of any script).
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// spelled returns title as a heading spells it, or title.
func spelled(title string, headings []string) string {
	if h := headingSpelling(title, headings); h != "" {
		return h
	}
	return title
}

// headingSpelling returns the heading that writes the same words as title, ignoring
// case and punctuation, so that the title is spelled as the page shows it ("„Quote“ –
// Story" rather than the metadata's "\"Quote\" - Story"). The heading must have as
// many words as the title (inline elements glued without a space do not); when it is
// in capitals only, its capitals are styling and title itself is returned. It
// returns "" when no heading matches.
func headingSpelling(title string, headings []string) string {
	t := squash(title)
	if t == "" {
		return ""
	}
	for _, h := range headings {
		if squash(h) != t || wordCount(h) != wordCount(title) {
			continue
		}
		if strings.ToUpper(h) == h {
			return title
		}
		return h
	}
	return ""
}

// wordCount counts the white-space separated words of s that hold a letter or digit.
func wordCount(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if squash(w) != "" {
			n++
		}
	}
	return n
}
