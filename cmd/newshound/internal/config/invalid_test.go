package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadInvalid loads each testdata/invalid-*.yml and compares the whole
// message: every problem of the file, each at its line (and column, for a
// rule's syntax), in file order.
func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		file string
		want []string // the lines of the message, after "invalid configuration: "
	}{
		{"invalid-feed-url.yml", []string{
			`invalid-feed-url.yml:5: feeds[2].url: "ftp://example.org/other" must start with http:// or https://`,
			`invalid-feed-url.yml:6: feeds[3].url: missing (add url: https://...)`,
		}},
		{"invalid-values.yml", []string{
			`invalid-values.yml:3: fetch.timeout: "soon" is not a duration (write it like 30s, 15m, 2h or 7d)`,
			`invalid-values.yml:4: fetch.max_body_bytes: "lots" is not a size (write it like 512KiB, 10MiB or 1048576)`,
			`invalid-values.yml:5: fetch.host_concurrency 100 is out of range (use 1 to 64)`,
			`invalid-values.yml:7: schedule.interval 10s is too short (use at least 1m)`,
			`invalid-values.yml:9: log.level "loud" is not one of debug, info, warn, error`,
			`invalid-values.yml:12: alerts.smtp.tls: "maybe" is not one of starttls, tls, none`,
		}},
		{"invalid-rule-syntax.yml", []string{
			`invalid-rule-syntax.yml:3:39: rules[1].query (rule "plain"): expected ")" to close the "(" at position 13, found the end of the query`,
			`invalid-rule-syntax.yml:5:18: rules[2].query (rule "quoted"): AND must be followed by a term, found "AND"`,
			`invalid-rule-syntax.yml:9:16: rules[3].query (rule "folded"): NEAR needs a distance in words from 1 to 1000, or sentence or paragraph, as in NEAR/5 or NEAR/sentence`,
			`invalid-rule-syntax.yml:13:7: rules[4].query (rule "literal"): AND must be followed by a term, found ")"`,
			`invalid-rule-syntax.yml:16:21: rules[5].prefilter (rule "prefiltered"): OR must be followed by a term, found the end of the query`,
		}},
		{"invalid-clause-labels.yml", []string{
			`invalid-clause-labels.yml:4: rules[1].clause_labels (rule "bank-data"): there are 2 labels but the query has 3 top-level clauses (the parts its outermost AND joins): give one label per clause, in order`,
			`invalid-clause-labels.yml:9: rules[2].clause_labels (rule "blank-label"): label 2 is empty: name the clause or drop the labels`,
		}},
		{"invalid-duplicate-rule.yml", []string{
			`invalid-duplicate-rule.yml:6: rules[3].name "breach" is used twice, by rules[1] too (rename one: rule names must be unique)`,
		}},
		{"invalid-many.yml", append(manyFeeds(20),
			`invalid-many.yml: and 5 more problems (fix these first)`)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", tt.file))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Load(%s) = %v, want an ErrInvalid", tt.file, err)
			}
			got := strings.Split(strings.TrimPrefix(err.Error(), "invalid configuration: "), "\n")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Load(%s) =\n%s\nwant\n%s", tt.file, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func manyFeeds(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(`invalid-many.yml:%d: feeds[%d].url: "gopher://example.org/%d" must start with http:// or https://`, i+3, i+1, i)
	}
	return out
}
