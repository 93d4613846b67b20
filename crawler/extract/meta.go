package extract

import (
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
)

// fromTrafilatura fills res from trafilatura's metadata. The date is not taken:
// trafilatura reports the htmldate result it was given (see fastDate).
func fromTrafilatura(res *Result, m *trafilatura.Metadata) {
	res.Title = clean(m.Title)
	res.Authors = splitAuthors(m.Author)
	res.Lang = m.Language
	res.SiteName = clean(m.Sitename)
	res.Description = clean(m.Description)
	res.Image = m.Image
}

// fromReadability fills the fields of res that are still empty from readability's article.
func fromReadability(res *Result, a *readability.Article) {
	setIfEmpty(&res.Title, clean(a.Title()))
	if len(res.Authors) == 0 {
		res.Authors = splitAuthors(a.Byline())
	}
	if res.Published.IsZero() {
		if t, err := a.PublishedTime(); err == nil {
			res.Published = t
		}
	}
	if res.Modified.IsZero() {
		if t, err := a.ModifiedTime(); err == nil {
			res.Modified = t
		}
	}
	setIfEmpty(&res.Lang, a.Language())
	setIfEmpty(&res.SiteName, clean(a.SiteName()))
	setIfEmpty(&res.Description, clean(a.Excerpt()))
	setIfEmpty(&res.Image, a.ImageURL())
}

func setIfEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// clean collapses white space and removes soft hyphens.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, softHyphen, "")), " ")
}

// splitAuthors splits trafilatura's "A; B" author lists.
func splitAuthors(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ";") {
		if a = clean(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// fillFromMeta completes res from the page's structured metadata: dates (an
// article's JSON-LD, <meta> tags, itemprop attributes, a web page's JSON-LD, most
// trusted first), canonical URL, authors and site name. Values trafilatura found
// are kept, except that a publication time of day from the metadata completes
// trafilatura's date-only value, and the modification date, which trafilatura does
// not report, comes from here when the metadata has one (else readability's stays).
func fillFromMeta(res *Result, pm *pageMeta, pageURL *url.URL) {
	now := time.Now()
	pubs := []string{pm.metaPublished, pm.itemPublished}
	if pm.jsonRank >= 2 {
		pubs = append([]string{pm.jsonPublished}, pubs...)
	} else {
		pubs = append(pubs, pm.jsonPublished)
	}
	// trafilatura's date has no time of day: take the metadata's time when it is the same day.
	dayFirst := writesDayFirst(pm.lang)
	if t := firstDate(pubs, now, dayFirst); res.Published.IsZero() || sameDay(t, res.Published) {
		res.Published = t
	}
	if t := firstDate([]string{pm.jsonModified, pm.metaModified, pm.itemModified}, now, dayFirst); !t.IsZero() {
		res.Modified = t // else readability's, when it ran
	}
	for _, c := range []string{pm.canonical, pm.ogURL} {
		if u := absURL(c, pageURL); u != "" {
			res.Canonical = u
			break
		}
	}
	spellings := append(append([]string{}, pm.jsonAuthors...), metaNames(pm.metaAut)...)
	res.Authors = cleanAuthors(res.Authors, spellings)
	if len(res.Authors) == 0 {
		res.Authors = pm.jsonAuthors
	}
	setIfEmpty(&res.SiteName, clean(pm.ogSiteName))
	setIfEmpty(&res.SiteName, clean(pm.jsonPublisher))
	setIfEmpty(&res.Title, clean(pm.ogTitle))
	setIfEmpty(&res.Title, clean(pm.jsonHeadline))
	setIfEmpty(&res.Lang, pm.lang)
}

// firstDate returns the first plausible date of candidates, or the zero time;
// dayFirst is parseDate's.
func firstDate(candidates []string, now time.Time, dayFirst bool) time.Time {
	for _, s := range candidates {
		if t := parseDate(s, now, dayFirst); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// absURL resolves ref against base and returns it when it is an http(s) URL, else "".
func absURL(ref string, base *url.URL) string {
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}

// sameDay reports whether a and b fall on the same calendar date as written.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
