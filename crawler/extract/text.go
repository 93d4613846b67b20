package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// blockTags are the elements that start a new paragraph in the rendered text.
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "body": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "figure": true,
	"figcaption": true, "header": true, "footer": true, "aside": true, "hr": true,
	"details": true, "summary": true, "address": true, "form": true, "fieldset": true,
}

// skipTags never contain readable text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "svg": true,
	"head": true, "iframe": true, "object": true, "canvas": true, "math": true,
}

// renderText renders the text of root as paragraphs separated by blank lines, with runs
// of white space collapsed inside each paragraph and <br> kept as a line break.
func renderText(root *html.Node) string {
	if root == nil {
		return ""
	}
	var out, para strings.Builder
	flush := func() {
		p := strings.TrimSpace(para.String())
		para.Reset()
		if p == "" {
			return
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(p)
	}
	trimmed := 0      // the depth of elements whose text go-trafilatura trims
	boundary := false // an inline element started or ended since the last text
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if boundary && trimmed > 0 {
				spaceAtBoundary(&para, n.Data)
			}
			boundary = false
			writeCollapsed(&para, n.Data)
			return
		case html.ElementNode:
			if skipTags[n.Data] {
				return
			}
			if n.Data == "br" {
				trimTrailingSpace(&para)
				para.WriteByte('\n')
				return
			}
			if blockTags[n.Data] {
				flush()
				defer flush()
			} else if n.Data == "td" || n.Data == "th" {
				para.WriteByte(' ')
			} else {
				boundary = true
				defer func() { boundary = true }()
			}
			if trimsText[n.Data] {
				trimmed++
				defer func() { trimmed-- }()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	flush()
	return out.String()
}

// trimsText are the elements in whose text go-trafilatura's content tree trims
// the white space at inline elements' edges ("<li>with <b>bold</b> words" becomes
// "with<b>bold</b>words"): lists, quotes, tables, definitions. Its paragraphs keep it.
var trimsText = map[string]bool{"li": true, "blockquote": true, "td": true, "th": true, "dd": true, "dt": true}

// spaceAtBoundary writes the space that go-trafilatura trimmed at an inline
// element's edge before the text next: between a word and the next ("on
// <strong>July 22"), or after a colon, comma or closing mark ("Note:</strong>
// this"); not before punctuation ("2016</strong>.").
func spaceAtBoundary(b *strings.Builder, next string) {
	cur := b.String()
	if cur == "" || next == "" {
		return
	}
	last, _ := utf8.DecodeLastRuneInString(cur)
	first, _ := utf8.DecodeRuneInString(next)
	if isSpace(last) || isSpace(first) { // a <br>'s '\n' is one too
		return
	}
	wordy := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if (wordy(last) || strings.ContainsRune(":;,!?)]»”’\"", last)) && (wordy(first) || strings.ContainsRune("([«“‘\"", first)) {
		b.WriteByte(' ')
	}
}

// writeCollapsed appends s to b with each run of white space replaced by one space,
// and no space after a line break or at the start.
func writeCollapsed(b *strings.Builder, s string) {
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if space {
			if cur := b.String(); cur != "" && !strings.HasSuffix(cur, " ") && !strings.HasSuffix(cur, "\n") {
				b.WriteByte(' ')
			}
			space = false
		}
		b.WriteRune(r)
	}
	if space && b.Len() > 0 {
		b.WriteByte(' ')
	}
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u2009', '\u202f', '\u200b':
		return true
	}
	return false
}

// trimTrailingSpace removes a trailing space from b.
func trimTrailingSpace(b *strings.Builder) {
	s := b.String()
	if strings.HasSuffix(s, " ") {
		b.Reset()
		b.WriteString(strings.TrimRight(s, " "))
	}
}
