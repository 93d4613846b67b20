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
		i := strings.LastIndex(title, sep)
		j := strings.Index(title, sep)
		if i < 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		first, rest := strings.TrimSpace(title[:j]), strings.TrimSpace(title[j+len(sep):])
		// The story must stay the larger part: some pages put their title in og:site_name.
		switch {
		case 2*len(head) >= len(tail) && isSiteName(tail, siteName, pageURL):
			return spelled(head, headings)
		case 2*len(rest) >= len(first) && isSiteName(first, siteName, pageURL):
			return spelled(rest, headings)
		}
		for _, part := range []string{head, first, rest} {
			if h := headingSpelling(part, headings); h != "" {
				return h
			}
		}
	}
	return spelled(title, headings)
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
		i := strings.LastIndex(heading, sep)
		if i < 0 {
			continue
		}
		j := strings.Index(heading, sep)
		head, tail := strings.TrimSpace(heading[:i]), strings.TrimSpace(heading[i+len(sep):])
		first, rest := strings.TrimSpace(heading[:j]), strings.TrimSpace(heading[j+len(sep):])
		switch {
		case 2*len(head) >= len(tail) && isSiteName(tail, siteName, pageURL):
			return head
		case 2*len(rest) >= len(first) && isSiteName(first, siteName, pageURL):
			return rest
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
