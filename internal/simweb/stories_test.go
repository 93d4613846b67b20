package simweb

import (
	"strings"
	"testing"
	"unicode"
)

// The term lists of the shipped bank-facebook-data-sharing rule
// (config.yaml), copied so that this package stays independent of rules.
var (
	facebookTerms = []string{"facebook", "meta", "messenger", "instagram", "whatsapp"}
	bankTerms     = []string{"bank", "banks", "banking", "banker", "bankers", "lender", "lenders",
		"credit card", "card issuer", "card issuers", "financial firm", "financial firms",
		"financial institution", "financial institutions", "financial services", "fintech",
		"citigroup", "citi", "jpmorgan", "chase", "wells fargo", "american express", "amex",
		"us bancorp", "capital one", "paypal", "mastercard", "visa", "hsbc", "barclays"}
	sharingTerms = []string{"share", "shares", "shared", "sharing", "hand over", "handed over",
		"asked for", "asking for", "access to", "give", "provide", "provided", "providing",
		"transfer", "transferred", "sell", "sold", "selling"}
	personalDataTerms = []string{"customer data", "customers' data", "customer information",
		"financial data", "financial information", "personal data", "personal information",
		"transaction data", "card transactions", "account balances", "checking-account balances",
		"user data", "users' data", "banking information", "bank account", "bank accounts",
		"people's data"}
)

// words splits text into lower-case words on anything but letters and
// digits, so "bank's" yields "bank" and "checking-account" two words.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// positions returns the word positions where any term starts.
func positions(ws []string, terms []string) []int {
	byFirst := map[string][][]string{}
	for _, t := range terms {
		tw := words(t)
		byFirst[tw[0]] = append(byFirst[tw[0]], tw)
	}
	var out []int
	for i, w := range ws {
		for _, tw := range byFirst[w] {
			if i+len(tw) <= len(ws) && equal(ws[i:i+len(tw)], tw) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ruleMatches is the shipped rule: @facebook AND @banks AND (@personal_data
// OR (data NEAR/8 @sharing)).
func ruleMatches(text string) bool {
	ws := words(text)
	if len(positions(ws, facebookTerms)) == 0 || len(positions(ws, bankTerms)) == 0 {
		return false
	}
	if len(positions(ws, personalDataTerms)) > 0 {
		return true
	}
	for _, d := range positions(ws, []string{"data"}) {
		for _, s := range positions(ws, sharingTerms) {
			if d-s <= 8 && s-d <= 8 {
				return true
			}
		}
	}
	return false
}

func TestStoriesAgainstRule(t *testing.T) {
	for _, seed := range []int64{0, 1, 2, 42, 1234567} {
		w := New(Options{Hosts: 4, ArticlesPerHost: 30, Seed: seed})
		arts := w.Articles()
		w.Close()
		for _, a := range arts {
			doc := a.Title + "\n\n" + a.Text
			fb := len(positions(words(doc), facebookTerms)) > 0
			bank := len(positions(words(doc), bankTerms)) > 0
			switch a.Kind {
			case KindFlag:
				if !ruleMatches(doc) {
					t.Errorf("seed %d: flag story %q does not match the rule", seed, a.Title)
				}
				if !ruleMatches(a.Summary) {
					t.Errorf("seed %d: flag story summary %q does not match the rule", seed, a.Summary)
				}
			case KindFacebookPrivacy, KindFacebookAds:
				if bank {
					t.Errorf("seed %d: %s story %q names a bank term, want none", seed, a.Kind, a.Title)
				}
			case KindBankBreach:
				if fb {
					t.Errorf("seed %d: %s story %q names a Facebook term, want none", seed, a.Kind, a.Title)
				}
			case KindTech, KindFinance:
				if fb || bank {
					t.Errorf("seed %d: %s story %q names Facebook %v, bank %v; want neither", seed, a.Kind, a.Title, fb, bank)
				}
			}
			if a.Kind != KindFlag && ruleMatches(doc) {
				t.Errorf("seed %d: near miss %s %q matches the rule", seed, a.Kind, a.Title)
			}
			if n := len(strings.Fields(a.Text)); n < 300 || n > 800 {
				t.Errorf("seed %d: %q has %d words, want 300-800", seed, a.Title, n)
			}
			if strings.ContainsAny(a.Text+a.Title, "{}") {
				t.Errorf("seed %d: %q has an unfilled slot", seed, a.Title)
			}
		}
	}
}

// TestEveryParagraphAgainstRule checks each template paragraph and title on
// its own: near-miss templates must be safe whatever slots are drawn.
func TestEveryParagraphAgainstRule(t *testing.T) {
	check := func(kind Kind, text string) {
		t.Helper()
		for slot, vals := range slotValues {
			if kind != KindFlag && slot == "App" {
				continue
			}
			for _, v := range vals {
				text = strings.ReplaceAll(text, "{"+slot+"}", v)
			}
		}
		fb := len(positions(words(text), facebookTerms)) > 0
		bank := len(positions(words(text), bankTerms)) > 0
		switch kind {
		case KindFacebookPrivacy, KindFacebookAds:
			if bank {
				t.Errorf("%s template names a bank term: %q", kind, text)
			}
		case KindBankBreach:
			if fb {
				t.Errorf("%s template names a Facebook term: %q", kind, text)
			}
		case KindTech, KindFinance:
			if fb || bank {
				t.Errorf("%s template names a trap term: %q", kind, text)
			}
		}
	}
	for k := KindFlag; k < numKinds; k++ {
		for _, s := range storiesOf(k) {
			for _, group := range [][]string{s.titles, s.leads, s.body, s.closers} {
				for _, p := range group {
					check(k, p)
				}
			}
		}
	}
	for _, v := range slotValues["App"] {
		if len(positions(words(v), facebookTerms)) == 0 {
			t.Errorf("App slot value %q is not a Facebook term", v)
		}
	}
}

func TestRuleMatcher(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Facebook asked the bank for customer data.", true},
		{"Meta wants banks to share data with Messenger.", true},
		{"Meta wants banks to share, after a very long and winding list of many other things, data.", false},
		{"Facebook's ad revenue rose as advertisers returned.", false},
		{"The bank's breach exposed personal data.", false},
		{"Instagram shares personal data with advertisers.", false},
		{"Facebookbank customer data", false},
	}
	for _, tt := range tests {
		if got := ruleMatches(tt.text); got != tt.want {
			t.Errorf("ruleMatches(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
