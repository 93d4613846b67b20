// Package seeds holds the seeds of the feed fuzz targets (crawler's
// FuzzParseFeed, fetch's FuzzRepairFeed), so that both start from the
// same corpus. It imports nothing of newshound, so that in-package tests
// of crawler and crawler/fetch can use it.
package seeds

import "strings"

// Feeds are small feeds of every format the crawler reads (RSS 2.0 and
// 0.91, Atom, JSON Feed, RDF), and the damage fetch's feed repair puts
// right: a legacy charset, control characters, a cut-off document, UTF-16,
// an unknown encoding, deep nesting and empty or near-empty input.
var Feeds = []string{
	`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://news.example/</link>` +
		`<item><title>Bank &amp; Meta</title><link>/a/1</link><guid>https://news.example/a/1</guid><pubDate>Mon, 03 Mar 2025 12:00:00 GMT</pubDate>` +
		`<description>&lt;p&gt;Facebook &lt;b&gt;shares&lt;/b&gt; data&lt;/p&gt;</description><author>a@b.c (Ann)</author></item></channel></rss>`,
	`<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>E</title><link href="https://news.example/e"/>` +
		`<id>tag:x,2025:e</id><updated>2025-03-03T12:00:00Z</updated><author><name>Bo</name></author><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>`,
	`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://news.example/j","title":"J1","content_html":"<p>x</p>","date_published":"2025-03-03T12:00:00Z","authors":[{"name":"Cy"}]}]}`,
	`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel>` +
		`<item rdf:about="https://news.example/r"><title>R1</title><link>https://news.example/r</link></item></rdf:RDF>`,
	`<rss version="0.91"><channel><title>Old</title><item><title>O</title><link>https://news.example/o</link></item></channel></rss>`,
	"<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>\x93Q\x94</title><link>https://news.example/c</link></item></channel></rss>",
	"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\x01ctl\x0b</title><item><title>T</title><link>https://news.example/t</link></item><item><title>cut",
	"\xff\xfe<\x00r\x00s\x00s\x00>\x00<\x00/\x00r\x00s\x00s\x00>\x00",
	`<?xml version="1.0" encoding="x-unknown"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="javascript:x"/></entry>`,
	"<rss><channel><item><link>http://[::1]:80/a/../b?utm_source=x#f</link></item></channel></rss>",
	strings.Repeat("<a>", 1200), "{}", "", "<", "<!--", "<![CDATA[", "<?xml",
}
