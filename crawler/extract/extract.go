// Package extract turns a fetched article page into its main text and metadata.
//
// An Extractor decodes the page (charset from a byte order mark, then valid UTF-8
// with many characters beyond ASCII, then the Content-Type header, a <meta>
// declaration, then detection), removes soft hyphens, parses it once, and runs the
// article extraction libraries (go-trafilatura, readeck go-readability) on the tree
// within size and element limits, recovering their panics. Merge combines the page's
// metadata with what the feed item said about it.
package extract

import "time"

// Result is what extraction found in a page. Zero values mean "not found".
type Result struct {
	// Title is the article's headline, without the site's name, spelled as the
	// page's matching <h1> spells it.
	Title string
	// Authors are the article's authors, in page order; comment authors are not.
	Authors []string
	// Published is when the article was first published, in the offset the page
	// wrote; a date without a time of day is midnight UTC. A date only labelled as an
	// update goes to Modified instead; Modified is Published too (DateModified)
	// only where no other step found a date. Dates before 1990 or after tomorrow
	// are dropped.
	Published time.Time
	// DateSource names where Published was read: DateMetadata, DateHeading and the
	// other Date constants; "" when Published is zero.
	DateSource string
	// Modified is when the page says the article was last changed.
	Modified time.Time
	// Text is the main text: paragraphs separated by blank lines.
	Text string
	// Lang is the page's language as go-trafilatura reports it ("de", "en"), or the
	// <html lang> attribute.
	Lang string
	// Canonical is the absolute URL of <link rel="canonical">, else og:url.
	Canonical string
	// SiteName is the site's name (og:site_name and the like, else the JSON-LD
	// publisher's name).
	SiteName string
	// Description is the page's summary (og:description, <meta name="description">).
	Description string
	// Image is the absolute URL of the lead image (og:image and the like).
	Image string

	// Source names the library whose main text was kept: "trafilatura" or "readability",
	// or SourceStructured for the page's own articleBody (where both libraries
	// returned a link-heavy text).
	// With StrategyCompare it is "trafilatura" even when trafilatura's comparison chose
	// readability's candidate, as the choice happens inside go-trafilatura.
	Source string
	// Doubt says why go-trafilatura's text was doubted and readability asked for a
	// second opinion (StrategySecondOpinion): DoubtShort, DoubtLinkHeavy or
	// DoubtStructured; "" when it was not.
	Doubt string
	// Charset is the WHATWG name of the encoding the page was decoded from.
	Charset string
}
