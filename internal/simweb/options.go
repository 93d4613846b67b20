package simweb

import "time"

// Options configures a simulated web. The zero value is a small web of three
// sites with ten articles and one feed each.
type Options struct {
	// Hosts is the number of simulated sites, each its own server on its own
	// loopback port. Zero (or negative) means 3. Each site holds one open
	// file, so the process's open-file limit bounds it.
	Hosts int
	// ArticlesPerHost is the number of articles on each site. Zero means 10.
	// With two or more, one of them (a KindFlag story when the site has one
	// after its first article) lives under the robots-disallowed /private/.
	ArticlesPerHost int
	// FeedsPerHost is the number of feeds on each site; article i belongs to
	// feed i mod FeedsPerHost, so feeds can be empty when there are more
	// feeds than articles. Zero means 1.
	FeedsPerHost int
	// Seed makes titles, authors, dates, story kinds and paragraphs
	// deterministic; zero is a seed like any other.
	Seed int64
	// Formats is the rotation of feed formats: feed f of site h has format
	// Formats[(h+f) mod len(Formats)]. Nil means RSS2, Atom, JSONFeed, RSS1,
	// RSS091, so three sites with one feed each serve RSS 2.0, Atom and JSON
	// Feed, and RSS 1.0 and 0.91 appear from five sites (or feeds) on.
	Formats []Format
	// Now is the publication time of the newest article; older ones go back
	// one to six hours each. Zero means 2025-03-03T12:00:00Z, so dates are
	// deterministic; set it to time.Now() when recency matters.
	Now time.Time
	// Validators says how every site treats conditional requests on feeds
	// (SetValidators changes one site). The zero value honours them.
	Validators Validators
	// Gzip compresses feeds, pages and robots.txt with gzip for clients
	// that send Accept-Encoding: gzip (Go's client does by default). Stats
	// then count compressed bytes. False serves everything uncompressed.
	Gzip bool
	// FeedTTL, when positive, is announced by feeds as RSS 2.0 <ttl> and as
	// Cache-Control max-age on every feed response. Zero announces nothing.
	FeedTTL time.Duration
}

// Validators is how a site answers conditional requests for its feeds.
type Validators int

const (
	// ValidatorsHonoured sends ETag and Last-Modified and answers 304 Not
	// Modified to a matching If-None-Match or, when that is absent, to an
	// If-Modified-Since not older than the feed. The default.
	ValidatorsHonoured Validators = iota
	// ValidatorsIgnored sends ETag and Last-Modified but always answers 200
	// with the full (unchanged) body.
	ValidatorsIgnored
	// ValidatorsNone sends neither header and always answers 200.
	ValidatorsNone
)

var defaultNow = time.Date(2025, time.March, 3, 12, 0, 0, 0, time.UTC)

// withDefaults returns o with zero values replaced by their defaults.
func (o Options) withDefaults() Options {
	if o.Hosts <= 0 {
		o.Hosts = 3
	}
	if o.ArticlesPerHost <= 0 {
		o.ArticlesPerHost = 10
	}
	if o.FeedsPerHost <= 0 {
		o.FeedsPerHost = 1
	}
	if len(o.Formats) == 0 {
		o.Formats = []Format{RSS2, Atom, JSONFeed, RSS1, RSS091}
	}
	if o.Now.IsZero() {
		o.Now = defaultNow
	}
	o.Now = o.Now.UTC().Truncate(time.Second)
	return o
}
