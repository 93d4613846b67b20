package crawler

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/newshound/newshound/crawler/fetch"
)

func TestOutcome(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{nil, OutcomeOK},
		{fmt.Errorf("feed x: %w", context.Canceled), OutcomeCanceled},
		{fmt.Errorf("feed x: %w", context.DeadlineExceeded), OutcomeTimeout},
		{&fetch.HTTPError{URL: "https://x.test/", StatusCode: 503}, OutcomeHTTPError},
		{fmt.Errorf("article x: %w", fetch.ErrRobots), OutcomeRobots},
		{fmt.Errorf("article x: %w", fetch.ErrRobotsUnavailable), OutcomeRobots},
		{fmt.Errorf("read body: %w", fetch.ErrBodyTooLarge), OutcomeTooLarge},
		{errors.New("dial tcp: no such host"), OutcomeError},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Outcome(tt.err); got != tt.want {
				t.Errorf("Outcome(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
