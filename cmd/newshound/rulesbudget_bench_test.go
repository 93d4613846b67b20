package main

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newshound/newshound/rules"
)

// hostilePage is a page of about size bytes made of every entry of the
// shipped lists (wildcards cut, so that "provid*" is the word provid),
// over and over: every term of the shipped rule matches densely. With
// sentences, a period ends every tenth entry; without, the page is one
// sentence and one paragraph.
func hostilePage(lists map[string][]string, size int, sentences bool) string {
	var entries []string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range lists {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, e := range lists[name] {
			entries = append(entries, strings.ReplaceAll(e, "*", ""))
		}
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(entries[i%len(entries)])
		if sentences && i%10 == 9 {
			b.WriteString(". ")
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// BenchmarkShippedRuleHostilePage matches the shipped rule against a
// hostile page of 4.6 MB whose words are the rule's own terms, as a
// stranger's page would to stall the crawler: all of the lists' entries,
// or the word that costs the rule most. It reports ms/page, of the
// mean and of the fastest pass (the one least disturbed by other work on
// a shared machine); the budget is 50 ms.
func BenchmarkShippedRuleHostilePage(b *testing.B) {
	cfg, set := loadShipped(b)
	// The word that costs the shipped rule most (see rules.MaxRuleCost),
	// eight times in every sentence.
	worst := strings.Repeat("Facebook ", 8) + "bank data shared. "
	for _, v := range []struct {
		name string
		text string
	}{
		{"entries/one-sentence", hostilePage(cfg.Lists, 4_600_000, false)},
		{"entries/sentences", hostilePage(cfg.Lists, 4_600_000, true)},
		{"costliest-word", strings.Repeat(worst, 4_600_000/len(worst))},
	} {
		b.Run(v.name, func(b *testing.B) {
			text := v.text
			doc := &rules.Doc{Title: "Facebook asks banks for customer data", Text: text, URL: "https://hostile.example/page"}
			if hits := set.Match(doc); len(hits) != 1 || hits[0].Rule != shippedRule {
				b.Fatalf("Match of the hostile page = %+v, want a hit of %s", hits, shippedRule)
			}
			b.SetBytes(int64(len(text)))
			best := time.Duration(math.MaxInt64)
			for b.Loop() {
				start := time.Now()
				set.Match(doc)
				best = min(best, time.Since(start))
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N), "ms/page")
			b.ReportMetric(best.Seconds()*1e3, "best-ms/page")
		})
	}
}

// TestRulesCheckRefusesCostlyRule checks that rules check (and so the
// loading of the configuration) refuses a rule that costs more than
// rules.MaxRuleCost, naming the rule and the fix, and that the shipped
// rule is within it.
func TestRulesCheckRefusesCostlyRule(t *testing.T) {
	chain := strings.TrimSuffix(strings.Repeat("w* NEAR/1000 ", 300), " NEAR/1000 ")
	cfgPath := filepath.Join(t.TempDir(), "config.yaml")
	writeConfig(t, cfgPath, freeAddr(t), "", false, nil, "rules:\n  - name: hostile-chain\n    query: '"+chain+"'\n")
	for _, cmd := range [][]string{{"rules", "check"}, {"config", "check"}} {
		_, _, err := newshound(t, append(cmd, "--config", cfgPath)...)
		if err == nil || !strings.Contains(err.Error(), `rule "hostile-chain"`) ||
			!strings.Contains(err.Error(), "more than the limit of") || !strings.Contains(err.Error(), "split it into several rules") {
			t.Errorf("%s of a chain of 300 NEARs: %v, want the rule refused for its cost", strings.Join(cmd, " "), err)
		}
	}
	out, _, err := newshound(t, "rules", "check", "--config", filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Errorf("rules check of the shipped config = %q, %v", out, err)
	}
}
