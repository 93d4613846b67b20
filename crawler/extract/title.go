package extract

import (
	"net/url"
	"strings"
)

// titleSeparators split a <title> into the article's title and the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " · ", " » ", " :: ", " // ", " ~ "}

// trimSiteName removes the site's name from a page title such as "Story - Site" or
// "Site | Story". A part is the site's name when it matches siteName or the host
// name; failing that, a part that equals one of the page's <h1> headings is kept.
func trimSiteName(title, siteName string, pageURL *url.URL, headings []string) string {
	title = strings.TrimSpace(strings.TrimRight(title, "|-–—·»:/~ "))
	for _, sep := range titleSeparators {
		i := strings.LastIndex(title, sep)
		j := strings.Index(title, sep)
		if i < 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		first, rest := strings.TrimSpace(title[:j]), strings.TrimSpace(title[j+len(sep):])
		switch {
		case isSiteName(tail, siteName, pageURL):
			return head
		case isSiteName(first, siteName, pageURL):
			return rest
		}
		for _, h := range headings {
			if strings.EqualFold(h, head) {
				return head
			}
			if strings.EqualFold(h, rest) {
				return rest
			}
		}
	}
	return title
}

// isSiteName reports whether part names the site: it equals siteName or contains the
// host's registrable label ("aerobuzz" for www.aerobuzz.de), ignoring case and punctuation.
func isSiteName(part, siteName string, pageURL *url.URL) bool {
	p := squash(part)
	if p == "" {
		return false
	}
	if s := squash(siteName); s != "" && (p == s || strings.Contains(p, s) && len(s) >= len(p)/2) {
		return true
	}
	if pageURL == nil {
		return false
	}
	labels := strings.Split(strings.TrimPrefix(strings.ToLower(pageURL.Hostname()), "www."), ".")
	if len(labels) < 2 {
		return false
	}
	label := squash(labels[len(labels)-2])
	return len(label) >= 3 && strings.Contains(p, label) && len(label) >= len(p)/3
}

// squash lower-cases s and keeps only its letters and digits.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && !isSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
