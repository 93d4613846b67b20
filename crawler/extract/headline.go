package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxHeadlineRunes bounds a heading taken as the headline; longer "headings" are
// paragraphs marked up as headings.
const maxHeadlineRunes = 300

// headline returns the article's headline as the page shows it. The metadata title
// (title, already without the site's name) is what the publisher wrote for search
// engines and link previews; the visible headline is the page's <h1>, which often
// differs (a shorter or longer wording, a kicker before it). In order:
//
//   - an <h1> that ends with the words of a metadata title (title, og:title,
//     JSON-LD headline, <title>), after a kicker ("Politics | Story"), gives that
//     title spelled as the heading writes it;
//   - else the <h1> sharing most words with the metadata titles (title, og:title,
//     JSON-LD headline, <title>), when at least half of its words or of a title's
//     words are shared; between equal shares, the one sharing more words; but
//     when that <h1> is written as none of the titles, an <h2> written exactly as
//     og:title or the JSON-LD headline;
//   - else an <h2> whose words all belong to one metadata title, or that holds
//     all of a title's words (pages that mark their headline up as <h2> under a
//     logo);
//   - else title.
//
// Headings that name the site (its name, the host's name) are never the headline.
func headline(title, siteName string, pageURL *url.URL, pm *pageMeta) string {
	h1s := headlineCandidates(pm.headings, pm.headingLinks, siteName, pageURL)
	metas := []string{title, clean(pm.ogTitle), clean(pm.jsonHeadline), pm.titleTag}
	for _, m := range metas {
		if t := squash(m); len(t) >= 8 {
			for _, h := range h1s {
				if sub := kickedSpelling(h, m); sub != "" {
					return sub
				}
			}
		}
	}
	best, bestScore, bestShared := "", 0.0, 0
	for _, h := range h1s {
		s, n := wordOverlap(h, metas)
		if s > bestScore || s == bestScore && n > bestShared {
			best, bestScore, bestShared = h, s, n
		}
	}
	h2s := headlineCandidates(pm.subheads, nil, siteName, pageURL)
	if bestScore >= 0.5 && !equalsAny(best, metas) {
		// An <h2> written exactly as the link-preview title beats an <h1> that
		// only shares words with one (a topic heading over the story's).
		for _, h := range h2s {
			if equalsAny(h, []string{clean(pm.ogTitle), clean(pm.jsonHeadline)}) {
				return h
			}
		}
	}
	if bestScore >= 0.5 {
		return best
	}
	for _, h := range h2s {
		if wordOverlapStrict(h, metas) {
			return h
		}
	}
	return title
}

// equalsAny reports whether heading writes the same letters and digits as one of
// titles, ignoring case and punctuation.
func equalsAny(heading string, titles []string) bool {
	h := squash(heading)
	for _, t := range titles {
		if h != "" && squash(t) == h {
			return true
		}
	}
	return false
}

// headlineCandidates returns the headings that may be the headline: not empty, not
// too long, not the site's name, not a link to the site's front page or a section
// above the story (linksHome; links holds each heading's whole link, see
// wholeLink; nil: none known).
func headlineCandidates(headings, links []string, siteName string, pageURL *url.URL) []string {
	var out []string
	for i, h := range headings {
		if n := utf8.RuneCountInString(h); n < 2 || n > maxHeadlineRunes {
			continue
		}
		if namesSite(h, siteName, pageURL) || i < len(links) && linksHome(links[i], pageURL) {
			continue
		}
		out = append(out, cutSitePart(h, siteName, pageURL))
	}
	return out
}

// linksHome reports whether href goes to the site's front page, or to a section
// of one path segment at least two segments above pageURL on the same host (a
// blog's front page /filmgang/ above /filmgang/2013/02/08/stand-up-guys/, not the
// story's own /story/ above its page /story/2/ or /story/amp/): a heading written
// as such a link is the site's or the section's name, as classic blog themes
// write their <h1>, not the story's. A fragment, a query (WordPress's /?p=123
// permalinks) or another scheme is no front page.
func linksHome(href string, pageURL *url.URL) bool {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") || pageURL == nil {
		return false
	}
	u, err := pageURL.Parse(href)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.RawQuery != "" ||
		!strings.EqualFold(strings.TrimPrefix(u.Hostname(), "www."), strings.TrimPrefix(pageURL.Hostname(), "www.")) {
		return false
	}
	dir, page := pathSegments(u.Path), pathSegments(pageURL.Path)
	switch len(dir) {
	case 0:
		return len(page) > 0 || pageURL.RawQuery != "" // the root, from another page
	case 1:
		return len(page) >= 3 && page[0] == dir[0]
	}
	return false
}

// pathSegments splits a URL path into its segments, without an index page's name.
func pathSegments(path string) []string {
	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	if n := len(segs); n > 0 && (segs[n-1] == "index.html" || segs[n-1] == "index.php" || segs[n-1] == "index.htm") {
		segs = segs[:n-1]
	}
	return segs
}

// kickedSpelling returns the end of heading that writes the words of title
// (ignoring case and punctuation), when heading holds them after something more
// (a kicker), trimmed of separators; else "".
func kickedSpelling(heading, title string) string {
	t := squash(title)
	var sq []rune
	var at []int // byte offset in heading of each rune of sq
	for i, r := range heading {
		if r = unicode.ToLower(r); unicode.IsLetter(r) || unicode.IsDigit(r) {
			sq = append(sq, r)
			at = append(at, i)
		}
	}
	s := string(sq)
	if len(t) >= len(s) || !strings.HasSuffix(s, t) {
		return ""
	}
	first := len(sq) - utf8.RuneCountInString(t)
	part := strings.TrimSpace(heading[at[first]:])
	if wordCount(part) != wordCount(title) {
		return ""
	}
	return part
}

// words returns the lower-cased words of s (runs of letters and digits).
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// shared returns how many of a's words (with multiplicity) are among b's.
func shared(a, b []string) int {
	set := make(map[string]int, len(b))
	for _, w := range b {
		set[w]++
	}
	n := 0
	for _, w := range a {
		if set[w] > 0 {
			set[w]--
			n++
		}
	}
	return n
}

// wordOverlap returns the best, over the titles, of the larger of the share of
// heading's words found in the title and the share of the title's words found in
// heading; 0 when fewer than two words are shared (one, for a heading of one or two
// words all shared). sharedWords is the most words heading shares with one title:
// between headings of equal score, the one sharing more words wins (a section's
// one-word <h1> "Pressemitteilungen" matches a metadata title of that one word as
// fully as the story's <h1> matches the <title>).
func wordOverlap(heading string, titles []string) (score float64, sharedWords int) {
	hw := words(heading)
	if len(hw) == 0 {
		return 0, 0
	}
	for _, t := range titles {
		tw := words(t)
		if len(tw) == 0 {
			continue
		}
		n := shared(hw, tw)
		if n < 2 && !(n == len(hw) && n > 0) {
			continue
		}
		score = max(score, float64(n)/float64(len(hw)), float64(n)/float64(len(tw)))
		sharedWords = max(sharedWords, n)
	}
	return score, sharedWords
}

// wordOverlapStrict reports whether all of heading's words (two or more) belong to
// one of titles, or all of a title's words (two or more) to heading.
func wordOverlapStrict(heading string, titles []string) bool {
	hw := words(heading)
	for _, t := range titles {
		tw := words(t)
		n := shared(hw, tw)
		if n >= 2 && (n == len(hw) || n == len(tw)) {
			return true
		}
	}
	return false
}

// namesSite reports whether heading is the site's name: its og:site_name, or the
// host's name ("Example.com", "Example"), ignoring case and punctuation. It is
// stricter than isSiteName, as a story's headline may name its site's product.
func namesSite(heading, siteName string, pageURL *url.URL) bool {
	p := squash(heading)
	if s := squash(siteName); s != "" && (p == s || strings.Contains(p, s) && 2*len(s) >= len(p)) {
		return true
	}
	if pageURL == nil {
		return false
	}
	host := strings.TrimPrefix(strings.ToLower(pageURL.Hostname()), "www.")
	label := squash(siteLabel(pageURL))
	return p == squash(host) || len(label) >= 3 && strings.Contains(p, label) && 2*len(label) >= len(p)
}
