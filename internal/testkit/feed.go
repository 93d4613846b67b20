package testkit

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// RSS is an RSS 2.0 feed whose items link to base+path, one per path,
// published one hour apart going back from now.
func RSS(base string, now time.Time, paths ...string) string {
	return RSSEvery(base, now, time.Hour, paths...)
}

// RSSEvery is RSS with the items published step apart.
func RSSEvery(base string, now time.Time, step time.Duration, paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title><link>` + base + `/</link>`)
	for i, p := range paths {
		fmt.Fprintf(&b, `<item><title>Story %s</title><link>%s%s</link><pubDate>%s</pubDate><description>Feed text of story %s, long enough to keep.</description></item>`,
			p, base, p, now.Add(-time.Duration(i)*step).Format(http.TimeFormat), p)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// Host is the base URL (http://host:port) of the server r was sent to.
func Host(r *http.Request) string { return "http://" + r.Host }

// PageText is the text of the article Page serves.
var PageText = strings.Repeat("A normal paragraph of article text. ", 20)

// Page is a handler that serves an HTML article page with enough text to
// extract (PageText).
func Page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.Write([]byte("<html><body><article><p>" + PageText + "</p></article></body></html>"))
}
