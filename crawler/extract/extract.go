// Package extract turns a fetched article page into its main text and metadata.
//
// An Extractor decodes the page (charset from the Content-Type header, then a <meta>
// declaration, then detection), removes soft hyphens, parses it once, and runs the
// article extraction libraries (go-trafilatura, readeck go-readability) on the tree
// within size and element limits, recovering their panics. Merge combines the page's
// metadata with what the feed item said about it.
package extract

import "time"

// Result is what extraction found in a page. Zero values mean "not found".
type Result struct {
	Title       string
	Authors     []string
	Published   time.Time
	Modified    time.Time
	Text        string
	Lang        string
	Canonical   string
	SiteName    string
	Description string
	Image       string

	// Source names the library whose main text was kept: "trafilatura" or "readability".
	// With StrategyCompare it is "trafilatura" even when trafilatura's comparison chose
	// readability's candidate, as the choice happens inside go-trafilatura.
	Source string
	// Charset is the WHATWG name of the encoding the page was decoded from.
	Charset string
}
