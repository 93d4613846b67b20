// Package simweb is a simulated news web for newshound's tests and
// benchmarks: a set of loopback HTTP servers, one per simulated news site,
// each with its own port, serving feeds, article pages, a home page and a
// robots.txt, with the ground truth of every story exposed for assertions.
//
// Each site serves feeds in a rotation of formats (RSS 2.0, Atom 1.0, JSON
// Feed 1.1, RSS 1.0 and RSS 0.91), article pages with the boilerplate of a
// real news site (navigation, related stories, comments, a cookie banner and a
// footer that mention Facebook, Messenger, banks and data: words that must not
// make a story flagged on their own), and a robots.txt that disallows
// /private/, where one article of each site lives.
//
// Article bodies come from fixed story templates with a Kind label: KindFlag
// stories are about banks and Facebook/Meta sharing people's financial data
// and must be flagged; the other kinds are near misses that must not be.
// Titles, authors, dates and the choice of paragraphs vary deterministically
// with Options.Seed.
//
// Every request is recorded (Requests, Stats, Hits). Feeds answer conditional
// requests with 304 unless a site is told to ignore validators
// (SetValidators); Options.Gzip compresses responses. Faults (404, 503 or 429
// with Retry-After, slow or byte-by-byte responses, malformed or replaced
// bodies, redirects) are injected per URL or per site with SetFault and
// SetHostFault, an unreachable URL comes from UnreachableURL, and AddFeedItem
// publishes a new story later, for second-crawl and daemon tests.
//
// A typical test:
//
//	w := simweb.New(simweb.Options{Hosts: 5, ArticlesPerHost: 12})
//	defer w.Close()
//	// crawl w.FeedURLs() with private networks allowed, then compare the
//	// flagged URLs with w.Flagged() and check w.Hits(url) for each
//	// Article with Disallowed set is 0.
//
// All servers listen on 127.0.0.1 only. A Web is safe for concurrent use.
package simweb
