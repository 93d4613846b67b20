package config

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestScalarPos places a character of a query value at its line and
// column in the file, whatever the scalar's style.
func TestScalarPos(t *testing.T) {
	tests := []struct {
		name     string
		yaml     string
		pos      int // 1-based character position in the value
		line     int
		col      int
		wantText string // the file's text from (line, col) on
	}{
		{"plain", "q: a AND (b OR c\n", 10, 1, 13, "OR c"},
		{"plain end", "q: a AND\n", 6, 1, 9, ""},
		{"plain over two lines", "q: alpha AND\n  beta OR\n", 16, 2, 8, "OR"},
		{"single quoted", "q: 'it''s AND OR x'\n", 10, 1, 15, "OR x'"},
		{"double quoted", `q: "say \"hi\" AND OR"` + "\n", 14, 1, 20, `OR"`},
		{"folded", "q: >-\n  (facebook OR meta)\n  AND fine NEAR/\n", 29, 3, 12, "NEAR/"},
		{"folded, kept indent", "q: >\n    alpha\n      beta\n    gamma OR\n", 20, 4, 11, "OR"},
		{"literal", "q: |\n  gdpr\n  AND )\n", 10, 3, 7, ")"},
		{"a blank points at the next word", "q: a  OR\n", 2, 1, 7, "OR"},
		{"multibyte", "q: 'données AND )'\n", 13, 1, 17, ")'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.yaml), &doc); err != nil {
				t.Fatal(err)
			}
			n := doc.Content[0].Content[1]
			lines := strings.Split(tt.yaml, "\n")
			line, col := scalarPos(lines, n, tt.pos)
			if line != tt.line || col != tt.col {
				t.Errorf("scalarPos(%q, %d) = %d:%d, want %d:%d (value %q)", tt.yaml, tt.pos, line, col, tt.line, tt.col, n.Value)
			}
			if r := []rune(lines[line-1]); col-1 <= len(r) && string(r[col-1:]) != tt.wantText {
				t.Errorf("scalarPos(%q, %d) points at %q, want %q", tt.yaml, tt.pos, string(r[col-1:]), tt.wantText)
			}
		})
	}
}
