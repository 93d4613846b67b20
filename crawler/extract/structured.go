package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// SourceStructured is Result.Source when the text is the page's own articleBody
// (microdata itemprop="articleBody", else JSON-LD), taken where both extractors'
// text was link-heavy: a menu rather than the story.
const SourceStructured = "structured-data"

// structuredText returns the page's declared article body as text: the rendered
// element marked itemprop="articleBody", else jsonBody (JSON-LD articleBody); ""
// when neither is at least doubtShort characters long or it is link-heavy too.
func structuredText(doc *html.Node, jsonBody string) string {
	var t string
	if n := itempropBody(doc); n != nil {
		t = renderText(n)
	}
	if utf8.RuneCountInString(t) < doubtShort {
		t = clean(jsonBody)
	}
	if utf8.RuneCountInString(t) < doubtShort || linkOnlyShare(t, doc) > doubtLinkDensity {
		return ""
	}
	return t
}

// itempropBody returns the first element of doc whose itemprop names articleBody, or nil.
func itempropBody(doc *html.Node) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil || n.Type == html.ElementNode && skipTags[n.Data] {
			return
		}
		if n.Type == html.ElementNode {
			for _, f := range strings.Fields(attr(n, "itemprop")) {
				if strings.EqualFold(f, "articleBody") {
					found = n
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}
