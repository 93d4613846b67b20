package dedupe

import (
	"net/url"

	"github.com/newshound/newshound/crawler/urlnorm"
)

// ArticleURL returns the normalized URL an article is stored under, given
// the feed's normalized link, the page's final URL after redirects and
// the canonical URL the page names (rel=canonical or og:url; "" when
// none). It is urlnorm.PreferCanonical(final, canonical) (the canonical on
// the page's own site, or on any site when the page was reached through a
// redirector such as a feed proxy), with two guards against pages that
// would merge every article of a site into one: a result that is a site's
// home page ("/" path) while the link was not is refused, and so is a
// final URL that is unusable. In both cases the link is kept.
func ArticleURL(link, final, canonical string) string {
	if final == "" {
		final = link
	}
	got := urlnorm.PreferCanonical(final, canonical)
	if _, err := urlnorm.Normalize(got); err != nil {
		return link
	}
	if isHome(got) && !isHome(link) {
		// A consent wall, a login page or a canonical left at the home
		// page: keep the link, or at least the page's own URL.
		if f, err := urlnorm.Normalize(final); err == nil && !isHome(f) {
			return f
		}
		return link
	}
	return got
}

// isHome reports whether u is a site's root with no query.
func isHome(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Path == "" || p.Path == "/") && p.RawQuery == ""
}
