package config

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/newshound/newshound/rules"
)

// RuleDefinitions returns the configured rules in the form package rules
// compiles.
func (c *Config) RuleDefinitions() []rules.Definition {
	defs := make([]rules.Definition, len(c.Rules))
	for i, r := range c.Rules {
		defs[i] = rules.Definition{Name: r.Name, Query: r.Query, MinScore: r.MinScore, Tags: r.Tags, Stem: r.Stem, Prefilter: r.Prefilter, ClauseLabels: r.ClauseLabels}
	}
	return defs
}

// ruleProblems compiles every rule once so that a syntax error is
// reported at load, at its line and column in the file. A rule without a
// name or query, or with a name used before, is left out: validate
// reports it, and compiling would say so a second time.
func (c *Config) ruleProblems(root *yaml.Node, lines []string) []problem {
	var defs []rules.Definition
	index := map[string]int{} // rule name -> 1-based position in rules:
	for i, r := range c.Rules {
		if _, dup := index[r.Name]; dup || strings.TrimSpace(r.Name) == "" || strings.TrimSpace(r.Query) == "" {
			continue
		}
		index[r.Name] = i + 1
		defs = append(defs, rules.Definition{Name: r.Name, Query: r.Query, MinScore: r.MinScore, Tags: r.Tags, Stem: r.Stem, Prefilter: r.Prefilter, ClauseLabels: r.ClauseLabels})
	}
	_, err := rules.Compile(defs, c.Lists)
	if err == nil {
		return nil
	}
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	var out []problem
	for _, err := range errs {
		var re *rules.Error
		switch {
		case !errors.As(err, &re):
			out = append(out, problem{msg: err.Error()})
		case re.List != "":
			p := problem{msg: fmt.Sprintf("list %q: %s", re.List, re.Msg)}
			if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
				if lists := mapValue(root.Content[0], "lists"); lists != nil && mapKey(lists, re.List) != nil {
					p = problem{line: mapKey(lists, re.List).Line, msg: fmt.Sprintf("lists.%s: %s", re.List, re.Msg)}
				}
			}
			out = append(out, p)
		default:
			out = append(out, rulePosition(root, lines, index[re.Rule], re))
		}
	}
	return out
}

// rulePosition places re, an error in rule i (1-based), at its line and
// column: in the query, or in the prefilter when the message says so.
func rulePosition(root *yaml.Node, lines []string, i int, re *rules.Error) problem {
	key, msg := "query", re.Msg
	if m, ok := strings.CutPrefix(msg, "in prefilter: "); ok {
		key, msg = "prefilter", m
	}
	path := fmt.Sprintf("rules[%d]", i)
	p := problem{msg: fmt.Sprintf("%s (rule %q): %s", path, re.Rule, msg)}
	if m, ok := strings.CutPrefix(msg, "in clause_labels: "); ok {
		p.msg = fmt.Sprintf("%s.clause_labels (rule %q): %s", path, re.Rule, m)
		_, p.line = nodeAt(root, path+".clause_labels")
		return p
	}
	n, line := nodeAt(root, path+"."+key)
	p.line = line
	if n != nil && n.Kind == yaml.ScalarNode {
		p.msg = fmt.Sprintf("%s.%s (rule %q): %s", path, key, re.Rule, msg)
		if re.Pos > 0 {
			p.line, p.col = scalarPos(lines, n, re.Pos)
		}
	}
	return p
}

// RuleNames lists the names of the configured rules, in file order.
func (c *Config) RuleNames() []string {
	names := make([]string, len(c.Rules))
	for i, r := range c.Rules {
		names[i] = r.Name
	}
	return names
}

// RuleDefinition returns the configured rule called name, and false when
// there is none.
func (c *Config) RuleDefinition(name string) (rules.Definition, bool) {
	for _, d := range c.RuleDefinitions() {
		if d.Name == name {
			return d, true
		}
	}
	return rules.Definition{}, false
}
