package crawler

import "bytes"

// maxFeedDepth is the deepest element nesting accepted in an XML feed.
// Real feeds stay under twenty levels; the XML parser keeps a stack entry
// per open element, so a hostile feed of nested tags costs memory.
const maxFeedDepth = 1000

// countItemTags counts the RSS item and Atom entry start tags in body.
func countItemTags(body []byte) int {
	n := 0
	for _, tag := range []string{"<item>", "<item ", "<entry>", "<entry "} {
		n += bytes.Count(body, []byte(tag))
	}
	return n
}

// xmlTooDeep reports whether the XML in body nests elements deeper than
// limit. It is a byte scan, not a parse: comments, CDATA sections,
// processing instructions and declarations are skipped, and a body that
// does not start with '<' (a JSON feed) is never too deep.
func xmlTooDeep(body []byte, limit int) bool {
	b := bytes.TrimLeft(body, "\ufeff \t\r\n")
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	depth := 0
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			return false
		}
		b = b[i+1:]
		switch {
		case bytes.HasPrefix(b, []byte("!--")):
			b = skipPast(b, "-->")
		case bytes.HasPrefix(b, []byte("![CDATA[")):
			b = skipPast(b, "]]>")
		case b[0] == '?' || b[0] == '!':
			b = skipPast(b, ">")
		case b[0] == '/':
			depth--
		default:
			end := bytes.IndexByte(b, '>')
			if end < 0 {
				return false
			}
			if end == 0 || b[end-1] != '/' {
				depth++
			}
			if depth > limit {
				return true
			}
			b = b[end+1:]
		}
	}
}

// skipPast returns b after the first occurrence of end, or nil.
func skipPast(b []byte, end string) []byte {
	i := bytes.Index(b, []byte(end))
	if i < 0 {
		return nil
	}
	return b[i+len(end):]
}
