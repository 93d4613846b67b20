package main

import (
	"os"
	"strings"
	"testing"

	"github.com/newshound/newshound/internal/simweb"
)

func TestRulesCommands(t *testing.T) {
	f := newFixture(t, simweb.Options{Hosts: 2, ArticlesPerHost: 6})
	if _, _, err := newshound(t, "crawl", "--config", f.config); err != nil {
		t.Fatal(err)
	}
	out, _, err := newshound(t, "rules", "check", "--config", f.config)
	if err != nil || !strings.Contains(out, "1 rules ok") {
		t.Errorf("rules check = %q, %v; want ok", out, err)
	}

	out, _, _ = newshound(t, "export", "--config", f.config)
	flagged := decodeArray(t, out)
	if len(flagged) == 0 {
		t.Fatal("nothing flagged")
	}
	out, _, err = newshound(t, "rules", "explain", flagged[0].ID, "--config", f.config)
	if err != nil || !strings.Contains(out, "rule bank-facebook-data-sharing: score") || !strings.Contains(out, "[[") {
		t.Errorf("rules explain = %q, %v; want the rule, its score and marked terms", out, err)
	}
	for _, ref := range []string{flagged[0].ID[:8], flagged[0].URL} {
		if byRef, _, err := newshound(t, "rules", "explain", ref, "--config", f.config); err != nil || byRef != out {
			t.Errorf("rules explain %s = %q, %v; want what the full id gives, %q", ref, byRef, err, out)
		}
	}
	if _, _, err := newshound(t, "rules", "explain", "0000", "--config", f.config); err == nil || !strings.Contains(err.Error(), "no story with id") {
		t.Errorf("rules explain of an unknown id: %v", err)
	}

	// A dry run of a broader query lists newly flagged stories and writes nothing.
	out, _, err = newshound(t, "rules", "test", "--query", "@facebook", "--stored", "--config", f.config)
	if err != nil || !strings.Contains(out, "would be newly flagged") || !strings.Contains(out, "+ ") {
		t.Errorf("rules test --stored = %q, %v", out, err)
	}
	out, _, _ = newshound(t, "export", "--config", f.config)
	if got := len(decodeArray(t, out)); got != len(flagged) {
		t.Errorf("after a dry run %d stories are flagged, want %d (unchanged)", got, len(flagged))
	}

	// Narrow the rule in the config, then apply: flags are removed.
	cfg, _ := os.ReadFile(f.config)
	narrowed := strings.Replace(string(cfg), "query: '@facebook AND", "query: 'nosuchword AND @facebook AND", 1)
	writeFile(t, f.config, narrowed)
	out, _, err = newshound(t, "rules", "test", "--rule", "bank-facebook-data-sharing", "--stored", "--config", f.config)
	if err != nil || !strings.Contains(out, "0 would be newly flagged (+)") || !strings.Contains(out, "- ") {
		t.Errorf("rules test of a narrowed rule = %q, %v; want removals listed", out, err)
	}
	out, _, err = newshound(t, "rules", "apply", "--config", f.config)
	if err != nil || !strings.Contains(out, "changed") {
		t.Fatalf("rules apply = %q, %v", out, err)
	}
	out, _, _ = newshound(t, "export", "--config", f.config)
	if got := len(decodeArray(t, out)); got != 0 {
		t.Errorf("after apply of a rule that cannot match, %d stories are flagged, want 0", got)
	}

	page := t.TempDir() + "/page.html"
	writeFile(t, page, "<html><head><title>Meta and banks</title></head><body><article><p>Facebook asked banks to share customer data with Messenger, according to people familiar with the talks between the social network and the lenders.</p><p>The banks said privacy came first when asked about the customer data.</p></article></body></html>")
	out, _, err = newshound(t, "rules", "test", "--query", `facebook AND "customer data"`, "--file", page, "--config", f.config)
	if err != nil || !strings.Contains(out, "rule query: score") {
		t.Errorf("rules test --file = %q, %v; want a match", out, err)
	}
}
