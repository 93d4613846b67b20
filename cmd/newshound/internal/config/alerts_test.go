package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const alertsSMTP = "alerts:\n  from: newshound <alerts@example.org>\n  smtp: {server: 'smtp.example.org:587', username: nh, password: pw}\n"

func TestAlertsErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"bad tls", "alerts:\n  smtp:\n    server: smtp.example.org:587\n    tls: ssl\n", `config.yaml:4: alerts.smtp.tls: "ssl" is not one of starttls, tls, none`},
		{"bad schedule", alertsSMTP + "  digests:\n    - name: d\n      to: [a@example.org]\n      schedule: weekly\n", `config.yaml:7: alerts.digests[1].schedule: "weekly" is not one of hourly, daily`},
		{"bad at", alertsSMTP + "  digests:\n    - {name: d, to: [a@example.org], at: '25:00'}\n", `config.yaml:5: alerts.digests[1].at: "25:00" is not a time of day`},
		{"misspelt key", alertsSMTP + "  digests:\n    - {name: d, recipients: [a@example.org]}\n", `unknown key "recipients" in a digest`},
		{"misspelt smtp key", "alerts:\n  smtp: {host: x}\n", `unknown key "host" in alerts.smtp`},
		{"no server", "alerts:\n  from: a@example.org\n  digests:\n    - {name: d, to: [a@example.org]}\n", `alerts.smtp.server is missing`},
		{"no port", "alerts:\n  smtp: {server: smtp.example.org}\n", `alerts.smtp.server "smtp.example.org" is not a host:port address`},
		{"clear text", "alerts:\n  smtp: {server: 'smtp.example.org:25', tls: none}\n", `alerts.smtp.tls none sends mail and password in clear to smtp.example.org:25`},
		{"no from", "alerts:\n  smtp: {server: 'smtp.example.org:587'}\n", `alerts.from "" is not an email address`},
		{"bad to", alertsSMTP + "  digests:\n    - {name: d, to: [someone]}\n", `alerts.digests[1].to[1] "someone" is not an email address`},
		{"no to", alertsSMTP + "  digests:\n    - {name: d}\n", `alerts.digests[1] (d) has no recipient`},
		{"no name", alertsSMTP + "  digests:\n    - {to: [a@example.org]}\n", `alerts.digests[1] has no name`},
		{"twice", alertsSMTP + "  digests:\n    - {name: d, to: [a@example.org]}\n    - {name: d, to: [a@example.org]}\n", `alerts.digests[2] name "d" is used twice`},
		{"unknown rule", alertsSMTP + "  digests:\n    - {name: d, to: [a@example.org], rules: [nope]}\n", `alerts.digests[1].rules names "nope", which is not a configured rule`},
		{"hourly at", alertsSMTP + "  digests:\n    - {name: d, to: [a@example.org], schedule: hourly, at: '09:00'}\n", `is hourly, so at: 09:00 has no use`},
		{"two passwords", "alerts:\n  from: a@example.org\n  smtp: {server: 'h.test:587', username: u, password: p, password_env: X}\n", `more than one of password, password_env and password_file`},
		{"no username", "alerts:\n  from: a@example.org\n  smtp: {server: 'h.test:587', password: p}\n", `has a password but no username`},
		{"no password", "alerts:\n  from: a@example.org\n  smtp: {server: 'h.test:587', username: u}\n", `alerts.smtp.username "u" has no password`},
		{"unset env", "alerts:\n  from: a@example.org\n  smtp: {server: 'h.test:587', username: u, password_env: NH_TEST_UNSET_VAR}\n", `the environment variable NH_TEST_UNSET_VAR is not set`},
		{"no file", "alerts:\n  from: a@example.org\n  smtp: {server: 'h.test:587', username: u, password_file: nosuch}\n", `alerts.smtp.password_file /etc/newshound/nosuch cannot be read`},
		{"low multiple", "alerts:\n  spikes: {multiple: 0.5}\n", `alerts.spikes.multiple 0.5 is below 1`},
		{"short baseline", "alerts:\n  spikes: {baseline: 2h}\n", `alerts.spikes.baseline 2h0m0s is shorter than a day`},
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

func TestAlertsDefaultsAndPasswords(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "smtp.pw"), []byte("from-a-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NH_TEST_SMTP_PW", "from-the-env")
	for _, tt := range []struct{ key, want string }{
		{"password_file: smtp.pw", "from-a-file"},
		{"password_env: NH_TEST_SMTP_PW", "from-the-env"},
		{"password: in-the-file", "in-the-file"},
	} {
		t.Run(tt.key, func(t *testing.T) {
			yaml := hookRules + fmt.Sprintf(`alerts:
  from: newshound <alerts@example.org>
  smtp:
    server: smtp.example.org:465
    tls: tls
    username: nh
    %s
  digests:
    - {name: daily, to: [a@example.org, b@example.org]}
    - {name: r1-hourly, to: [c@example.org], schedule: hourly, rules: [r1]}
    - {name: evening, to: [c@example.org], at: '17:30'}
`, tt.key)
			cfg, err := Parse([]byte(yaml), filepath.Join(dir, "config.yaml"))
			if err != nil {
				t.Fatalf("Parse = %v", err)
			}
			a := cfg.Alerts
			if string(a.SMTP.Password) != tt.want {
				t.Errorf("SMTP.Password = %q, want %q", string(a.SMTP.Password), tt.want)
			}
			if got := fmt.Sprintf("%v %+v", a.SMTP.Password, a.SMTP); strings.Contains(got, tt.want) {
				t.Errorf("printing the SMTP section shows the password: %s", got)
			}
			if a.SMTP.TLS != TLSImplicit || a.SMTP.Timeout.D() != DefaultSMTPTimeout {
				t.Errorf("SMTP = %s, %s, want tls, %s", a.SMTP.TLS, a.SMTP.Timeout.D(), DefaultSMTPTimeout)
			}
			d := a.Digests
			if d[0].Schedule != Daily || d[0].At.String() != DefaultDigestAt || d[1].Schedule != Hourly || d[2].At.String() != "17:30" {
				t.Errorf("schedules = %s %s, %s, %s, want daily %s, hourly, 17:30", d[0].Schedule, d[0].At, d[1].Schedule, d[2].At, DefaultDigestAt)
			}
			if !d[0].Wants("r2") || d[1].Wants("r2") || !d[1].Wants("r1") {
				t.Errorf("Wants: a digest of all rules or of r1 answered wrong")
			}
			s := a.Spikes
			if s.Disabled || s.Multiple != DefaultSpikeMultiple || s.MinCount != DefaultSpikeMinCount || s.Baseline.D() != 7*24*time.Hour {
				t.Errorf("Spikes = %+v, want the defaults", s)
			}
			if got, ok := a.DigestByName("evening"); !ok || got.Name != "evening" {
				t.Errorf("DigestByName(evening) = %+v, %v", got, ok)
			}
		})
	}
}

func TestAlertsLoopbackWithoutTLS(t *testing.T) {
	cfg, err := Parse([]byte("alerts:\n  from: a@example.org\n  smtp: {server: '127.0.0.1:2525', tls: none}\n"), "/etc/newshound/config.yaml")
	if err != nil {
		t.Fatalf("Parse(a loopback server without TLS) = %v, want no error", err)
	}
	if cfg.Alerts.SMTP.TLS != TLSNone {
		t.Errorf("TLS = %q, want none", cfg.Alerts.SMTP.TLS)
	}
	if cfg, err := Parse([]byte("feeds: []\n"), "/etc/newshound/config.yaml"); err != nil || len(cfg.Alerts.Digests) != 0 {
		t.Errorf("Parse(no alerts) = %v, want no error and no digest", err)
	}
}
