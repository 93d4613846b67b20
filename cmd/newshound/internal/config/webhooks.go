package config

import (
	"fmt"
	"net/url"
	"os"
	"slices"

	"github.com/newshound/newshound/cmd/newshound/internal/webhook"
)

// MinSecretLen is the shortest webhook secret Load accepts.
const MinSecretLen = 16

// DefaultWebhookTimeout bounds one delivery attempt when a webhook sets
// no timeout: the sender's own default (webhook.DefaultTimeout), so that
// the two cannot disagree.
const DefaultWebhookTimeout = webhook.DefaultTimeout

// Webhook is one receiver of alerts: every story newly flagged by one of
// Rules (any rule when empty) is POSTed to URL, signed with Secret.
type Webhook struct {
	// URL receives the POSTs (http or https). Required and unique.
	URL string `yaml:"url"`
	// Secret keys the HMAC-SHA256 signature of every body, at least
	// MinSecretLen characters. Set it or SecretEnv, not both.
	Secret string `yaml:"secret"`
	// SecretEnv names an environment variable holding the secret; Load
	// reads it into Secret and fails when it is unset.
	SecretEnv string `yaml:"secret_env"`
	// Rules are the rule names this webhook hears of; empty means all.
	Rules []string `yaml:"rules"`
	// Timeout bounds one delivery attempt to URL, answer included; a
	// receiver slower than that is retried later. It delays only this
	// webhook's deliveries: each webhook is sent to on its own. Default
	// DefaultWebhookTimeout (10s).
	Timeout Duration `yaml:"timeout"`
}

// Wants reports whether the webhook hears of flags by rule.
func (w Webhook) Wants(rule string) bool {
	return len(w.Rules) == 0 || slices.Contains(w.Rules, rule)
}

// WebhookTargets returns the URLs of the webhooks that want rule's flags.
func (c *Config) WebhookTargets(rule string) []string {
	var out []string
	for _, w := range c.Webhooks {
		if w.Wants(rule) {
			out = append(out, w.URL)
		}
	}
	return out
}

// validateWebhooks checks every webhook and reads secrets from the
// environment, returning one sentence per problem.
func (c *Config) validateWebhooks() []string {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	rules := map[string]bool{}
	for _, r := range c.Rules {
		rules[r.Name] = true
	}
	seen := map[string]bool{}
	for i := range c.Webhooks {
		w := &c.Webhooks[i]
		if err := checkWebhookURL(w.URL); err != nil {
			add("webhooks[%d].url: %s", i+1, err)
		} else if seen[w.URL] {
			add("webhooks[%d].url %q is listed twice (merge their rules into one entry)", i+1, w.URL)
		}
		seen[w.URL] = true
		switch {
		case w.Secret != "" && w.SecretEnv != "":
			add("webhooks[%d] has both secret and secret_env (keep one)", i+1)
		case w.SecretEnv != "":
			w.Secret = os.Getenv(w.SecretEnv)
			if w.Secret == "" {
				add("webhooks[%d].secret_env: the environment variable %s is not set (export it, or write secret: instead)", i+1, w.SecretEnv)
			} else if len(w.Secret) < MinSecretLen {
				add("webhooks[%d].secret_env: the secret in %s is shorter than %d characters (use a longer random string)", i+1, w.SecretEnv, MinSecretLen)
			}
		case w.Secret == "":
			add("webhooks[%d] has no secret (add secret_env: NAME of an environment variable holding a random string, or secret:)", i+1)
		case len(w.Secret) < MinSecretLen:
			add("webhooks[%d].secret is shorter than %d characters (use a longer random string)", i+1, MinSecretLen)
		}
		if w.Timeout == 0 {
			w.Timeout = Duration(DefaultWebhookTimeout)
		}
		for _, r := range w.Rules {
			if !rules[r] {
				add("webhooks[%d].rules names %q, which is not a configured rule (check the spelling under rules:)", i+1, r)
			}
		}
	}
	return errs
}

// checkWebhookURL reports why raw is not usable as a webhook URL, or nil:
// what CheckFeedURL asks, and no user name or password in it.
func checkWebhookURL(raw string) error {
	if err := CheckFeedURL(raw); err != nil {
		return err
	}
	if u, _ := url.Parse(raw); u.User != nil {
		return fmt.Errorf("%q carries a user name or password (the secret signs the body; remove them from the URL)", raw)
	}
	return nil
}

// CheckWebhook reports why w's URL or secret is unusable, or nil; for a
// webhook given on the command line rather than in the file.
func CheckWebhook(w Webhook) error {
	if err := checkWebhookURL(w.URL); err != nil {
		return fmt.Errorf("webhook url: %w", err)
	}
	if len(w.Secret) < MinSecretLen {
		return fmt.Errorf("webhook secret is shorter than %d characters (use a longer random string)", MinSecretLen)
	}
	return nil
}
