package extract

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// metaScanBytes is how far into the page the <meta charset> prescan looks. The HTML
// standard says 1024 bytes, but many real pages declare their charset after long
// <head> preambles, so we look further.
const metaScanBytes = 32 << 10

// rxMetaCharset finds charset declarations in <meta charset=...> and
// <meta http-equiv="Content-Type" content="text/html; charset=...">.
var rxMetaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// decoding describes how a body was decoded.
type decoding struct {
	// name is the WHATWG name of the encoding ("utf-8", "windows-1252", ...).
	name string
	// source says where the name came from: "bom", "valid" (valid UTF-8 with
	// many characters beyond ASCII), "header", "meta", "detected" or "default".
	source string
}

// decode converts body to UTF-8, choosing the charset from a byte order mark,
// valid UTF-8 with many characters beyond ASCII, the Content-Type header, a
// <meta> declaration, then detection, in that order.
func decode(body []byte, contentType string) ([]byte, decoding) {
	enc, name, src := chooseEncoding(body, contentType)
	if enc == nil || name == "utf-8" {
		return stripBOM(body), decoding{name: "utf-8", source: src}
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// The decoders replace invalid input rather than fail; keep the raw bytes if one does.
		return body, decoding{name: "utf-8", source: "fallback"}
	}
	return stripBOM(out), decoding{name: name, source: src}
}

// chooseEncoding returns the encoding for body and where it was found.
func chooseEncoding(body []byte, contentType string) (encoding.Encoding, string, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return encoding.Nop, "utf-8", "bom"
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", "bom"
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", "bom"
	}
	// A page with many characters beyond ASCII, all valid UTF-8, is UTF-8 whatever
	// the header or the page declares: a legacy charset's text of that length is
	// almost never valid UTF-8, while servers and templates often declare
	// ISO-8859-1 or GB2312 over UTF-8 pages. A few are valid by chance (GBK's 图片).
	if validUTF8Beyond(body, minUTF8Evidence) {
		return encoding.Nop, "utf-8", "valid"
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := charset.Lookup(params["charset"]); e != nil {
			return e, name, "header"
		}
	}
	head := body[:min(len(body), metaScanBytes)]
	for _, m := range rxMetaCharset.FindAllSubmatch(head, 4) {
		if e, name := charset.Lookup(string(m[1])); e != nil {
			// A page served as bytes cannot really be UTF-16 when it declares so in ASCII.
			if strings.HasPrefix(name, "utf-16") {
				name, e = "utf-8", encoding.Nop
			}
			return e, name, "meta"
		}
	}
	if utf8.Valid(body) {
		return encoding.Nop, "utf-8", "detected"
	}
	if e, name := detect(body); e != nil {
		return e, name, "detected"
	}
	e, name, _ := charset.DetermineEncoding(body, "")
	return e, name, "default"
}

// minUTF8Evidence is how many characters beyond ASCII a valid UTF-8 page must
// have to outweigh a declared charset: a single GBK or EUC-KR character is valid
// UTF-8 once in about ten.
const minUTF8Evidence = 16

// validUTF8Beyond reports whether b is valid UTF-8 with at least n characters
// beyond ASCII.
func validUTF8Beyond(b []byte, n int) bool {
	if !utf8.Valid(b) {
		return false
	}
	count := 0
	for _, c := range b {
		if c >= 0xC0 { // a multi-byte character's first byte
			if count++; count >= n {
				return true
			}
		}
	}
	return false
}

// detect guesses the charset of body statistically; it returns nil when unsure.
func detect(body []byte) (encoding.Encoding, string) {
	res, err := chardet.NewHtmlDetector().DetectBest(body[:min(len(body), 64<<10)])
	if err != nil || res.Confidence < 30 {
		return nil, ""
	}
	return charset.Lookup(res.Charset)
}

// stripBOM removes a leading UTF-8 byte order mark.
func stripBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
}
