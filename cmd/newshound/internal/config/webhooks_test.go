package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

const hookRules = "rules:\n  - {name: r1, query: a}\n  - {name: r2, query: b}\n"

func TestWebhookErrors(t *testing.T) {
	t.Setenv("NH_TEST_SHORT", "short")
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"bad scheme", "webhooks:\n  - {url: ftp://h.test/x, secret: 0123456789abcdef}\n", `webhooks[1].url: "ftp://h.test/x" must start with http:// or https://`},
		{"no host", "webhooks:\n  - {url: 'https://', secret: 0123456789abcdef}\n", `has no host name`},
		{"user info", "webhooks:\n  - {url: 'https://u:p@h.test/', secret: 0123456789abcdef}\n", `carries a user name or password`},
		{"twice", "webhooks:\n  - {url: https://h.test/, secret: 0123456789abcdef}\n  - {url: https://h.test/, secret: 0123456789abcdef}\n", `webhooks[2].url "https://h.test/" is listed twice`},
		{"no secret", "webhooks:\n  - {url: https://h.test/}\n", `webhooks[1] has no secret`},
		{"short secret", "webhooks:\n  - {url: https://h.test/, secret: abc}\n", `webhooks[1].secret is shorter than 16`},
		{"both", "webhooks:\n  - {url: https://h.test/, secret: 0123456789abcdef, secret_env: X}\n", `has both secret and secret_env`},
		{"unset env", "webhooks:\n  - {url: https://h.test/, secret_env: NH_TEST_UNSET_VAR}\n", `environment variable NH_TEST_UNSET_VAR is not set`},
		{"short env", "webhooks:\n  - {url: https://h.test/, secret_env: NH_TEST_SHORT}\n", `the secret in NH_TEST_SHORT is shorter`},
		{"unknown rule", hookRules + "webhooks:\n  - {url: https://h.test/, secret: 0123456789abcdef, rules: [r3]}\n", `webhooks[1].rules names "r3", which is not a configured rule`},
		{"misspelt key", "webhooks:\n  - {url: https://h.test/, secrets: x}\n", `unknown key "secrets" in a webhook; did you mean "secret"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "/etc/newshound/config.yaml")
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an ErrInvalid containing %q", tt.yaml, err, tt.want)
			}
		})
	}
}

func TestWebhookTargets(t *testing.T) {
	t.Setenv("NH_TEST_SECRET", "from-the-environment-0123")
	yaml := hookRules + `webhooks:
  - {url: https://all.test/, secret_env: NH_TEST_SECRET}
  - {url: https://one.test/, secret: 0123456789abcdef, rules: [r1], timeout: 3s}
`
	cfg, err := Parse([]byte(yaml), "/etc/newshound/config.yaml")
	if err != nil {
		t.Fatalf("Parse = %v", err)
	}
	if got := cfg.Webhooks[0].Secret; got != "from-the-environment-0123" {
		t.Errorf("Webhooks[0].Secret = %q, want the value of NH_TEST_SECRET", got)
	}
	if got := []time.Duration{cfg.Webhooks[0].Timeout.D(), cfg.Webhooks[1].Timeout.D()}; got[0] != DefaultWebhookTimeout || got[1] != 3*time.Second {
		t.Errorf("webhook timeouts = %v, want [%s 3s] (the default, then the one set)", got, DefaultWebhookTimeout)
	}
	for rule, want := range map[string][]string{
		"r1": {"https://all.test/", "https://one.test/"},
		"r2": {"https://all.test/"},
	} {
		if got := cfg.WebhookTargets(rule); !slices.Equal(got, want) {
			t.Errorf("WebhookTargets(%q) = %v, want %v", rule, got, want)
		}
	}
}
