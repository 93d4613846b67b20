package rules

import (
	"fmt"
	"unicode/utf8"
)

// Limits on what Compile accepts. They keep compiling and matching linear
// in the size of the rules, whatever a rule says.
const (
	// MaxQueryBytes is the longest query, in bytes.
	MaxQueryBytes = 8192
	// MaxDepth is the deepest nesting of parentheses and NOTs.
	MaxDepth = 40
	// MaxDistance is the largest n of NEAR/n and ONEAR/n.
	MaxDistance = 1000
	// MaxCount is the largest n of a clause's count, clause#n.
	MaxCount = 100
	// MaxWeight is the largest term weight.
	MaxWeight = 1000
	// MaxListEntries is the largest number of entries in a named list.
	MaxListEntries = 10000
	// MaxEntryBytes is the longest list entry, in bytes.
	MaxEntryBytes = 512
)

// Error is a rule or list that cannot be compiled. Compile returns one per
// bad rule or list, joined with errors.Join; find them with errors.As.
type Error struct {
	// Rule is the name of the bad rule; empty for a bad list.
	Rule string
	// List is the name of the bad list; empty for a bad rule.
	List string
	// Pos is the 1-based character position of the problem in the query
	// (or in the prefilter); 0 when the problem is not at one place.
	Pos int
	// Msg says what is wrong and what to write instead.
	Msg string
}

// Error returns the problem as one sentence naming the rule or list.
func (e *Error) Error() string {
	switch {
	case e.List != "":
		return fmt.Sprintf("rules: list %q: %s", e.List, e.Msg)
	case e.Pos > 0:
		return fmt.Sprintf("rules: rule %q at position %d: %s", e.Rule, e.Pos, e.Msg)
	}
	return fmt.Sprintf("rules: rule %q: %s", e.Rule, e.Msg)
}

// column converts a byte offset in s to a 1-based character position.
func column(s string, off int) int {
	if off > len(s) {
		off = len(s)
	}
	return utf8.RuneCountInString(s[:off]) + 1
}
