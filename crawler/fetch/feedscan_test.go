package fetch

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestScanFeed checks the pre-parse scan on the shapes that fooled the
// byte scan it replaced (self-closing items, items split by a newline,
// "/>" inside an attribute value) and on what it must not count.
func TestScanFeed(t *testing.T) {
	tests := []struct {
		name string
		body string
		want feedShape
	}{
		{"flat feed", `<?xml version="1.0"?><rss><channel><item><title>a</title></item></channel></rss>`, feedShape{Items: 1, Elements: 4, Depth: 4}},
		{"self-closing items", "<rss><channel>" + strings.Repeat("<item/>", 5) + "</channel></rss>", feedShape{Items: 5, Elements: 7, Depth: 3}},
		{"newline after the name", "<rss><channel>" + strings.Repeat("<item\n>a</item\n>", 3) + "</channel></rss>", feedShape{Items: 3, Elements: 5, Depth: 3}},
		{"tab and attribute", "<feed><entry\txml:lang='en'></entry><ENTRY/><Entry /></feed>", feedShape{Items: 3, Elements: 4, Depth: 2}},
		{"namespaced items", `<rdf:RDF><rss:item/><foo:item></foo:item></rdf:RDF>`, feedShape{Items: 2, Elements: 3, Depth: 2}},
		{"dotted capital I lowers to item", "<rss>\u0130tem</rss><rss><\u0130TEM/></rss>", feedShape{Items: 1, Elements: 3, Depth: 2}},
		{"/> inside an attribute value nests", "<rss>" + strings.Repeat(`<x a="/>">`, 6), feedShape{Elements: 7, Depth: 7}},
		{"self-closing tags do not nest", "<rss>" + strings.Repeat("<x/>", 50) + "</rss>", feedShape{Elements: 51, Depth: 2}},
		{"stray end tags do not lower the depth below zero", "<rss/></x></x></x><a><b/></a>", feedShape{Elements: 3, Depth: 2}},
		{"CDATA and comments hold no elements", "<rss><![CDATA[" + strings.Repeat("<item>", 50) + "]]><!--<item>--></rss>", feedShape{Elements: 1, Depth: 1}},
		{"escaped markup is text", "<rss><description>&lt;item&gt;</description></rss>", feedShape{Elements: 2, Depth: 2}},
		{"control characters are skipped as gofeed skips them", "<rss>\x01<item/>\x0b<item/></rss>", feedShape{Items: 2, Elements: 3, Depth: 2}},
		{"JSON items", `{"version":"1","items":[{"id":"1"},{"id":"2","tags":["a","b"]}]}`, feedShape{Items: 2, Elements: 9, Depth: 4}},
		{"JSON items under any key and case", `{"Items":[{},{}],"items":[{}],"x":{"items":[{}]}}`, feedShape{Items: 3, Elements: 12, Depth: 4}},
		{"JSON markup inside strings is not counted", ` {"title":"<item>[{\",\"}]","items":[]}`, feedShape{Items: 1, Elements: 3, Depth: 2}},
		{"JSON after a byte order mark", "\xef\xbb\xbf{\"items\":[1,2,3]}", feedShape{Items: 3, Elements: 4, Depth: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanFeed([]byte(tt.body), feedLimits{}); got != tt.want {
				t.Errorf("scanFeed(%.60q) = %+v, want %+v", tt.body, got, tt.want)
			}
		})
	}
}

// TestScanFeedStops checks that the scan ends as soon as a limit is
// passed rather than reading the rest of the body.
func TestScanFeedStops(t *testing.T) {
	body := []byte("<rss><channel>" + strings.Repeat("<item/>", 100_000) + "</channel></rss>")
	got := scanFeed(body, feedLimits{Items: 10})
	if got.Items != 11 {
		t.Errorf("scanFeed(100,000 items, limit 10).Items = %d, want 11 (stopped at the first past the limit)", got.Items)
	}
	deep := []byte(strings.Repeat(`<x a="/>">`, 100_000))
	if got := scanFeed(deep, feedLimits{Depth: 1000}); got.Depth != 1001 {
		t.Errorf("scanFeed(nested 100,000 deep, limit 1000).Depth = %d, want 1001", got.Depth)
	}
}

func TestCheckFeedShapeErrors(t *testing.T) {
	lim := feedLimits{Items: 3, Elements: 20, Depth: 5}
	tests := []struct {
		name string
		body string
		is   error
		want string
	}{
		{"items", "<rss><channel>" + strings.Repeat("<item/>", 4) + "</channel></rss>", ErrTooManyItems, "feed http://f.test/x: feed has too many items (more than 3, the limit)"},
		{"elements", "<rss><channel>" + strings.Repeat("<b/>", 30) + "</channel></rss>", ErrTooManyItems, "feed http://f.test/x: feed has too many items (more than 20 elements, the limit)"},
		{"depth", strings.Repeat(`<x a="/>">`, 6), ErrParse, "feed http://f.test/x: not a readable feed: elements nested deeper than 5, the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkFeedShape([]byte(tt.body), "http://f.test/x", lim)
			if !errors.Is(err, tt.is) || err.Error() != tt.want {
				t.Errorf("checkFeedShape(%.40q) = %v, want %q wrapping %v", tt.body, err, tt.want, tt.is)
			}
		})
	}
	if err := checkFeedShape([]byte("<rss><channel><item/></channel></rss>"), "http://f.test/x", lim); err != nil {
		t.Errorf("checkFeedShape(one item) = %v, want nil", err)
	}
}

func TestRepairFeed(t *testing.T) {
	const feed = `<?xml version="1.0" encoding="UTF-16"?><rss><channel><item><title>é</title></item></channel></rss>`
	utf16 := []byte{0xff, 0xfe}
	for _, r := range feed {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	tests := []struct {
		name string
		body []byte
		want string // substring of the repaired body; "" means no repair
	}{
		{"UTF-16 with BOM", utf16, `encoding="UTF-8"?><rss><channel><item><title>é</title>`},
		{"undeclared windows-1252", []byte("<rss><channel><item><title>caf\xe9 \x80</title></item></channel></rss>"), "café €"},
		{"UTF-8 declared, windows-1252 sent", []byte("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><title>caf\xe9</title></rss>"), `encoding="UTF-8"?><rss><title>café</title>`},
		{"unknown encoding declared", []byte(`<?xml version="1.0" encoding="invalid"?><rss><title>café</title></rss>`), `encoding="UTF-8"?><rss><title>café</title>`},
		{"control characters", []byte("<rss><channel><item><title>a\x01b\x1fc</title></item></channel></rss>"), "<title>abc</title>"},
		{"truncated after an item", []byte("<rss><channel><item><title>a</title></item><item><tit"), "<item><title>a</title></item></channel></rss>"},
		{"truncated Atom", []byte("<feed><entry><title>a</title></entry><entry>"), "</entry></feed>"},
		{"nothing to repair", []byte(`<rss><channel></channel></rss>`), ""},
		{"not XML", []byte(`{"items": [`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := repairFeed(tt.body)
			if tt.want == "" {
				if got != nil {
					t.Errorf("repairFeed(%q) = %q, want nil", tt.body, got)
				}
				return
			}
			if !bytes.Contains(got, []byte(tt.want)) {
				t.Errorf("repairFeed(%q) = %q, want it to contain %q", tt.body, got, tt.want)
			}
		})
	}
}
