package crawler

import "testing"

func TestHTMLToText(t *testing.T) {
	tests := map[string]string{
		"plain  text\n here":                                 "plain text here",
		"<p>One <b>bold</b> line</p><p>Two</p>":              "One bold line\n\nTwo",
		"a<script>var facebook=1</script>b":                  "ab",
		"Fish &amp; chips<br>next":                           "Fish & chips\n\nnext",
		"<div><ul><li>x</li><li>y</li></ul></div>":           "x\n\ny",
		"<style>.bank{}</style><p>Only this</p>":             "Only this",
		"<p>unclosed <a href='https://example.org'>link</p>": "unclosed link",
	}
	for in, want := range tests {
		if got := htmlToText(in); got != want {
			t.Errorf("htmlToText(%q) = %q, want %q", in, got, want)
		}
	}
}
