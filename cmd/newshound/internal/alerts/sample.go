package alerts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newshound/newshound/cmd/newshound/internal/config"
)

// SendSamples mails a sample digest (SampleNotice) to the recipients of
// every digest cfg configures, or only of the digest named only, and
// prints the server's answer for each to w (`newshound alerts test`). It
// returns the joined errors of the digests not sent, after trying all.
func SendSamples(ctx context.Context, cfg *config.Config, only string, w io.Writer) error {
	digests := cfg.Alerts.Digests
	if only != "" {
		d, ok := cfg.Alerts.DigestByName(only)
		if !ok {
			names := make([]string, len(digests))
			for i, d := range digests {
				names[i] = d.Name
			}
			return fmt.Errorf("alerts: %s has no digest named %q (the digests are: %s)", cfg.File, only, strings.Join(names, ", "))
		}
		digests = []config.Digest{d}
	}
	if len(digests) == 0 {
		return fmt.Errorf("alerts: %s configures no digest (add alerts: with smtp:, from: and digests:; see docs/configuration.md)", cfg.File)
	}
	worker := FromConfig(cfg, nil, cfg.Logger)
	var failed error
	for _, d := range digests {
		n := SampleNotice(d)
		if err := worker.Mail(ctx, n, d.To); err != nil {
			fmt.Fprintf(w, "%s: not sent to %s: %v\n", d.Name, strings.Join(d.To, ", "), err)
			failed = errors.Join(failed, err)
			continue
		}
		fmt.Fprintf(w, "%s: %s accepted a sample digest for %s (Message-ID <%s@newshound>)\n", d.Name, cfg.Alerts.SMTP.Server, strings.Join(d.To, ", "), n.ID)
	}
	return failed
}
