package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// keyPath matches the key a validation message starts with, like
// "feeds[1].url" or "alerts.digests[2].to[1]".
var keyPath = regexp.MustCompile(`^[a-z_]+(?:\[\d+\])*(?:\.[a-z_]+(?:\[\d+\])*)*`)

// lineOf returns the line in the file of the key path a message starts
// with: the value's line for a scalar, the key's line for a section, the
// item's line for a list item. When the path is absent (a key left to its
// default), it is the line of its deepest present ancestor; 0 when none.
func lineOf(root *yaml.Node, msg string) int {
	path := keyPath.FindString(msg)
	if path == "" {
		return 0
	}
	_, line := nodeAt(root, path)
	return line
}

// pathAt returns the key path, like "fetch.timeout" or
// "alerts.digests[1].to[2]", of the scalar value at line and column; ""
// when none.
// It names the key of a value that failed to decode, which the decoder
// knows only by its line.
func pathAt(root *yaml.Node, line, col int) string {
	if root == nil || root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return ""
	}
	var walk func(n *yaml.Node, path string) string
	walk = func(n *yaml.Node, path string) string {
		switch n.Kind {
		case yaml.ScalarNode:
			if n.Line == line && n.Column == col && path != "" {
				return path
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if path != "" {
					p = path + "." + p
				}
				if got := walk(n.Content[i+1], p); got != "" {
					return got
				}
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				if got := walk(c, fmt.Sprintf("%s[%d]", path, i+1)); got != "" {
					return got
				}
			}
		}
		return ""
	}
	return walk(root.Content[0], "")
}

// nodeAt walks path (dot-separated keys, 1-based [i] list positions) from
// the document root. It returns the node at path, or nil when part of the
// path is absent, and the line of the deepest node found.
func nodeAt(root *yaml.Node, path string) (*yaml.Node, int) {
	if root == nil || root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, 0
	}
	n, line := root.Content[0], 0
	for _, seg := range strings.Split(path, ".") {
		key, idx, _ := strings.Cut(seg, "[")
		v := mapValue(n, key)
		if v == nil {
			return nil, line
		}
		k := mapKey(n, key)
		n, line = v, k.Line
		if v.Kind == yaml.ScalarNode {
			line = v.Line
		}
		for idx != "" {
			num, rest, _ := strings.Cut(idx, "]")
			idx = strings.TrimPrefix(rest, "[")
			i, err := strconv.Atoi(num)
			if err != nil || n.Kind != yaml.SequenceNode || i < 1 || i > len(n.Content) {
				return nil, line
			}
			n = n.Content[i-1]
			line = n.Line
		}
	}
	return n, line
}

func mapKey(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// scalarPos returns the 1-based line and column in the file (lines, split
// at line breaks) of the character at the 1-based character position pos
// of scalar n's value, or just past the value's end when pos is beyond it.
//
// Folding (">-", plain scalars over several lines) turns line breaks and
// indentation into single spaces, and quoting adds quotes and escapes, so
// an offset in the value is not an offset in the file: the value's
// non-space characters are matched one by one against the file's text
// from the scalar's start, skipping what the value does not hold. When
// the match fails (an escape that changes a character), it returns the
// scalar's own position.
func scalarPos(lines []string, n *yaml.Node, pos int) (int, int) {
	value := []rune(n.Value)
	target := min(max(pos-1, 0), len(value))
	for target < len(value) && unicode.IsSpace(value[target]) {
		target++ // a blank: point at the next word
	}
	after := false
	if target == len(value) { // the end: point just past the last word
		target--
		for target >= 0 && unicode.IsSpace(value[target]) {
			target--
		}
		if target < 0 {
			return n.Line, n.Column
		}
		after = true
	}
	line, col := n.Line, n.Column // 1-based
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		line, col = n.Line+1, 1 // content starts below the | or > header
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		col++
	}
	src := func(l int) []rune {
		if l-1 < len(lines) {
			return []rune(lines[l-1])
		}
		return nil
	}
	cur := src(line)
	for i := 0; i <= target; i++ {
		if unicode.IsSpace(value[i]) {
			continue
		}
		for {
			if col-1 >= len(cur) {
				line, col = line+1, 1
				if line > len(lines) {
					return n.Line, n.Column
				}
				cur = src(line)
				continue
			}
			if cur[col-1] == value[i] {
				break
			}
			col++
		}
		if i < target {
			col++
		}
	}
	if after {
		col++
	}
	return line, col
}
