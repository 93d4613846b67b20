package fetch

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// repairFeed returns a copy of an XML feed body that gofeed rejected,
// with what a person reading it would overlook put right, or nil when
// there is nothing to repair:
//   - UTF-16 (with or without a byte order mark) is transcoded to UTF-8;
//   - a body that is not valid UTF-8 and declares no encoding, UTF-8 or
//     one nobody knows is read as windows-1252, the usual undeclared
//     legacy charset; a valid UTF-8 body declaring an unknown encoding is
//     taken as UTF-8;
//   - control characters XML forbids are removed;
//   - a body cut short after a whole item is closed after that item.
//
// The encoding named in the XML declaration is rewritten to UTF-8 when
// the body was transcoded. JSON feeds are left alone.
func repairFeed(body []byte) []byte {
	b := body
	utf16 := utf16Encoding(b)
	if utf16 != nil {
		u, err := utf16.NewDecoder().Bytes(b)
		if err != nil {
			return nil
		}
		b = u
	}
	// Before reading the declaration: a control character inside it would
	// hide the encoding it names.
	b = stripControl(b)
	if decl := declaredEncoding(b); utf16 != nil {
		b = setDeclaredUTF8(b)
	} else if !knownEncoding(decl) || (!utf8.Valid(b) && isUTF8Label(decl)) {
		if !utf8.Valid(b) {
			enc, _ := charset.Lookup("windows-1252")
			u, err := enc.NewDecoder().Bytes(b)
			if err != nil {
				return nil
			}
			b = u
		}
		b = setDeclaredUTF8(b)
	}
	b = bytes.TrimLeft(b, "\ufeff \t\r\n")
	if len(b) == 0 || b[0] != '<' {
		return nil
	}
	b = closeTruncated(b)
	if bytes.Equal(b, body) {
		return nil
	}
	return b
}

// utf16Encoding recognises UTF-16 by its byte order mark or by the
// NUL-interleaved '<' that starts every XML document.
func utf16Encoding(b []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}), bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}), bytes.HasPrefix(b, []byte{0, '<', 0, '?'}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

var declEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']`)

// declaredEncoding returns the encoding named in the XML declaration, or "".
func declaredEncoding(b []byte) string {
	m := declEncoding.FindSubmatch(b[:min(len(b), 512)])
	if m == nil {
		return ""
	}
	return string(m[1])
}

// knownEncoding reports whether label is empty or names an encoding the
// parser can read.
func knownEncoding(label string) bool {
	if label == "" {
		return true
	}
	enc, _ := charset.Lookup(label)
	return enc != nil
}

func isUTF8Label(label string) bool {
	return label == "" || strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8")
}

func setDeclaredUTF8(b []byte) []byte {
	loc := declEncoding.FindSubmatchIndex(b[:min(len(b), 512)])
	if loc == nil {
		return b
	}
	return append(append(append([]byte{}, b[:loc[2]]...), "UTF-8"...), b[loc[3]:]...)
}

// stripControl removes C0 control characters other than tab, newline and
// carriage return, which XML 1.0 does not allow anywhere.
func stripControl(b []byte) []byte {
	if bytes.IndexFunc(b, isBadControl) < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if !isBadControl(rune(c)) {
			out = append(out, c)
		}
	}
	return out
}

func isBadControl(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' }

// closeTruncated cuts a feed that lacks its closing root tag after its
// last whole item or entry and closes the document.
func closeTruncated(b []byte) []byte {
	tail := bytes.TrimSpace(b[max(0, len(b)-64):])
	var end, closing string
	switch {
	case bytes.Contains(b[:min(len(b), 1024)], []byte("<rdf:RDF")):
		end, closing = "</item>", "</rdf:RDF>"
	case bytes.Contains(b[:min(len(b), 1024)], []byte("<feed")):
		end, closing = "</entry>", "</feed>"
	case bytes.Contains(b[:min(len(b), 1024)], []byte("<rss")):
		end, closing = "</item>", "</channel></rss>"
	default:
		return b
	}
	if bytes.HasSuffix(tail, []byte(closing[len(closing)-6:])) {
		return b
	}
	i := bytes.LastIndex(b, []byte(end))
	if i < 0 {
		return b
	}
	return append(append([]byte{}, b[:i+len(end)]...), closing...)
}
