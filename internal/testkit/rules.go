package testkit

import (
	"strings"
	"testing"

	"github.com/newshound/newshound/rules"
	"gopkg.in/yaml.v3"
)

// BankRules is the shape of the shipped bank-facebook-data-sharing rule
// in configuration YAML: four lists and the one rule over them, tagged
// privacy. It is a valid part of a config.yaml (the cmd tests append it
// to theirs) and what Rules compiles. simweb's flag stories are written
// to match it and its other stories not to.
const BankRules = `
lists:
  facebook: [facebook, meta, messenger, instagram, whatsapp]
  banks: [bank, banks, lender, lenders, "financial firms", "card issuers"]
  personal_data: ["customer data", "financial data", "personal data", "transaction data", "account balances"]
  sharing: [share, shares, shared, sharing, "access to", hand, handed]
rules:
  - name: bank-facebook-data-sharing
    query: '@facebook AND @banks AND (@personal_data OR (data NEAR/8 @sharing))'
    tags: [privacy]
`

// BankRule is the name of the rule in BankRules.
const BankRule = "bank-facebook-data-sharing"

// ruleFile is the part of a configuration file that Rules reads, with
// the keys of config.yaml.
type ruleFile struct {
	Lists map[string][]string `yaml:"lists"`
	Rules []struct {
		Name         string   `yaml:"name"`
		Query        string   `yaml:"query"`
		MinScore     float64  `yaml:"min_score"`
		Tags         []string `yaml:"tags"`
		Stem         bool     `yaml:"stem"`
		Prefilter    string   `yaml:"prefilter"`
		ClauseLabels []string `yaml:"clause_labels"`
	} `yaml:"rules"`
}

// Definitions decodes the lists and rules of a configuration's YAML
// (lists: and rules:, with config.yaml's keys; any other key fails the
// test) into what rules.Compile takes.
func Definitions(t testing.TB, src string) ([]rules.Definition, map[string][]string) {
	t.Helper()
	var f ruleFile
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("rules YAML: %v", err)
	}
	defs := make([]rules.Definition, len(f.Rules))
	for i, r := range f.Rules {
		defs[i] = rules.Definition{Name: r.Name, Query: r.Query, MinScore: r.MinScore, Tags: r.Tags,
			Stem: r.Stem, Prefilter: r.Prefilter, ClauseLabels: r.ClauseLabels}
	}
	return defs, f.Lists
}

// Rules compiles the lists and rules of a configuration's YAML (see
// Definitions), and fails the test if they do not compile.
func Rules(t testing.TB, src string) *rules.Set {
	t.Helper()
	defs, lists := Definitions(t, src)
	set, err := rules.Compile(defs, lists)
	if err != nil {
		t.Fatalf("compile rules: %v", err)
	}
	return set
}
