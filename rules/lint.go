package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a Warning stops a rule from loading.
type Severity string

// Severities of a Warning.
const (
	// SeverityError is a rule or list that Compile rejects.
	SeverityError Severity = "error"
	// SeverityWarning is a rule that loads but is probably not what its
	// author meant.
	SeverityWarning Severity = "warning"
)

// Warning is one problem Lint found.
type Warning struct {
	// Rule names the rule; empty for a problem of a list.
	Rule string
	// List names the list; empty for a problem of a rule.
	List string
	// Pos is the 1-based character position in the query; 0 when the
	// problem is not at one place.
	Pos int
	// Severity is SeverityError or SeverityWarning.
	Severity Severity
	// Msg says what is wrong and what to do.
	Msg string
}

// String returns the warning as one line.
func (w Warning) String() string {
	where := fmt.Sprintf("rule %q", w.Rule)
	if w.List != "" {
		where = fmt.Sprintf("list %q", w.List)
	}
	if w.Pos > 0 {
		where += fmt.Sprintf(" at position %d", w.Pos)
	}
	return fmt.Sprintf("%s: %s: %s", w.Severity, where, w.Msg)
}

// Lint checks defs and lists and returns every problem: the errors Compile
// would return, and warnings for rules that can never match, rules that
// match every story lacking some words (NOT only), AND mixed with OR
// without parentheses, very short wildcards, weights under NOT, unused
// lists and repeated list entries. Problems are in rule order, lists last.
func Lint(defs []Definition, lists map[string][]string) []Warning {
	var out []Warning
	used := map[string]bool{}
	names := map[string]bool{}
	for _, d := range defs {
		c := newCompiler(lists)
		r, err := c.rule(d)
		if err == nil && names[d.Name] {
			err = &Error{Rule: d.Name, Msg: "another rule has the same name: rename one of them"}
		}
		names[d.Name] = true
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				out = append(out, Warning{Rule: e.Rule, Pos: e.Pos, Severity: SeverityError, Msg: e.Msg})
			}
			continue
		}
		l := linter{rule: d.Name, q: d.Query, used: used}
		l.walk(r.q.root, false)
		if !l.never && canMatchWithout(r.q.root) {
			l.warn(r.q.root, "matches every story that lacks some words (it has no required positive term): add a term with AND")
		}
		if !l.never && d.MinScore > r.maxScore {
			l.warn(nil, fmt.Sprintf("can never match: min_score %g is above the highest possible score %g", d.MinScore, r.maxScore))
		}
		out = append(out, l.out...)
	}
	for _, name := range sortedKeys(lists) {
		if err := checkList(name, lists[name]); err != nil {
			var e *Error
			errors.As(err, &e)
			out = append(out, Warning{List: name, Severity: SeverityError, Msg: e.Msg})
			continue
		}
		if !used[name] {
			out = append(out, Warning{List: name, Severity: SeverityWarning, Msg: "no rule uses this list: use it as @" + name + " or remove it"})
		}
		seen := map[string]bool{}
		for _, e := range lists[name] {
			k := strings.Join(splitWords(e), " ")
			if seen[k] {
				out = append(out, Warning{List: name, Severity: SeverityWarning, Msg: fmt.Sprintf("entry %q is listed more than once: remove the copy", e)})
			}
			seen[k] = true
		}
	}
	return out
}

func sortedKeys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// linter collects the warnings of one rule.
type linter struct {
	rule  string
	q     string
	used  map[string]bool
	out   []Warning
	never bool
}

func (l *linter) warn(n *node, msg string) {
	pos := 0
	if n != nil {
		pos = column(l.q, n.pos)
	}
	l.out = append(l.out, Warning{Rule: l.rule, Pos: pos, Severity: SeverityWarning, Msg: msg})
}

// walk checks n; neg is set under a NOT.
func (l *linter) walk(n *node, neg bool) {
	if neg && n.weight != 0 {
		l.warn(n, fmt.Sprintf("the weight of %q has no effect under NOT: remove it", n.src))
	}
	switch n.kind {
	case nodeText:
		for _, w := range n.words {
			if w.kind == wordPrefix && len([]rune(w.key)) < 3 {
				l.warn(n, fmt.Sprintf("%q matches every word starting with %q: use at least 3 letters before *", n.text, w.key))
			}
		}
	case nodeList:
		l.used[n.list.name] = true
		if len(n.list.entries) == 0 && !l.never {
			l.never = true
			l.warn(n, fmt.Sprintf("can never match: list @%s is empty", n.list.name))
		}
	case nodeOr:
		for _, k := range n.kids {
			if k.kind == nodeAnd && !k.paren {
				l.warn(k, fmt.Sprintf("AND and OR are mixed without parentheses, read as (%s): add parentheses to say what you mean", k.src))
			}
		}
	case nodeAnd:
		for _, k := range n.kids {
			if k.kind != nodeNot {
				continue
			}
			for _, o := range n.kids {
				if o != k && canon(o) == canon(k.kids[0]) && !l.never {
					l.never = true
					l.warn(n, fmt.Sprintf("can never match: it needs %s and excludes it", o.src))
				}
			}
		}
	case nodeNear:
		if n.kids[0].fields&n.kids[1].fields == 0 && !l.never {
			l.never = true
			l.warn(n, fmt.Sprintf("can never match: the two sides of %q are in different fields", n.src))
		}
	}
	for _, k := range n.kids {
		l.walk(k, neg || n.kind == nodeNot)
	}
}

// canon is a normal form of a clause for comparing two clauses.
func canon(n *node) string {
	if n.count != 0 {
		plain := *n
		plain.count = 0
		return fmt.Sprintf("#%d(%s)", n.count, canon(&plain))
	}
	switch n.kind {
	case nodeText:
		var b strings.Builder
		for _, w := range n.words {
			fmt.Fprintf(&b, "%d:%s ", w.kind, w.key)
		}
		return fmt.Sprintf("t%d %s", n.fields, b.String())
	case nodeList:
		return fmt.Sprintf("l%d %s", n.fields, n.list.name)
	}
	parts := make([]string, len(n.kids))
	for i, k := range n.kids {
		parts[i] = canon(k)
	}
	if n.kind == nodeAnd || n.kind == nodeOr {
		slices.Sort(parts)
	}
	return fmt.Sprintf("%d/%d/%d/%v(%s)", n.kind, n.dist, n.scope, n.ordered, strings.Join(parts, ","))
}

// canMatchWithout reports whether n can match a story that contains none
// of its words.
func canMatchWithout(n *node) bool {
	switch n.kind {
	case nodeNot:
		return true
	case nodeAnd:
		for _, k := range n.kids {
			if !canMatchWithout(k) {
				return false
			}
		}
		return true
	case nodeOr:
		for _, k := range n.kids {
			if canMatchWithout(k) {
				return true
			}
		}
	}
	return false
}
