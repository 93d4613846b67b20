package fetch

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Limits on a feed's shape, checked before the parse. gofeed builds its
// result element by element and keeps a stack entry per open element, so
// a 10 MiB body of empty or nested tags cost it up to 2 GB; within these
// limits four feeds crawled at once stay under 256 MB of heap
// (TestHostileFeedsPeakHeap in package crawler).
const (
	// MaxFeedDepth is the deepest element nesting accepted in a feed.
	// Real feeds stay under twenty levels.
	MaxFeedDepth = 1000
	// MaxFeedElements caps the XML elements (or JSON values) of one feed:
	// 5,000 items (DefaultMaxFeedItems) of 40 elements each fit. The
	// largest of the 2,800 real feeds in the shared test data has 374.
	MaxFeedElements = 200_000
)

// feedLimits are the limits scanFeed checks; a zero field is no limit.
type feedLimits struct {
	Items, Elements, Depth int
}

// feedShape is what scanFeed saw of a body, up to where it stopped.
type feedShape struct {
	// Items counts RSS item and Atom entry elements in any case or
	// namespace (or the elements of top-level JSON arrays): never fewer
	// than gofeed builds from the part scanned.
	Items int
	// Elements counts every element (or JSON value).
	Elements int
	// Depth is the deepest nesting seen.
	Depth int
}

// checkFeedShape scans body and returns nil when it is within the limits,
// or an error naming the feed and the limit that was passed: ErrTooManyItems
// for items or elements, ErrParse for nesting.
func checkFeedShape(body []byte, feedURL string, lim feedLimits) error {
	s := scanFeed(body, lim)
	switch {
	case lim.Items > 0 && s.Items > lim.Items:
		return fmt.Errorf("feed %s: %w (more than %d, the limit)", feedURL, ErrTooManyItems, lim.Items)
	case lim.Elements > 0 && s.Elements > lim.Elements:
		return fmt.Errorf("feed %s: %w (more than %d elements, the limit)", feedURL, ErrTooManyItems, lim.Elements)
	case lim.Depth > 0 && s.Depth > lim.Depth:
		return fmt.Errorf("feed %s: %w: elements nested deeper than %d, the limit", feedURL, ErrParse, lim.Depth)
	}
	return nil
}

// scanFeed measures body the way gofeed will read it, stopping as soon as
// a limit is passed. A body whose first character (after white space and
// byte order marks, as gofeed's detection skips them) is '{' is scanned as
// JSON, anything else as XML. It keeps no tree: memory stays constant.
func scanFeed(body []byte, lim feedLimits) feedShape {
	if isJSONBody(body) {
		return scanJSON(body, lim)
	}
	return scanXML(body, lim)
}

// isJSONBody reports whether gofeed takes body for a JSON feed: its first
// byte other than white space or a byte order mark is '{'.
func isJSONBody(body []byte) bool {
	i := 0
	for i < len(body) && strings.IndexByte(" \r\n\t\xfe\xff\x00\xef\xbb\xbf", body[i]) >= 0 {
		i++
	}
	return i < len(body) && body[i] == '{'
}

// scanXML tokenizes body with encoding/xml set up as gofeed sets it up
// (not strict, the declared charset decoded, control characters dropped),
// so every element gofeed sees is counted. It reads raw tokens: the
// decoder keeps no element stack, and an end tag lowers the depth by
// one, never below zero, where gofeed's decoder closes one element or
// more, or stops; the depth measured is thus never below gofeed's. A
// syntax error ends the scan, as it ends gofeed's parse.
func scanXML(body []byte, lim feedLimits) feedShape {
	d := xml.NewDecoder(&controlFilter{r: bytes.NewReader(body)})
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var s feedShape
	depth := 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			return s
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.Elements++
			depth++
			s.Depth = max(s.Depth, depth)
			if isItemName(t.Name.Local) {
				s.Items++
			}
			if s.over(lim) {
				return s
			}
		case xml.EndElement:
			depth = max(depth-1, 0)
		}
	}
}

// isItemName reports whether gofeed takes an element of this local name
// for an RSS item or an Atom entry: it compares the lower-cased name.
func isItemName(local string) bool {
	if len(local) < 4 || len(local) > 16 {
		return false
	}
	l := strings.ToLower(local)
	return l == "item" || l == "entry"
}

// over reports whether s has passed one of the limits.
func (s *feedShape) over(lim feedLimits) bool {
	return lim.Items > 0 && s.Items > lim.Items ||
		lim.Elements > 0 && s.Elements > lim.Elements ||
		lim.Depth > 0 && s.Depth > lim.Depth
}

// scanJSON measures a JSON body with a byte scan of its structure
// (strings skipped): every value opened by '{' or '[' or following a ','
// is an element, and each element of an array that is a value of the top
// object is an item, whatever its key, as encoding/json matches the key
// "items" without regard to case. gofeed refuses invalid JSON before it
// builds anything, so only valid JSON needs an exact count.
func scanJSON(body []byte, lim feedLimits) feedShape {
	var s feedShape
	// inArray[k] tells whether the container at depth k+1 is an array.
	var stack [64]bool
	depth := 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '"':
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			s.Elements++
			depth++
			s.Depth = max(s.Depth, depth)
			if depth <= len(stack) {
				stack[depth-1] = c == '['
			}
			if depth == 2 && c == '[' {
				s.Items++ // the array's first element, if any
			}
		case '}', ']':
			depth = max(depth-1, 0)
		case ',':
			s.Elements++
			if depth == 2 && stack[1] {
				s.Items++
			}
		default:
			continue
		}
		if s.over(lim) {
			return s
		}
	}
	return s
}

// controlFilter drops the control characters that XML forbids, as gofeed
// does before it parses, so that the scan goes on where the parse does.
type controlFilter struct {
	r io.Reader
}

// Read reads from the underlying reader and removes C0 controls other
// than tab, newline and carriage return.
func (c *controlFilter) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		w := 0
		for _, b := range p[:n] {
			if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
				continue
			}
			p[w] = b
			w++
		}
		if w > 0 || err != nil {
			return w, err
		}
	}
}
