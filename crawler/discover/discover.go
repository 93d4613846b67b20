// Package discover finds the feed behind a web address, as a feed reader
// does when a user pastes a site's address instead of its feed's.
//
// Find tries, in order: the address itself (when it already is a feed);
// the feeds its page announces with <link rel="alternate"> of type
// application/rss+xml, application/atom+xml, application/feed+json or
// application/rdf+xml, in page order; then the usual feed paths
// (CommonPaths) beside the page and at the site's root. A candidate counts
// only when fetch.ParseFeed reads it, exactly as a crawl would.
//
// Every request goes through the client given to the Finder: give it the
// crawler's guarded client (fetch.NewClient, crawler.NewClient or
// crawler.Crawler.Client), so that discovery refuses private addresses
// just as crawling does.
package discover

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrNoFeed is wrapped by Find's error when neither the address, nor the
// feeds its page links to, nor the common paths gave a readable feed.
var ErrNoFeed = errors.New("no feed found")

// CommonPaths are the paths Find tries, beside the page and then at the
// site's root, when the page links to no readable feed.
var CommonPaths = []string{"feed", "rss", "atom.xml", "feed.xml", "index.xml", "rss.xml"}

// DefaultMaxLinks is the default Finder.MaxLinks.
const DefaultMaxLinks = 8

// How a feed was found, in Result.Via.
const (
	// ViaDirect: the address given is a feed.
	ViaDirect = "direct"
	// ViaLink: the page links to the feed with <link rel="alternate">.
	ViaLink = "link"
	// ViaPath: the feed sits at one of CommonPaths.
	ViaPath = "path"
)

// Result is a discovered feed.
type Result struct {
	// URL is the feed's address, after redirects.
	URL string
	// Title is the feed's own title; empty when it has none.
	Title string
	// Items is the number of items the feed holds now.
	Items int
	// Via says how the feed was found: ViaDirect, ViaLink or ViaPath.
	Via string
	// Others are further feeds the page links to, after the one found and
	// not fetched: a site's
	// comment or category feeds, for the user to add by hand if wanted.
	Others []string
}

// Finder discovers feeds. The zero value is not usable: set Client.
type Finder struct {
	// Client makes every request. Required; it should be the crawler's
	// guarded client (see the package comment).
	Client *http.Client
	// MaxLinks bounds the linked feeds fetched before giving up on the
	// page's links. Default DefaultMaxLinks.
	MaxLinks int
}

// Find returns the feed at or behind rawURL (http or https). An address
// that cannot be fetched gives that error; an address that leads to no
// readable feed gives an error wrapping ErrNoFeed, naming what was tried.
func (f *Finder) Find(ctx context.Context, rawURL string) (Result, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Result{}, fmt.Errorf("discover: %q is not an http or https address (write it like https://example.com/)", rawURL)
	}
	page, err := f.fetch(ctx, rawURL)
	if err != nil {
		return Result{}, err
	}
	if !page.html {
		feed, err := page.feed()
		if err != nil {
			return Result{}, fmt.Errorf("discover: %s is neither a readable feed nor a web page: %w", rawURL, err)
		}
		return Result{URL: page.url, Title: feed.Title, Items: len(feed.Items), Via: ViaDirect}, nil
	}
	links := alternateLinks(page.body, page.url)
	var tried []string
	for i, link := range links {
		if i == f.maxLinks() {
			break
		}
		res, err := f.try(ctx, link, ViaLink)
		if err == nil {
			res.Others = others(links[i+1:], res.URL)
			return res, nil
		}
		if ctx.Err() != nil {
			return Result{}, fmt.Errorf("discover: %s: %w", rawURL, ctx.Err())
		}
		tried = append(tried, err.Error())
	}
	for _, cand := range commonCandidates(page.url) {
		res, err := f.try(ctx, cand, ViaPath)
		if err == nil {
			return res, nil
		}
		if ctx.Err() != nil {
			return Result{}, fmt.Errorf("discover: %s: %w", rawURL, ctx.Err())
		}
	}
	if len(tried) > 0 {
		return Result{}, fmt.Errorf("discover: %s links to feeds, but none could be read (%s), and no feed sits at /%s: %w; pass the feed's own address",
			rawURL, strings.Join(tried, "; "), strings.Join(CommonPaths, ", /"), ErrNoFeed)
	}
	return Result{}, fmt.Errorf("discover: %s is a web page that links to no feed, and no feed sits at /%s: %w; pass the feed's own address",
		rawURL, strings.Join(CommonPaths, ", /"), ErrNoFeed)
}

func (f *Finder) maxLinks() int {
	if f.MaxLinks > 0 {
		return f.MaxLinks
	}
	return DefaultMaxLinks
}

// try fetches one candidate and reads it as a feed.
func (f *Finder) try(ctx context.Context, cand, via string) (Result, error) {
	page, err := f.fetch(ctx, cand)
	if err != nil {
		return Result{}, err
	}
	feed, err := page.feed()
	if err != nil {
		return Result{}, err
	}
	return Result{URL: page.url, Title: feed.Title, Items: len(feed.Items), Via: via}, nil
}

// others lists the links not yet tried, but the feed found (which a
// redirect may have reached).
func others(links []string, found string) []string {
	var out []string
	for _, l := range links {
		if l != found {
			out = append(out, l)
		}
	}
	return out
}
