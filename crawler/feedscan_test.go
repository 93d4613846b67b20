package crawler

import (
	"bytes"
	"strings"
	"testing"
)

func TestXMLTooDeep(t *testing.T) {
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"flat feed", `<?xml version="1.0"?><rss><channel><item><title>a</title></item></channel></rss>`, false},
		{"nested past the limit", strings.Repeat("<x>", 11) + strings.Repeat("</x>", 11), true},
		{"self-closing tags do not nest", strings.Repeat("<x/>", 50), false},
		{"CDATA markup is skipped", "<rss><![CDATA[" + strings.Repeat("<br>", 50) + "]]></rss>", false},
		{"comments are skipped", "<rss><!--" + strings.Repeat("<p>", 50) + "--></rss>", false},
		{"JSON is never too deep", `{"items":"` + strings.Repeat("<p>", 50) + `"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := xmlTooDeep([]byte(tt.body), 10); got != tt.want {
				t.Errorf("xmlTooDeep(%.40q) = %v, want %v", tt.body, got, tt.want)
			}
		})
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
