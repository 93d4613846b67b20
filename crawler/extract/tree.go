package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const softHyphen = "\u00ad"

// countTagOpenings returns an upper bound of the number of start tags in page: every
// '<' followed by an ASCII letter. It is a cheap guard run before parsing, so that a
// page with a million elements never reaches the parser's node allocations.
func countTagOpenings(page []byte) int {
	n := 0
	for {
		i := bytes.IndexByte(page, '<')
		if i < 0 || i+1 >= len(page) {
			return n
		}
		if c := page[i+1] | 0x20; c >= 'a' && c <= 'z' {
			n++
		}
		page = page[i+1:]
	}
}

// prepareTree removes soft hyphens from every text node and attribute value of doc
// and returns the number of its element nodes and of its <p> elements.
func prepareTree(doc *html.Node) (elements, paragraphs int) {
	var walk func(*html.Node)
	walk = func(node *html.Node) {
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if strings.Contains(c.Data, softHyphen) {
					c.Data = strings.ReplaceAll(c.Data, softHyphen, "")
				}
			case html.ElementNode:
				elements++
				if c.DataAtom == atom.P {
					paragraphs++
				}
				for i := range c.Attr {
					if strings.Contains(c.Attr[i].Val, softHyphen) {
						c.Attr[i].Val = strings.ReplaceAll(c.Attr[i].Val, softHyphen, "")
					}
				}
			}
			walk(c)
		}
	}
	walk(doc)
	return elements, paragraphs
}
