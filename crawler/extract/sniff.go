package extract

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// checkHTML returns an ErrNotHTML error when body is clearly not an HTML page: the
// bytes sniff as a binary format (PDF, image, audio, video, archive, font), or the
// Content-Type header names a non-HTML type and the bytes do not look like HTML.
func checkHTML(body []byte, contentType string) error {
	sniffed := http.DetectContentType(body)
	if isBinaryType(sniffed) {
		return fmt.Errorf("%w: body looks like %s", ErrNotHTML, mediaType(sniffed))
	}
	declared := mediaType(contentType)
	if declared == "" || isHTMLishType(declared) {
		return nil
	}
	if strings.HasPrefix(sniffed, "text/html") || looksLikeMarkup(body) {
		return nil
	}
	return fmt.Errorf("%w: content type is %s", ErrNotHTML, declared)
}

// mediaType returns the lower-case media type of a Content-Type value, or "".
func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt
}

// isBinaryType reports whether a sniffed type is a format that cannot be an HTML page.
// application/octet-stream is not binary here: it is what unknown text (UTF-16 without
// a byte order mark, say) sniffs as.
func isBinaryType(t string) bool {
	switch mt := mediaType(t); {
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"),
		strings.HasPrefix(mt, "video/"), strings.HasPrefix(mt, "font/"):
		return true
	case mt == "application/pdf", mt == "application/zip", mt == "application/x-gzip",
		mt == "application/x-rar-compressed", mt == "application/postscript",
		mt == "application/vnd.ms-fontobject", mt == "application/wasm":
		return true
	}
	return false
}

// isHTMLishType reports whether a declared type may carry an HTML page. Servers often
// send pages as text/plain or application/octet-stream, so those count too.
func isHTMLishType(mt string) bool {
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "/xml"):
		return true
	case mt == "application/octet-stream", mt == "application/x-httpd-php", mt == "unknown/unknown":
		return true
	}
	return false
}

// looksLikeMarkup reports whether the start of body contains an HTML tag.
func looksLikeMarkup(body []byte) bool {
	head := bytes.ToLower(body[:min(len(body), 2048)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<body")) ||
		bytes.Contains(head, []byte("<!doctype html"))
}
