package config

import (
	"errors"
	"strings"

	"github.com/newshound/newshound/rules"
)

// RuleDefinitions returns the configured rules in the form package rules
// compiles.
func (c *Config) RuleDefinitions() []rules.Definition {
	defs := make([]rules.Definition, len(c.Rules))
	for i, r := range c.Rules {
		defs[i] = rules.Definition{Name: r.Name, Query: r.Query, MinScore: r.MinScore, Tags: r.Tags, Stem: r.Stem, Prefilter: r.Prefilter}
	}
	return defs
}

// validateRules compiles every rule once so a syntax error is reported at
// load, with the rule's name and position.
func (c *Config) validateRules() []string {
	for _, r := range c.Rules {
		if strings.TrimSpace(r.Name) == "" || strings.TrimSpace(r.Query) == "" {
			return nil // already reported; compiling would repeat it
		}
	}
	_, err := rules.Compile(c.RuleDefinitions(), c.Lists)
	if err == nil {
		return nil
	}
	var out []string
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	var re *rules.Error
	if errors.As(err, &re) {
		return []string{re.Error()}
	}
	return []string{err.Error()}
}
