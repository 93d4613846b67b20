package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Defaults of the alerts section.
const (
	DefaultSMTPTimeout   = 30 * time.Second
	DefaultDigestAt      = "08:00"
	DefaultSpikeMultiple = 3.0
	DefaultSpikeMinCount = 5
	DefaultSpikeBaseline = 7 * 24 * time.Hour
)

// TLS modes of an SMTP server.
const (
	TLSStartTLS = "starttls"
	TLSImplicit = "tls"
	TLSNone     = "none"
)

// Digest schedules.
const (
	Hourly = "hourly"
	Daily  = "daily"
)

// Alerts configures the alerts people read: email digests of newly
// flagged stories and spike alerts. Its zero value sends no email; spike
// webhooks go to Webhooks unless Spikes.Disabled.
type Alerts struct {
	// SMTP is the mail server every email is sent through.
	SMTP SMTP `yaml:"smtp"`
	// From is the sender address, like "newshound <alerts@example.org>".
	// Required with digests.
	From string `yaml:"from"`
	// Digests are the email digests; each has a unique name.
	Digests []Digest `yaml:"digests"`
	// Spikes configures spike detection.
	Spikes Spikes `yaml:"spikes"`
}

// SMTP is a mail server and how to log in to it.
type SMTP struct {
	// Server is the server's host:port, like smtp.example.org:587.
	Server string `yaml:"server"`
	// TLS is starttls (default: upgrade a plain connection and refuse a
	// server that cannot), tls (TLS from the first byte, usually port
	// 465), or none, allowed only for a loopback server.
	TLS TLSMode `yaml:"tls"`
	// Username logs in with AUTH PLAIN when set; empty sends without
	// logging in.
	Username string `yaml:"username"`
	// Password goes with Username. Set at most one of Password,
	// PasswordEnv (the name of an environment variable holding it) and
	// PasswordFile (a file holding it, relative to the config's folder;
	// one trailing line break is cut). Load reads the latter two into
	// Password. It is never logged or printed.
	Password     Secret `yaml:"password"`
	PasswordEnv  string `yaml:"password_env"`
	PasswordFile string `yaml:"password_file"`
	// Timeout bounds one delivery (connect, TLS, login and message).
	// Default 30s.
	Timeout Duration `yaml:"timeout"`
}

// Digest is one email digest: the stories newly flagged by Rules since
// the last digest, sent to To hourly or daily.
type Digest struct {
	// Name identifies the digest (alerts test --alert NAME). Required
	// and unique.
	Name string `yaml:"name"`
	// To are the recipients' addresses. At least one.
	To []string `yaml:"to"`
	// Schedule is hourly (on the hour) or daily (at At). Default daily.
	Schedule DigestSchedule `yaml:"schedule"`
	// At is the time of day of a daily digest, HH:MM in the daemon's
	// local time zone (TZ). Default 08:00.
	At TimeOfDay `yaml:"at"`
	// Rules are the rules the digest lists; empty means all.
	Rules []string `yaml:"rules"`
}

// Spikes configures spike alerts: a rule whose flags in the last hour
// reach MinCount and exceed Multiple times its hourly average over the
// Baseline before raises one alert, by email to the digests that list
// the rule and to the webhooks that want it, and no other until the rate
// falls back below the threshold.
type Spikes struct {
	// Disabled turns spike alerts off.
	Disabled bool `yaml:"disabled"`
	// Multiple of the hourly average the last hour must exceed. Default 3.
	Multiple float64 `yaml:"multiple"`
	// MinCount is the fewest flags in the last hour that can spike.
	// Default 5.
	MinCount int `yaml:"min_count"`
	// Baseline is how far back the hourly average reaches. Default 7d.
	Baseline Duration `yaml:"baseline"`
}

// Wants reports whether the digest lists flags by rule.
func (d Digest) Wants(rule string) bool {
	return len(d.Rules) == 0 || slices.Contains(d.Rules, rule)
}

// Secret is a password: printed and logged as "[redacted]".
type Secret string

// String hides the secret.
func (Secret) String() string { return "[redacted]" }

// LogValue hides the secret from log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// TLSMode is starttls, tls or none.
type TLSMode string

// UnmarshalYAML accepts the three modes, naming the line otherwise.
func (m *TLSMode) UnmarshalYAML(n *yaml.Node) error {
	if !oneOf(n.Value, TLSStartTLS, TLSImplicit, TLSNone) {
		return lineError(n, fmt.Sprintf("%q is not one of starttls, tls, none", n.Value))
	}
	*m = TLSMode(n.Value)
	return nil
}

// DigestSchedule is hourly or daily.
type DigestSchedule string

// UnmarshalYAML accepts hourly and daily, naming the line otherwise.
func (s *DigestSchedule) UnmarshalYAML(n *yaml.Node) error {
	if !oneOf(n.Value, Hourly, Daily) {
		return lineError(n, fmt.Sprintf("%q is not one of hourly, daily", n.Value))
	}
	*s = DigestSchedule(n.Value)
	return nil
}

// TimeOfDay is a time of day written HH:MM, kept as minutes after
// midnight.
type TimeOfDay struct {
	// Set is false when the key was absent.
	Set     bool
	Minutes int
}

// UnmarshalYAML parses HH:MM, naming the line on error.
func (t *TimeOfDay) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseTimeOfDay(n.Value)
	if err != nil {
		return lineError(n, err.Error())
	}
	*t = v
	return nil
}

// ParseTimeOfDay parses "HH:MM" (00:00 to 23:59).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return TimeOfDay{}, fmt.Errorf("%q is not a time of day (write it like 08:00 or 17:30)", s)
	}
	return TimeOfDay{Set: true, Minutes: hh*60 + mm}, nil
}

// String writes t as HH:MM.
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Minutes/60, t.Minutes%60) }

// DigestByName returns the digest with the name.
func (a *Alerts) DigestByName(name string) (Digest, bool) {
	for _, d := range a.Digests {
		if d.Name == name {
			return d, true
		}
	}
	return Digest{}, false
}

// validateAlerts applies the alerts section's defaults, reads the SMTP
// password, and returns one sentence per problem.
func (c *Config) validateAlerts() []string {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	a := &c.Alerts
	if a.Spikes.Multiple == 0 {
		a.Spikes.Multiple = DefaultSpikeMultiple
	}
	if a.Spikes.MinCount == 0 {
		a.Spikes.MinCount = DefaultSpikeMinCount
	}
	if a.Spikes.Baseline == 0 {
		a.Spikes.Baseline = Duration(DefaultSpikeBaseline)
	}
	switch {
	case a.Spikes.Multiple < 1:
		add("alerts.spikes.multiple %g is below 1 (use 3 for three times the usual rate)", a.Spikes.Multiple)
	case a.Spikes.MinCount < 1:
		add("alerts.spikes.min_count %d is below 1 (use the fewest flags in an hour worth an alert, like 5)", a.Spikes.MinCount)
	case a.Spikes.Baseline.D() < 24*time.Hour:
		add("alerts.spikes.baseline %s is shorter than a day (use 7d)", a.Spikes.Baseline.D())
	}
	if a.SMTP.Timeout == 0 {
		a.SMTP.Timeout = Duration(DefaultSMTPTimeout)
	}
	if a.SMTP.TLS == "" {
		a.SMTP.TLS = TLSStartTLS
	}
	if len(a.Digests) == 0 && a.SMTP.Server == "" {
		return errs
	}
	errs = append(errs, c.validateSMTP()...)
	if _, err := mail.ParseAddress(a.From); err != nil {
		add("alerts.from %q is not an email address (write it like newshound <alerts@example.org>)", a.From)
	}
	rules := map[string]bool{}
	for _, r := range c.Rules {
		rules[r.Name] = true
	}
	names := map[string]bool{}
	for i := range a.Digests {
		d := &a.Digests[i]
		key := fmt.Sprintf("alerts.digests[%d]", i+1)
		switch {
		case strings.TrimSpace(d.Name) == "":
			add("%s has no name (add name: followed by a short identifier)", key)
		case names[d.Name]:
			add("%s name %q is used twice (digest names must be unique)", key, d.Name)
		}
		names[d.Name] = true
		if len(d.To) == 0 {
			add("%s (%s) has no recipient (add to: [someone@example.org])", key, d.Name)
		}
		for j, to := range d.To {
			if _, err := mail.ParseAddress(to); err != nil {
				add("%s.to[%d] %q is not an email address (write it like desk@example.org)", key, j+1, to)
			}
		}
		if d.Schedule == "" {
			d.Schedule = Daily
		}
		if d.Schedule == Hourly && d.At.Set {
			add("%s (%s) is hourly, so at: %s has no use (remove it, or make it daily)", key, d.Name, d.At)
		}
		if !d.At.Set {
			d.At, _ = ParseTimeOfDay(DefaultDigestAt)
		}
		for _, r := range d.Rules {
			if !rules[r] {
				add("%s.rules names %q, which is not a configured rule (check the spelling under rules:)", key, r)
			}
		}
	}
	return errs
}

// validateSMTP checks the mail server's address, TLS mode and login, and
// reads the password from the environment or its file.
func (c *Config) validateSMTP() []string {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	s := &c.Alerts.SMTP
	host, port, err := net.SplitHostPort(s.Server)
	switch {
	case s.Server == "":
		add("alerts.smtp.server is missing (add server: smtp.example.org:587)")
	case err != nil || host == "" || port == "":
		add("alerts.smtp.server %q is not a host:port address (write it like smtp.example.org:587)", s.Server)
	case s.TLS == TLSNone && !IsLoopback(s.Server):
		add("alerts.smtp.tls none sends mail and password in clear to %s, which is not a loopback address (use starttls or tls)", s.Server)
	}
	set := 0
	for _, v := range []string{string(s.Password), s.PasswordEnv, s.PasswordFile} {
		if v != "" {
			set++
		}
	}
	switch {
	case set > 1:
		add("alerts.smtp has more than one of password, password_env and password_file (keep one)")
	case set == 1 && s.Username == "":
		add("alerts.smtp has a password but no username (add username:)")
	case set == 0 && s.Username != "":
		add("alerts.smtp.username %q has no password (add password_env: NAME of an environment variable holding it, or password_file:)", s.Username)
	case s.PasswordEnv != "":
		s.Password = Secret(os.Getenv(s.PasswordEnv))
		if s.Password == "" {
			add("alerts.smtp.password_env: the environment variable %s is not set (export it, or use password_file:)", s.PasswordEnv)
		}
	case s.PasswordFile != "":
		path := s.PasswordFile
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(c.File), path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			add("alerts.smtp.password_file %s cannot be read (create it, or fix its permissions): %s", path, errors.Unwrap(err))
			break
		}
		s.Password = Secret(strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r"))
		if s.Password == "" {
			add("alerts.smtp.password_file %s is empty (write the password into it)", path)
		}
	}
	return errs
}
